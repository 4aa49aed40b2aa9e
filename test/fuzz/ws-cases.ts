import fc from 'fast-check';
import { HOSTILE_SEGMENTS, HOSTILE_STRINGS, FORTY_DIGITS } from './nasty-values.js';

/** One WebSocket fuzz case: where it connects (sent byte for byte) and what it sends once open. */
export interface WsCase {
  readonly route: string;
  readonly path: string;
  readonly messages: readonly (string | Uint8Array)[];
}

/** Ids that exist on the server under test, so that some connections get past the route's lookup. */
export interface WsTargets {
  readonly replayId: string;
  readonly backtestId: string;
}

/** Percent-encodes every byte of the text's UTF-8 (a lone surrogate as U+FFFD): encodeURIComponent throws on one. */
const pct = (s: string): string => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const segment = (valid: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(valid) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(pct) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((s) => s.text) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', '1e3', '9'.repeat(13), FORTY_DIGITS, `${valid}%00`, `${valid}/extra`, `${valid}?x=1`, 'bt-0', 'bt-99999999') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(pct) },
  );

const symbolsQuery = fc.oneof(
  fc.constant(''),
  fc.constant('?symbols=BTCUSDT,ETHUSDT'),
  fc.constant('?symbols='),
  fc.constant('?symbols=,,,'),
  fc.constant(`?symbols=${Array.from({ length: 200 }, (_, i) => `S${i}USDT`).join(',')}`),
  fc.array(fc.constantFrom(...HOSTILE_STRINGS, 'BTCUSDT', 'ethusdt'), { maxLength: 6 }).map((xs) => `?symbols=${xs.map(pct).join(',')}`),
  fc.constantFrom(...HOSTILE_SEGMENTS).map((s) => `?symbols=${s.text}`),
  fc.constant('?symbols=BTCUSDT&symbols=ETHUSDT'),
  fc.constant('?symbols[]=BTCUSDT'),
  fc.constant('?__proto__[x]=1'),
);

const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);

/** What a client may send: JSON of every shape, the op with hostile values, junk text and binary frames. */
const message: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, 'BTCUSDT', null, 1e308, -0, 0.1, true, {}, []), fc.array(fc.constantFrom(...HOSTILE_STRINGS, 'BTCUSDT', 'ETHUSDT', 7, null), { maxLength: 30 }), fc.anything({ maxDepth: 3 })).map((symbols) => JSON.stringify({ op: 'symbols', symbols })) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ op: 'symbols', symbols: Array.from({ length: 200 }, (_, i) => `S${i}USDT`) })) },
  { weight: 1, arbitrary: fc.constantFrom('{"op":"symbols","symbols":["BTCUSDT"],"extra":1}', '{"op":"SYMBOLS","symbols":null}', '{"op":"symbols"}', '{"__proto__":{"op":"symbols"},"symbols":null}', '{"op":"symbols","symbols":null,"constructor":{"prototype":{"x":1}}}') },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '{"op":', 'null', '1e309', '[1,2', '"\\ud800"', '\u0000', deep(300, '[', ']'), deep(300, '{"a":', '}').replace(/}$/, '1}'), `"${'x'.repeat(60_000)}"`) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
);

export function wsCase(t: WsTargets): fc.Arbitrary<WsCase> {
  const messages = fc.array(message, { maxLength: 5 });
  return fc.oneof(
    fc.record({ route: fc.constant('/ws/multi-symbol'), path: symbolsQuery.map((q) => `/ws/multi-symbol${q}`), messages }),
    fc.record({ route: fc.constant('/ws/multi-exchange/{symbol}'), path: segment('BTCUSDT').map((s) => `/ws/multi-exchange/${s}`), messages }),
    fc.record({ route: fc.constant('/ws/replay/{id}'), path: segment(t.replayId).map((s) => `/ws/replay/${s}`), messages }),
    fc.record({ route: fc.constant('/ws/backtests/{id}'), path: segment(t.backtestId).map((s) => `/ws/backtests/${s}`), messages }),
  );
}
