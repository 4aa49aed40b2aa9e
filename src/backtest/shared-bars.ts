import { instrumentForReplay } from '../sim/market/sim-instruments.js';
import { BACKTEST_EXCHANGE, type BarData } from './bar-data.js';

/**
 * A dataset's bars in shared memory, for worker threads: the columns are SharedArrayBuffers (posted
 * to a worker without a copy) and the instrument is its symbol and grid (rebuilt on the other side,
 * as bar-data.ts built it), so the workers of a grid neither read nor parse the file again.
 */
export interface SharedBars {
  readonly symbol: string;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly intervalMs: number;
  readonly length: number;
  readonly columns: Record<'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume', Float64Array>;
  readonly trades?: { readonly time: Float64Array; readonly price: Float64Array; readonly quantity: Float64Array; readonly side: Uint8Array };
}

function shared<T extends Float64Array | Uint8Array>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

export function shareBars(d: BarData): SharedBars {
  const { openTime, open, high, low, close, volume } = d;
  return {
    symbol: d.instrument.symbol,
    tickSize: d.instrument.tickSize.toString(),
    stepSize: d.instrument.stepSize.toString(),
    intervalMs: d.intervalMs,
    length: d.length,
    columns: { openTime: shared(openTime), open: shared(open), high: shared(high), low: shared(low), close: shared(close), volume: shared(volume) },
    trades: d.trades && { time: shared(d.trades.time), price: shared(d.trades.price), quantity: shared(d.trades.quantity), side: shared(d.trades.side) },
  };
}

export function unshareBars(s: SharedBars): BarData {
  const instrument = { ...instrumentForReplay(s.symbol, s.tickSize, s.stepSize), exchange: BACKTEST_EXCHANGE };
  return { instrument, intervalMs: s.intervalMs, length: s.length, ...s.columns, ...(s.trades ? { trades: s.trades } : {}) };
}
