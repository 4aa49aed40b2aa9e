import type { Instrument } from '../../domain/instrument.js';
import type { Kline, MarketSource, MarketTick } from './market-types.js';
import { CandleBuilder } from './candle-builder.js';

export interface MarketFeedOptions {
  /** Simulated ms per wall ms: 1 = real time (the generator is then live). Default 1. */
  readonly speed?: number;
  /** Wall clock (epoch ms); inject a fake one in tests. Default Date.now. */
  readonly now?: () => number;
  /** Minutes of history warmUp() builds by default. Default 300. */
  readonly historyBars?: number;
  /** 1m bars kept per symbol. Default 10,000. */
  readonly maxBars?: number;
  /** Wall ms between two pumps of the timer. Default 50. */
  readonly pumpEveryMs?: number;
  /** At most this many ticks per pump, so a huge speed cannot block the event loop. Default 20,000. */
  readonly maxTicksPerPump?: number;
  /** Told about a listener that threw (the feed carries on). */
  readonly onError?: (error: unknown, tick: MarketTick) => void;
}

export type TickListener = (tick: MarketTick) => void;

/** A source that can fast-forward with coarser ticks (the generator). */
interface Coarsenable {
  tickIntervalMs(): number;
  setTickInterval(ms: number): void;
}

const isCoarsenable = (s: unknown): s is Coarsenable =>
  typeof (s as Partial<Coarsenable>).setTickInterval === 'function' && typeof (s as Partial<Coarsenable>).tickIntervalMs === 'function';

/** Simulated time between generator ticks while warmUp() fast-forwards (see warmUp). */
export const WARM_UP_TICK_MS = 2_000;

/**
 * Paces a MarketSource against the wall clock: simulated time advances `speed` × wall time and
 * every tick that is due is emitted to the listeners, fed into per-symbol 1m candles and kept as
 * the symbol's last tick.
 */
export class MarketFeed {
  private readonly listeners = new Set<TickListener>();
  private readonly last = new Map<string, MarketTick>();
  private readonly candles = new Map<string, CandleBuilder>();
  private readonly now: () => number;
  private readonly opts: MarketFeedOptions;
  private speedValue: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Simulated time at wall time `wallAnchor`; null until the clock starts. */
  private simAnchor: number | null = null;
  private wallAnchor = 0;
  private paused = false;

  constructor(
    readonly source: MarketSource,
    options: MarketFeedOptions = {},
  ) {
    this.opts = options;
    this.now = options.now ?? Date.now;
    this.speedValue = checkSpeed(options.speed ?? 1);
    for (const i of source.instruments()) this.candles.set(i.symbol, new CandleBuilder(options.maxBars ?? 10_000));
  }

  instruments(): readonly Instrument[] {
    return this.source.instruments();
  }

  /**
   * Builds history without emitting it, then anchors the clock at its end. Generator: every tick
   * before now() (construct it with startTime = now − bars minutes), fast-forwarded at
   * WARM_UP_TICK_MS per tick, then back to its own interval. Replay: the first `bars` minutes.
   * Returns the number of ticks consumed.
   */
  warmUp(bars: number = this.opts.historyBars ?? 300): number {
    const first = this.source.peekTime();
    if (first === null) return 0;
    const wall = this.now();
    const live = this.source.kind === 'generator';
    const until = live ? wall : first + bars * 60_000;
    const coarse = this.source.kind === 'generator' && isCoarsenable(this.source) ? this.source : null;
    const fine = coarse?.tickIntervalMs() ?? 0;
    if (coarse && fine < WARM_UP_TICK_MS) coarse.setTickInterval(WARM_UP_TICK_MS);
    let n = 0;
    try {
      for (let t = this.source.peekTime(); t !== null && t < until; t = this.source.peekTime()) {
        const tick = this.source.next();
        if (tick === null) break;
        this.record(tick);
        n++;
      }
    } finally {
      if (coarse && fine !== coarse.tickIntervalMs()) coarse.setTickInterval(fine);
    }
    // The generator's clock is the wall clock (time spent warming up included); a replay resumes where it stopped.
    this.anchor(until, live ? wall : this.now());
    return n;
  }

  start(): void {
    if (this.timer !== null) return;
    if (this.simAnchor === null) this.anchor(this.source.peekTime() ?? this.now());
    this.timer = setInterval(() => this.pump(), this.opts.pumpEveryMs ?? 50);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  isRunning(): boolean {
    return this.timer !== null;
  }

  /** Freezes simulated time (the timer keeps running but emits nothing). */
  pause(): void {
    if (this.paused) return;
    const t = this.simTime();
    this.paused = true;
    if (t !== null) this.anchor(t);
  }

  resume(): void {
    if (!this.paused) return;
    const t = this.simTime();
    this.paused = false;
    if (t !== null) this.anchor(t);
  }

  isPaused(): boolean {
    return this.paused;
  }

  speed(): number {
    return this.speedValue;
  }

  setSpeed(speed: number): void {
    const t = this.simTime();
    this.speedValue = checkSpeed(speed);
    if (t !== null) this.anchor(t);
  }

  /** Current simulated time, or null before the clock starts (start() or warmUp()). */
  simTime(): number | null {
    if (this.simAnchor === null) return null;
    if (this.paused) return this.simAnchor;
    return this.simAnchor + (this.now() - this.wallAnchor) * this.speedValue;
  }

  /** True once a replay has no more ticks. */
  ended(): boolean {
    return this.source.peekTime() === null;
  }

  /** Emits every tick due at the current simulated time (the timer calls this). Returns how many. */
  pump(): number {
    const now = this.simTime();
    if (now === null) return 0;
    const max = this.opts.maxTicksPerPump ?? 20_000;
    let n = 0;
    for (let t = this.source.peekTime(); t !== null && t <= now && n < max; t = this.source.peekTime()) {
      const tick = this.source.next();
      if (tick === null) break;
      this.record(tick);
      this.emit(tick);
      n++;
    }
    return n;
  }

  onTick(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  lastTick(symbol: string): MarketTick | undefined {
    return this.last.get(symbol);
  }

  /** Klines of a symbol (see CandleBuilder.klines); [] for an unknown symbol; throws on an unknown interval. */
  klines(symbol: string, interval: string, limit?: number, startTime?: number, endTime?: number): Kline[] {
    const cb = this.candles.get(symbol);
    if (!cb) return [];
    return cb.klines(interval, limit, startTime, endTime);
  }

  private anchor(simTime: number, wall: number = this.now()): void {
    this.simAnchor = simTime;
    this.wallAnchor = wall;
  }

  private record(tick: MarketTick): void {
    this.last.set(tick.symbol, tick);
    let cb = this.candles.get(tick.symbol);
    if (!cb) {
      cb = new CandleBuilder(this.opts.maxBars ?? 10_000);
      this.candles.set(tick.symbol, cb);
    }
    cb.add(tick);
  }

  private emit(tick: MarketTick): void {
    for (const l of this.listeners) {
      try {
        l(tick);
      } catch (error) {
        try {
          this.opts.onError?.(error, tick);
        } catch {
          // An error reporter that throws must not stop the feed either.
        }
      }
    }
  }
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`bad speed ${speed}`);
  return speed;
}
