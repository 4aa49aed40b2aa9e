/**
 * Indicators over a window of bars, on whole ticks: sums of integers are exact (far below 2^53 for
 * any real price and period), so two averages compare exactly, never as floats.
 */

/** Simple moving average of closes. `sum` is exact (ticks); `value` is for display only. */
export class Sma {
  private readonly ring: Float64Array;
  private n = 0;
  private head = 0;
  sum = 0;

  constructor(
    readonly period: number,
    private readonly tickSize: number,
  ) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`an SMA period must be a whole number of at least 1, got ${period}`);
    this.ring = new Float64Array(period);
  }

  /** True once `period` closes have been seen. */
  get ready(): boolean {
    return this.n >= this.period;
  }

  /** The average in the quote asset (a float, for display and logs). */
  get value(): number | null {
    return this.ready ? (this.sum / this.period) * this.tickSize : null;
  }

  push(ticks: number): void {
    if (this.n >= this.period) this.sum -= this.ring[this.head]!;
    else this.n++;
    this.ring[this.head] = ticks;
    this.sum += ticks;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
  }
}

/** Exact order of two averages: -1 when a < b, 0 equal, 1 above (sums cross-multiplied in integers). */
export function compareSma(a: Sma, b: Sma): -1 | 0 | 1 {
  const l = a.sum * b.period;
  const r = b.sum * a.period;
  if (!Number.isSafeInteger(l) || !Number.isSafeInteger(r)) {
    const L = BigInt(a.sum) * BigInt(b.period);
    const R = BigInt(b.sum) * BigInt(a.period);
    return L === R ? 0 : L < R ? -1 : 1;
  }
  return l === r ? 0 : l < r ? -1 : 1;
}

/** Highest (or lowest) of the last `period` values, in ticks: a monotonic deque, O(1) amortized. */
export class Extreme {
  private readonly values: Float64Array;
  private readonly indexes: Float64Array;
  private front = 0;
  private back = 0;
  private count = 0;

  constructor(
    readonly period: number,
    private readonly highest: boolean,
    private readonly tickSize: number,
  ) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`a window must be a whole number of at least 1, got ${period}`);
    this.values = new Float64Array(period + 1);
    this.indexes = new Float64Array(period + 1);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  /** The extreme in whole ticks (null before the first value). */
  get ticks(): number | null {
    return this.front === this.back ? null : this.values[this.front % this.values.length]!;
  }

  get value(): number | null {
    const t = this.ticks;
    return t === null ? null : t * this.tickSize;
  }

  push(ticks: number): void {
    const cap = this.values.length;
    const i = this.count++;
    while (this.back > this.front) {
      const last = this.values[(this.back - 1) % cap]!;
      if (this.highest ? last > ticks : last < ticks) break;
      this.back--;
    }
    this.values[this.back % cap] = ticks;
    this.indexes[this.back % cap] = i;
    this.back++;
    while (this.indexes[this.front % cap]! <= i - this.period) this.front++;
  }
}
