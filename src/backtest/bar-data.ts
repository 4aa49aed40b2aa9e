import type { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import { barsOf, readCsv, type CsvData } from '../sim/market/csv-bars.js';
import { grid, onGrid } from '../sim/market/csv-replay-source.js';
import type { Kline } from '../sim/market/market-types.js';
import { instrumentForReplay } from '../sim/market/sim-instruments.js';
import { streamKlines } from './kline-stream.js';

/**
 * A dataset's bars as columns of whole ticks and lots (exact integers in doubles), on the grid the
 * replay puts the same file on (instrumentForReplay): the runner reads them without building an
 * object per bar, and a range of it is a view, not a copy.
 */
export interface BarData {
  readonly instrument: Instrument;
  readonly intervalMs: number;
  readonly length: number;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** The file's own trades (a trades file), tick by tick, for onTick and the fills between bars. */
  readonly trades?: TradeData;
}

export interface TradeData {
  readonly time: Float64Array;
  readonly price: Float64Array;
  readonly quantity: Float64Array;
  /** 0 = the taker bought, 1 = sold. */
  readonly side: Uint8Array;
}

/**
 * Reads a market-data CSV (any layout the replay reads); a trades file gets 1m bars and keeps its
 * trades. A kline file is streamed into the columns (kline-stream.ts); anything that fast path does
 * not read goes through the replay's parser.
 */
export function loadBarData(file: string): BarData {
  return streamKlines(file, BACKTEST_EXCHANGE) ?? barDataOf(readCsv(file), file);
}

export function barDataOf(raw: CsvData, file = 'CSV'): BarData {
  const symbol = raw.symbol?.toUpperCase();
  if (!symbol) throw new RangeError(`cannot tell the symbol of ${file}`);
  const instrument = { ...instrumentForReplay(symbol, grid(raw.priceScale), grid(raw.qtyScale)), exchange: BACKTEST_EXCHANGE };
  const tick = instrument.tickSize.normalize();
  const lot = instrument.stepSize.normalize();
  const data = onGrid(raw, tick, lot);
  const bars = barsOf(data);
  if (bars.length === 0) throw new RangeError(`${file} holds no rows`);
  const out = columns(bars, tick, lot);
  const intervalMs = data.kind === 'klines' ? data.intervalMs : 60_000;
  if (data.kind === 'klines') return { instrument, intervalMs, ...out };
  const n = data.trades.length;
  const trades: TradeData = { time: new Float64Array(n), price: new Float64Array(n), quantity: new Float64Array(n), side: new Uint8Array(n) };
  data.trades.forEach((t, i) => {
    trades.time[i] = t.time;
    trades.price[i] = Number(t.price.toUnits(tick));
    trades.quantity[i] = Number(t.quantity.toUnits(lot));
    trades.side[i] = t.aggressor === 'BUY' ? 0 : 1;
  });
  return { instrument, intervalMs, ...out, trades };
}

/** The exchange id a backtest's instrument and engine trade on. */
export const BACKTEST_EXCHANGE = 'backtest';

function columns(bars: readonly Kline[], tick: Decimal, lot: Decimal) {
  const n = bars.length;
  const c = { length: n, openTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  bars.forEach((b, i) => {
    c.openTime[i] = b.openTime;
    c.open[i] = Number(b.open.toUnits(tick));
    c.high[i] = Number(b.high.toUnits(tick));
    c.low[i] = Number(b.low.toUnits(tick));
    c.close[i] = Number(b.close.toUnits(tick));
    c.volume[i] = Number(b.volume.toUnits(lot));
  });
  return c;
}

/** First index whose time is >= t. */
function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bars opening in [from, to] (either end optional), as views of the same columns. */
export function sliceBars(d: BarData, from?: number, to?: number): BarData {
  const a = from === undefined ? 0 : lowerBound(d.openTime, from);
  const b = to === undefined ? d.length : lowerBound(d.openTime, to + 1);
  if (a === 0 && b === d.length) return d;
  const v = (x: Float64Array) => x.subarray(a, b);
  let trades = d.trades;
  if (trades) {
    const t0 = d.openTime[a] ?? Infinity;
    const t1 = b < d.length ? d.openTime[b]! : Infinity;
    const i = lowerBound(trades.time, t0);
    const j = lowerBound(trades.time, t1);
    trades = { time: trades.time.subarray(i, j), price: trades.price.subarray(i, j), quantity: trades.quantity.subarray(i, j), side: trades.side.subarray(i, j) };
  }
  return { ...d, length: Math.max(0, b - a), openTime: v(d.openTime), open: v(d.open), high: v(d.high), low: v(d.low), close: v(d.close), volume: v(d.volume), trades };
}
