import type { ReplayCursor } from '../sim/market/replay-cursor.js';

/** Wall time one event-loop turn of "max" replays for. */
const MAX_TURN_MS = 8;

/**
 * The pace of a playing replay: at a speed, the ticks due at speed × the wall time since the clock
 * was anchored; at "max", batches of ticks for about 8 ms a turn of the event loop, so the server
 * keeps answering meanwhile. It only decides how far; the session replays.
 */
export class ReplayPacer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private anchorSim = 0;
  private anchorWall = 0;

  constructor(
    private readonly cursor: ReplayCursor,
    private readonly now: () => number,
    /** Ticks between two looks at the wall clock at "max", and at most a turn at a speed. */
    private readonly batch: number = 2_048,
  ) {}

  /** Simulated time starts again from the cursor's clock, now. */
  anchor(): void {
    const c = this.cursor;
    this.anchorSim = c.clock() ?? c.peekTime() ?? 0;
    this.anchorWall = this.now();
  }

  /** Replays (through `replayTo`) what is due now; `playing` says whether to carry on within the turn. */
  advance(speed: number | 'max', replayTo: (end: number) => void, playing: () => boolean): void {
    const c = this.cursor;
    if (speed === 'max') {
      const until = this.now() + MAX_TURN_MS;
      do replayTo(Math.min(c.length, c.position + this.batch));
      while (!c.done() && playing() && this.now() < until);
      return;
    }
    const due = c.indexAfter(Math.floor(this.due(speed)));
    const end = Math.min(due, c.position + this.batch * 10);
    replayTo(end);
    if (end < due) this.anchor(); // behind: keep the pace from here
  }

  /** Calls `pump` when the next tick is due (at once at "max"; at least every 100 ms). */
  next(speed: number | 'max', pump: () => void): void {
    if (speed === 'max') return this.soon(pump);
    const due = this.due(speed);
    const wait = ((this.cursor.peekTime() ?? due) - due) / speed;
    this.timer = setTimeout(pump, Math.min(100, Math.max(1, wait)));
  }

  soon(pump: () => void): void {
    this.immediate = setImmediate(pump);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private due(speed: number): number {
    return this.anchorSim + (this.now() - this.anchorWall) * speed;
  }
}
