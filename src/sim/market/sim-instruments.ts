import { Decimal } from '../../domain/decimal.js';
import { instrument, type Instrument } from '../../domain/instrument.js';

/** Exchange id of the embedded simulated exchange. */
export const SIM_EXCHANGE = 'sim';

interface SimSpec {
  readonly tickSize: string;
  readonly stepSize: string;
  readonly maxQty: string;
  /** Default start price of the generator. */
  readonly startPrice: string;
  /** Typical volatility of one minute (a fraction: 0.0008 = 0.08 %), used by the generator. */
  readonly minuteVol: number;
}

/**
 * Binance USD-M perpetual rules (tick, lot step, max quantity), with a minimum notional of 5 USDT so
 * small practice orders are accepted; maker 0.02 %, taker 0.04 %.
 */
const SPECS: Readonly<Record<string, SimSpec>> = {
  BTCUSDT: { tickSize: '0.1', stepSize: '0.001', maxQty: '1000', startPrice: '64000', minuteVol: 0.001 },
  ETHUSDT: { tickSize: '0.01', stepSize: '0.001', maxQty: '10000', startPrice: '3200', minuteVol: 0.0012 },
  AVAXUSDT: { tickSize: '0.001', stepSize: '1', maxQty: '1000000', startPrice: '20', minuteVol: 0.0016 },
};

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'USD', 'BTC', 'ETH', 'EUR'];
const DEFAULT_SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

/** 'BTCUSDT' → { base: 'BTC', quote: 'USDT' }; null when no known quote asset ends the symbol. */
export function splitSymbol(symbol: string): { base: string; quote: string } | null {
  const s = symbol.toUpperCase();
  for (const q of QUOTES) {
    if (s.length > q.length && s.endsWith(q)) return { base: s.slice(0, -q.length), quote: q };
  }
  return null;
}

function build(symbol: string, tickSize: string, stepSize: string, maxQty: string): Instrument {
  const parts = splitSymbol(symbol) ?? { base: symbol, quote: 'USDT' };
  return instrument({
    exchange: SIM_EXCHANGE,
    symbol,
    base: parts.base,
    quote: parts.quote,
    marketType: 'linear',
    tickSize,
    stepSize,
    minQty: stepSize,
    maxQty,
    minNotional: '5',
    makerFee: '0.0002',
    takerFee: '0.0004',
    quoteScale: 8,
  });
}

/** The generator's settings for a symbol it can simulate, or undefined. */
export function simSpec(symbol: string): SimSpec | undefined {
  return SPECS[symbol];
}

/** The sim instrument of a known symbol (BTCUSDT, ETHUSDT, AVAXUSDT); throws for another. */
export function simInstrument(symbol: string): Instrument {
  const spec = SPECS[symbol];
  if (!spec) throw new RangeError(`no sim instrument ${symbol}`);
  return build(symbol, spec.tickSize, spec.stepSize, spec.maxQty);
}

/** The instruments the generator trades by default: BTCUSDT and ETHUSDT. */
export function defaultSimInstruments(): Instrument[] {
  return DEFAULT_SYMBOLS.map(simInstrument);
}

/** A sim instrument for replaying a symbol's history on the grid of that history (tick and lot step). */
export function instrumentForReplay(symbol: string, tickSize: string | Decimal, stepSize: string | Decimal): Instrument {
  const tick = typeof tickSize === 'string' ? tickSize : tickSize.toString();
  const step = typeof stepSize === 'string' ? stepSize : stepSize.toString();
  const maxQty = SPECS[symbol]?.maxQty ?? '1000000000';
  const lot = Decimal.parse(step);
  // Keep maxQty on the lot grid.
  const max = Decimal.parse(maxQty).isMultipleOf(lot) ? maxQty : lot.mul(Decimal.fromInt(1_000_000)).toString();
  return build(symbol, tick, step, max);
}
