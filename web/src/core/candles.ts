import type { Kline } from './api-types.js';
import { bucketStart, type Interval } from './intervals.js';

export interface Candle {
  /** Open time, epoch ms. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** What one tick did to the series. */
export type CandleChange = 'updated' | 'opened' | 'ignored';

/**
 * Candles of one interval: history from the klines route, then every tick of the stream folded
 * into the forming candle (a tick past its end opens the next one). Ticks older than the forming
 * candle are ignored, so a late or duplicate tick never rewrites history.
 */
export class CandleSeries {
  private list: Candle[] = [];
  /** Candles dropped from the front so far (the series keeps at most `max`). */
  trimmed = 0;

  constructor(
    readonly interval: Interval,
    private readonly max = 5_000,
  ) {}

  load(klines: readonly Kline[]): void {
    this.list = klines.map((k) => ({ time: bucketStart(k.open_time, this.interval), open: k.open, high: k.high, low: k.low, close: k.close, volume: k.volume }));
    this.trim();
  }

  candles(): readonly Candle[] {
    return this.list;
  }

  last(): Candle | null {
    return this.list[this.list.length - 1] ?? null;
  }

  apply(price: number, quantity: number, time: number): CandleChange {
    if (!Number.isFinite(price) || price <= 0) return 'ignored';
    const start = bucketStart(time, this.interval);
    const cur = this.last();
    if (cur && start < cur.time) return 'ignored';
    if (cur && start === cur.time) {
      cur.high = Math.max(cur.high, price);
      cur.low = Math.min(cur.low, price);
      cur.close = price;
      cur.volume = addVolume(cur.volume, quantity);
      return 'updated';
    }
    this.list.push({ time: start, open: price, high: price, low: price, close: price, volume: quantity });
    this.trim();
    return 'opened';
  }

  private trim(): void {
    const extra = this.list.length - this.max;
    if (extra <= 0) return;
    this.list.splice(0, extra);
    this.trimmed += extra;
  }
}

/**
 * Ticks kept while a history is on its way, to be folded in once it comes: at most `max`, the
 * oldest dropped first (a history that never comes must not grow the list without limit).
 */
export class TickBuffer {
  private list: { price: number; time: number }[] = [];

  constructor(private readonly max = 10_000) {}

  push(price: number, time: number): void {
    if (this.list.length >= this.max) this.list.splice(0, this.list.length - this.max + 1);
    this.list.push({ price, time });
  }

  /** The kept ticks, oldest first; the buffer is empty afterwards. */
  take(): { price: number; time: number }[] {
    const l = this.list;
    this.list = [];
    return l;
  }

  get size(): number {
    return this.list.length;
  }
}

/**
 * a + b without the binary drift of summing decimal sizes (0.1 + 0.2): the sum is rounded to 8
 * decimals, the finest size a venue lists, while that stays exact in a double.
 */
export function addVolume(a: number, b: number): number {
  const sum = a + b;
  const scaled = sum * 1e8;
  return Math.abs(scaled) < Number.MAX_SAFE_INTEGER ? Math.round(scaled) / 1e8 : sum;
}
