import { Decimal } from '../../domain/decimal.js';
import type { Kline, MarketTick } from './market-types.js';

const MINUTE = 60_000;

/** The kline intervals served, as Binance spells them. */
export const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

const INTERVAL_MS: Readonly<Record<Interval, number>> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
};

/** Length of a Binance interval string in ms, or null when it is not one of INTERVALS (`__proto__` and `toString` are not). */
export function intervalMs(interval: string): number | null {
  return Object.hasOwn(INTERVAL_MS, interval) ? INTERVAL_MS[interval as Interval] : null;
}

interface Bar {
  openTime: number;
  closeTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
}

/**
 * 1-minute klines of one symbol built from its ticks (OHLC from `last`, volume = Σ tradeQuantity),
 * a bounded history of them, and resampling into longer Binance intervals.
 * Minutes without any tick get no bar. A tick older than the current bar is ignored.
 */
export class CandleBuilder {
  /** Oldest first; the last one is the bar in progress. */
  private readonly minutes: Bar[] = [];

  constructor(private readonly maxBars = 10_000) {
    if (!Number.isInteger(maxBars) || maxBars < 1) throw new RangeError(`bad maxBars ${maxBars}`);
  }

  add(tick: MarketTick): void {
    this.addTrade(tick.time, tick.last, tick.tradeQuantity);
  }

  addTrade(time: number, price: Decimal, quantity: Decimal): void {
    const openTime = Math.floor(time / MINUTE) * MINUTE;
    const bar = this.minutes[this.minutes.length - 1];
    if (bar !== undefined && bar.openTime === openTime) {
      if (price.gt(bar.high)) bar.high = price;
      if (price.lt(bar.low)) bar.low = price;
      bar.close = price;
      bar.volume = bar.volume.add(quantity);
      return;
    }
    if (bar !== undefined && openTime < bar.openTime) return;
    this.push({ openTime, closeTime: openTime + MINUTE - 1, open: price, high: price, low: price, close: price, volume: quantity });
  }

  /** Appends a whole 1m bar (e.g. history loaded from elsewhere); ignored unless newer than the last bar. */
  addBar(k: Kline): void {
    const openTime = Math.floor(k.openTime / MINUTE) * MINUTE;
    const last = this.minutes[this.minutes.length - 1];
    if (last !== undefined && openTime <= last.openTime) return;
    this.push({ ...k, openTime, closeTime: openTime + MINUTE - 1 });
  }

  /**
   * Puts a 1m bar from an authoritative source (an exchange's REST history) in its place: a missing
   * minute is inserted, an existing one replaced. This is how a gap left by a dropped stream heals.
   */
  upsertBar(k: Kline): void {
    const openTime = Math.floor(k.openTime / MINUTE) * MINUTE;
    const bar: Bar = { ...k, openTime, closeTime: openTime + MINUTE - 1 };
    const i = lowerBound(this.minutes, openTime);
    if (this.minutes[i]?.openTime === openTime) this.minutes[i] = bar;
    else if (i === this.minutes.length) this.push(bar);
    else if (i > 0 || this.minutes.length < this.maxBars) {
      this.minutes.splice(i, 0, bar);
      if (this.minutes.length > this.maxBars) this.minutes.shift();
    }
  }

  /** Open times of the 1m bars held, oldest first (for gap checks). */
  openTimes(): number[] {
    return this.minutes.map((b) => b.openTime);
  }

  /** Number of 1m bars held (including the one in progress). */
  size(): number {
    return this.minutes.length;
  }

  /** The bar in progress (a copy), or null before the first tick. */
  current(): Kline | null {
    const bar = this.minutes[this.minutes.length - 1];
    return bar === undefined ? null : { ...bar };
  }

  /**
   * Klines of `interval`, oldest first, the bar in progress included. Like Binance: a bar is in the
   * range when its open time is in [startTime, endTime]; with startTime the first `limit` bars from
   * there, otherwise the last `limit` bars up to endTime. Throws on an unknown interval.
   */
  klines(interval: string, limit = 500, startTime?: number, endTime?: number): Kline[] {
    const ms = intervalMs(interval);
    if (ms === null) throw new RangeError(`unknown interval ${interval}`);
    if (limit <= 0) return [];
    const bars = this.minutes;
    const end = endTime ?? Number.POSITIVE_INFINITY;
    // 1m bars that belong to groups opening in [startTime, endTime].
    const fromOpen = startTime === undefined ? Number.NEGATIVE_INFINITY : Math.ceil(startTime / ms) * ms;
    const toOpen = end === Number.POSITIVE_INFINITY ? end : Math.floor(end / ms) * ms + ms; // exclusive
    const lo = lowerBound(bars, fromOpen);
    const hi = lowerBound(bars, toOpen);
    const out: Kline[] = [];
    if (startTime !== undefined) {
      let i = lo;
      while (i < hi && out.length < limit) i = this.group(i, hi, ms, out, 1);
    } else {
      let i = hi - 1;
      while (i >= lo && out.length < limit) i = this.group(i, lo - 1, ms, out, -1);
      out.reverse();
    }
    return out;
  }

  /** Aggregates the group holding bars[i], walking in `dir` up to `stop` (exclusive); returns the next index. */
  private group(i: number, stop: number, ms: number, out: Kline[], dir: 1 | -1): number {
    const first = this.minutes[i] as Bar;
    const openTime = Math.floor(first.openTime / ms) * ms;
    let j = i;
    let open = first.open;
    let close = first.close;
    let high = first.high;
    let low = first.low;
    let volume = first.volume;
    for (j = i + dir; j !== stop; j += dir) {
      const b = this.minutes[j] as Bar;
      if (Math.floor(b.openTime / ms) * ms !== openTime) break;
      if (dir === 1) close = b.close;
      else open = b.open;
      if (b.high.gt(high)) high = b.high;
      if (b.low.lt(low)) low = b.low;
      volume = volume.add(b.volume);
    }
    out.push({ openTime, closeTime: openTime + ms - 1, open, high, low, close, volume });
    return j;
  }

  private push(bar: Bar): void {
    this.minutes.push(bar);
    if (this.minutes.length > this.maxBars) this.minutes.splice(0, this.minutes.length - this.maxBars);
  }
}

/** First index whose openTime >= t. */
function lowerBound(bars: readonly Bar[], t: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid] as Bar).openTime < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
