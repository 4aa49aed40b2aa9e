import type { PositionKey } from '../domain/position.js';

/**
 * The engine's map keys (`mode|exchange|symbol`, `exchange|symbol`, `mode|exchange`), each with the
 * last one built kept: the engine asks for the same few several times an order, and a key built
 * again is a new string to allocate and hash. The answer is always the same text.
 */
function memo3(): (a: string, b: string, c: string) => string {
  let la = '';
  let lb = '';
  let lc = '';
  let key = '||';
  return (a, b, c) => {
    if (a !== la || b !== lb || c !== lc) {
      key = `${a}|${b}|${c}`;
      la = a;
      lb = b;
      lc = c;
    }
    return key;
  };
}

function memo2(): (a: string, b: string) => string {
  let la = '';
  let lb = '';
  let key = '|';
  return (a, b) => {
    if (a !== la || b !== lb) {
      key = `${a}|${b}`;
      la = a;
      lb = b;
    }
    return key;
  };
}

const position3 = memo3();
export const positionKey = (k: PositionKey): string => position3(k.mode, k.exchange, k.symbol);
/** exchange|symbol: the marks and the last ticks. */
export const markKey = memo2();
/** mode|exchange: the venues. */
export const venueKey = memo2();
