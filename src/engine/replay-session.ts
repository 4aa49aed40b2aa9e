import { Rejection } from '../domain/rejection.js';
import type { CandleBuilder } from '../sim/market/candle-builder.js';
import type { MarketTick } from '../sim/market/market-types.js';
import type { ReplayCursor } from '../sim/market/replay-cursor.js';
import type { ExecutionEngine } from './execution-engine.js';
import { ReplayPacer } from './replay-pacer.js';
import { requireSpeed, type ReplaySpeed, type ReplayState, type ReplayStatus } from './replay-state.js';

export { REPLAY_SPEEDS, isReplaySpeed, type ReplaySpeed, type ReplayState, type ReplayStatus } from './replay-state.js';

export interface ReplaySessionDeps {
  readonly engine: ExecutionEngine;
  readonly cursor: ReplayCursor;
  /** The exchange id the session's engine trades on. */
  readonly exchange: string;
  /** 1m candles up to the cursor (ReplayCursor.candles()); each replayed tick is added. */
  readonly candles: CandleBuilder;
  /** Writes the cursor where it can be restored from (on pause, step, jump, finish and while playing). */
  readonly saveCursor: (position: number) => void;
  readonly speed?: ReplaySpeed;
  /** Finished before the end of its dataset (`finish()` was called before a restart). */
  readonly finished?: boolean;
  /** Wall clock, injected. Default performance.now. */
  readonly now?: () => number;
  /** Ticks replayed between two looks at the clock at "max" (default 2,048; a turn lasts about 8 ms). */
  readonly maxBatch?: number;
}

export type ReplayEvent = { readonly type: 'state'; readonly state: ReplayState } | { readonly type: 'error'; readonly error: unknown };

const SAVE_EVERY_MS = 1_000;


/**
 * One practice session: a cursor over a dataset, the session's own engine, its candles and a
 * simulated clock that only the replayed ticks move. Paused, nothing moves; playing, ticks are
 * replayed at `speed` × real time (or as fast as possible at "max"), each through engine.onTick,
 * so orders rest, trigger and fill on them exactly as in simulation, during a jump too.
 */
export class ReplaySession {
  private statusValue: ReplayStatus;
  private speedValue: ReplaySpeed;
  private readonly pacer: ReplayPacer;
  private savedAt = 0;
  private last: MarketTick | null = null;
  private readonly listeners = new Set<(e: ReplayEvent) => void>();
  private readonly tickListeners = new Set<(tick: MarketTick) => void>();
  private readonly now: () => number;

  constructor(private readonly deps: ReplaySessionDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.speedValue = deps.speed ?? 1;
    this.statusValue = deps.cursor.done() || deps.finished === true ? 'finished' : 'paused';
    this.savedAt = this.now();
    this.pacer = new ReplayPacer(deps.cursor, this.now, deps.maxBatch);
    const c = deps.cursor;
    if (c.position > 0) this.last = c.dataset.ticks.tickAt(c.position - 1);
  }

  get engine(): ExecutionEngine {
    return this.deps.engine;
  }

  get candles(): CandleBuilder {
    return this.deps.candles;
  }

  get cursor(): ReplayCursor {
    return this.deps.cursor;
  }

  /** The last tick replayed (the market as it stands at the clock). */
  lastTick(): MarketTick | null {
    return this.last;
  }

  state(): ReplayState {
    const c = this.deps.cursor;
    const done = c.barsDone();
    return {
      status: this.statusValue,
      speed: this.speedValue,
      clock: c.clock() ?? c.peekTime() ?? 0,
      cursor: c.position,
      ticks: c.length,
      barsDone: done,
      barsLeft: c.dataset.bars.length - done,
    };
  }

