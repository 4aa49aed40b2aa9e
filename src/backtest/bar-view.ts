import type { BarData } from './bar-data.js';
import type { Bar } from './strategy.js';

/** What every bar of a run shares: the columns, the grid and the span one pass of the data covers. */
export interface BarColumns {
  readonly data: BarData;
  readonly tickSize: number;
  readonly lotSize: number;
  /** The time one pass of the data covers (a repeated run shifts each pass by it). */
  readonly span: number;
}

/**
 * One bar of a run as the strategy's `onBar` gets it: a view of row `i` of the columns in pass `pass`
 * (the columns never change, so a bar a strategy keeps reads the same values later). Three fields
 * instead of twelve figures, two of them boxed doubles: an idle bar allocates next to nothing. The
 * figures are read on demand; JSON.stringify gives them all (toJSON).
 */
export class BarView implements Bar {
  readonly #c: BarColumns;
  readonly #i: number;
  readonly #pass: number;

  constructor(c: BarColumns, i: number, pass: number) {
    this.#c = c;
    this.#i = i;
    this.#pass = pass;
  }

  get index(): number {
    return this.#pass * this.#c.data.length + this.#i;
  }
  get openTime(): number {
    return this.#c.data.openTime[this.#i]! + this.#pass * this.#c.span;
  }
  get closeTime(): number {
    return this.openTime + this.#c.data.intervalMs - 1;
  }
  get open(): number {
    return this.#c.data.open[this.#i]! * this.#c.tickSize;
  }
  get high(): number {
    return this.#c.data.high[this.#i]! * this.#c.tickSize;
  }
  get low(): number {
    return this.#c.data.low[this.#i]! * this.#c.tickSize;
  }
  get close(): number {
    return this.#c.data.close[this.#i]! * this.#c.tickSize;
  }
  get volume(): number {
    return this.#c.data.volume[this.#i]! * this.#c.lotSize;
  }
  get openTicks(): number {
    return this.#c.data.open[this.#i]!;
  }
  get highTicks(): number {
    return this.#c.data.high[this.#i]!;
  }
  get lowTicks(): number {
    return this.#c.data.low[this.#i]!;
  }
  get closeTicks(): number {
    return this.#c.data.close[this.#i]!;
  }

  toJSON(): Bar {
    const { index, openTime, closeTime, open, high, low, close, volume, openTicks, highTicks, lowTicks, closeTicks } = this;
    return { index, openTime, closeTime, open, high, low, close, volume, openTicks, highTicks, lowTicks, closeTicks };
  }
}
