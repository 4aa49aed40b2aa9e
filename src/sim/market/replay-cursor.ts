import type { MarketTick } from './market-types.js';
import { CandleBuilder } from './candle-builder.js';
import { indexAtOrAfter } from './indexed-ticks.js';
import { Prng } from './prng.js';
import type { ReplayDataset } from './replay-dataset.js';

const MINUTE = 60_000;

/**
 * Where a replay stands in a dataset: `position` ticks have been replayed (0 … length). Every move
 * is forward; seeking is a binary search over the ticks' times, never a walk.
 */
export class ReplayCursor {
  private pos: number;

  constructor(
    readonly dataset: ReplayDataset,
    position = 0,
  ) {
    if (!Number.isInteger(position) || position < 0 || position > dataset.ticks.length) throw new RangeError(`bad cursor position ${position}`);
    this.pos = position;
  }

  get position(): number {
    return this.pos;
  }

  get length(): number {
    return this.dataset.ticks.length;
  }

  done(): boolean {
    return this.pos >= this.dataset.ticks.length;
  }

  /** Time of the last tick replayed (the replay's clock), or null before the first. */
  clock(): number | null {
    return this.pos === 0 ? null : this.dataset.ticks.timeAt(this.pos - 1);
  }

  /** Time of the next tick, or null at the end. */
  peekTime(): number | null {
    return this.done() ? null : this.dataset.ticks.timeAt(this.pos);
  }

  /** The next tick (the cursor moves past it), or null at the end. */
  next(): MarketTick | null {
    return this.done() ? null : this.dataset.ticks.tickAt(this.pos++);
  }

  /** Index of the first tick at or after `time`. */
  indexAt(time: number): number {
    return indexAtOrAfter(this.dataset.ticks, time);
  }

  /** Index just past the last tick at or before `time` (a jump to `time` replays up to there). */
  indexAfter(time: number): number {
    return indexAtOrAfter(this.dataset.ticks, time + 1);
  }

  /**
   * Index just past the close of the `bars`-th bar of `intervalMs` counted from the bar the next tick
   * belongs to (bars without a tick are skipped, as the file skips them); null when fewer are left.
   */
  barEnd(intervalMs: number, bars = 1): number | null {
    let i = this.pos;
    for (let n = 0; n < bars; n++) {
      if (i >= this.length) return null;
      const t = this.dataset.ticks.timeAt(i);
      i = indexAtOrAfter(this.dataset.ticks, (Math.floor(t / intervalMs) + 1) * intervalMs);
    }
    return i;
  }

  /** 1m bars of the file that have begun by the clock (the one forming counts). */
  barsDone(): number {
    const clock = this.clock();
    if (clock === null) return 0;
    const bars = this.dataset.bars;
    let lo = 0;
    let hi = bars.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((bars[mid] as { openTime: number }).openTime <= clock) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves to `position` without replaying (the caller replays what it skipped, or nothing needs it). */
  moveTo(position: number): void {
    if (position < this.pos || position > this.length) throw new RangeError(`cannot move from ${this.pos} to ${position}`);
    this.pos = position;
  }

  /**
   * The 1m candles as they stood at the cursor: whole minutes from the file's bars, the minute in
   * progress from its replayed ticks (so a higher interval's forming bar is as it stood at the clock).
   */
  candles(): CandleBuilder {
    const bars = this.dataset.bars;
    const cb = new CandleBuilder(Math.max(1, bars.length + 1));
    const clock = this.clock();
    if (clock === null) return cb;
    const minute = Math.floor(clock / MINUTE) * MINUTE;
    for (const b of bars) {
      if (b.openTime >= minute) break;
      cb.addBar(b);
    }
    for (let i = this.indexAt(minute); i < this.pos; i++) cb.add(this.dataset.ticks.tickAt(i));
    return cb;
  }
}

/**
 * A start time chosen by `seed` with at least `historyBars` 1m bars of the file before it and at
 * least one after: the open time of a bar of the file. Throws when the file is too short.
 */
export function randomStart(dataset: ReplayDataset, seed: number, historyBars: number): number {
  const bars = dataset.bars;
  const choices = bars.length - 1 - historyBars;
  if (choices < 1) throw new RangeError(`the dataset has ${bars.length} bars: too few for ${historyBars} bars of history`);
  return (bars[historyBars + new Prng(seed).int(choices)] as { openTime: number }).openTime;
}