  /** Told of every state change (controls, the end) and of a replay that stopped on an error. */
  subscribe(listener: (e: ReplayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told of every tick replayed, as it is (a stream throttles on its own). */
  onTick(listener: (tick: MarketTick) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  play(speed: unknown = this.speedValue): ReplayState {
    this.requireNotFinished();
    requireSpeed(speed);
    this.speedValue = speed;
    this.pacer.stop();
    this.statusValue = 'playing';
    this.pacer.anchor();
    this.pacer.soon(() => this.pump());
    return this.changed();
  }

  pause(): ReplayState {
    if (this.statusValue === 'playing') {
      this.pacer.stop();
      this.statusValue = 'paused';
      this.save();
    }
    return this.changed();
  }

  setSpeed(speed: unknown): ReplayState {
    requireSpeed(speed);
    this.speedValue = speed;
    if (this.statusValue === 'playing') return this.play(speed);
    return this.changed();
  }

  stepTick(): ReplayState {
    this.requireNotFinished();
    return this.moveTo(this.deps.cursor.position + 1);
  }

  /** Replays up to the close of the bar of `intervalMs` the next tick belongs to, or of the `bars`-th from it. */
  stepBars(intervalMs: number, bars = 1): ReplayState {
    this.requireNotFinished();
    if (!Number.isInteger(bars) || bars < 1) throw new Rejection('INVALID_FIELD', 'bars must be a whole number of at least 1', { field: 'bars' });
    const end = this.deps.cursor.barEnd(intervalMs, bars);
    if (end === null) throw new Rejection('REPLAY_PAST_END', `the dataset ends before ${bars} more bars`, { bars });
    return this.moveTo(end);
  }

  /** Replays every tick up to `time` (inclusive); never backwards. */
  jumpTo(time: number): ReplayState {
    this.requireNotFinished();
    const c = this.deps.cursor;
    const clock = c.clock();
    if (clock !== null && time < clock) {
      throw new Rejection('REPLAY_NO_BACKWARDS', 'a replay never goes back to a time it has shown: start a new session from that time', { to_time: time, clock });
    }
    const lastTime = c.dataset.ticks.timeAt(c.length - 1);
    if (time > lastTime) throw new Rejection('REPLAY_PAST_END', `the dataset ends at ${lastTime}`, { to_time: time, last_time: lastTime });
    return this.moveTo(c.indexAfter(time));
  }

  /**
   * Ends the session where its clock stands: nothing more is replayed, played or stepped, and no
   * order is taken; what is open stays as it is, for the review. Finishing a finished one is a no-op.
   */
  finish(): ReplayState {
    if (this.statusValue === 'finished') return this.state();
    this.pacer.stop();
    this.statusValue = 'finished';
    this.save();
    return this.changed();
  }

  /** Stops the timers (the server is closing); the cursor is saved. */
  close(): void {
    this.pacer.stop();
    if (this.statusValue === 'playing') this.statusValue = 'paused';
    this.save();
  }

  private moveTo(position: number): ReplayState {
    if (this.statusValue === 'playing') this.pacer.stop();
    if (this.statusValue !== 'finished') this.statusValue = 'paused';
    this.replayTo(position);
    this.save();
    return this.changed();
  }

  /** Replays ticks up to index `end` (exclusive): each through the engine, the candles and the listeners. */
  private replayTo(end: number): void {
    const c = this.deps.cursor;
    const { engine, exchange, candles } = this.deps;
    const tickListeners = this.tickListeners.size > 0;
    while (c.position < end) {
      const tick = c.next() as MarketTick;
      this.last = tick;
      engine.onTick(exchange, tick);
      candles.add(tick);
      if (tickListeners) for (const l of this.tickListeners) l(tick);
    }
    if (c.done()) {
      this.pacer.stop();
      this.statusValue = 'finished';
    }
  }

  private pump(): void {
    if (this.statusValue !== 'playing') return;
    const c = this.deps.cursor;
    try {
      this.pacer.advance(this.speedValue, (end) => this.replayTo(end), () => this.statusValue === 'playing');
    } catch (error) {
      this.pacer.stop();
      this.statusValue = 'paused';
      this.emit({ type: 'error', error });
      this.changed();
      return;
    }
    if (this.now() - this.savedAt >= SAVE_EVERY_MS || c.done()) this.save();
    if (c.done()) this.changed();
    else this.pacer.next(this.speedValue, () => this.pump());
  }

  private save(): void {
    this.savedAt = this.now();
    this.deps.saveCursor(this.deps.cursor.position);
  }

  private requireNotFinished(): void {
    if (this.statusValue === 'finished') throw new Rejection('REPLAY_FINISHED', 'the session has replayed its whole dataset: nothing is left to play or step');
  }

  private changed(): ReplayState {
    const state = this.state();
    this.emit({ type: 'state', state });
    return state;
  }

  private emit(e: ReplayEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
