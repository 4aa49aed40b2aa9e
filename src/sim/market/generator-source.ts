import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Side } from '../../domain/ids.js';
import type { BookLevel, MarketSource, MarketTick } from './market-types.js';
import { Prng } from './prng.js';
import { simInstrument, simSpec } from './sim-instruments.js';
import { units } from './grid.js';

export interface GeneratorOptions {
  readonly seed: number;
  /** Simulated time (epoch ms) of the first tick. */
  readonly startTime: number;
  /** Default BTCUSDT, ETHUSDT; each must be a known sim symbol (see sim-instruments.ts). */
  readonly symbols?: readonly string[];
  /** Simulated time between two ticks of one symbol; default 250 ms. */
  readonly tickIntervalMs?: number;
  /** Start price per symbol (decimal text); defaults BTCUSDT 64000, ETHUSDT 3200, AVAXUSDT 20. */
  readonly startPrices?: Readonly<Record<string, string>>;
}

/** Volatility regimes last about this long (the GARCH persistence, expressed in time). */
const VOL_MEMORY_S = 600;
/** Variance is kept within [MIN, MAX] × its long-run level. */
const VAR_MIN = 0.16;
const VAR_MAX = 16;
const JUMPS_PER_HOUR = 2;
const DEPTH_LEVELS = 5;
/** Median trade notional (quote asset) per 250 ms of simulated time, and the log-sd of trade sizes. */
const TRADE_NOTIONAL = 600;
const TRADE_LOG_SD = 1.3;
/** Quote notional of the first depth level; deeper levels grow linearly. */
const DEPTH_NOTIONAL = 20_000;

interface SymbolState {
  readonly inst: Instrument;
  readonly rng: Prng;
  readonly tickF: number;
  readonly stepF: number;
  readonly maxLots: number;
  /** Tick size and lot step, normalised (for exact grid arithmetic). */
  readonly tick: Decimal;
  readonly lot: Decimal;
  readonly minuteVar: number;
  logMid: number;
  /** Variance of the next per-tick log return. */
  h: number;
  nextTime: number;
  // GARCH(1,1) coefficients for the current tick interval.
  hBar: number;
  tradeNotional: number;
  /** Poisson jumps: the chance of one in a tick. */
  jumpChance: number;
  omega: number;
  alpha: number;
  beta: number;
}

/**
 * A seeded synthetic market: per symbol a log-price random walk with GARCH(1,1) volatility
 * clustering and Poisson jumps, a 1–3 tick spread that widens with volatility, one trade per tick
 * at the bid or ask and five levels of depth each side. Deterministic for (seed, startTime, options).
 */
export class GeneratorSource implements MarketSource {
  readonly kind = 'generator' as const;
  private readonly states: SymbolState[];
  private readonly insts: readonly Instrument[];
  private intervalMs: number;

  constructor(options: GeneratorOptions) {
    const symbols = options.symbols ?? ['BTCUSDT', 'ETHUSDT'];
    if (symbols.length === 0) throw new RangeError('no symbols');
    this.intervalMs = checkInterval(options.tickIntervalMs ?? 250);
    this.states = symbols.map((symbol, j) => {
      const inst = simInstrument(symbol);
      const spec = simSpec(symbol);
      const start = Number(options.startPrices?.[symbol] ?? spec?.startPrice);
      if (!(start > 0)) throw new RangeError(`no start price for ${symbol}`);
      const minuteVol = spec?.minuteVol ?? 0.001;
      const state: SymbolState = {
        inst,
        rng: Prng.derive(options.seed, symbol),
        tickF: inst.tickSize.toNumber(),
        stepF: inst.stepSize.toNumber(),
        tick: inst.tickSize.normalize(),
        lot: inst.stepSize.normalize(),
        maxLots: Math.max(1, Math.floor(inst.maxQty.toNumber() / inst.stepSize.toNumber() / 10)),
        minuteVar: minuteVol * minuteVol,
        logMid: Math.log(start),
        h: 0,
        // Symbols are staggered inside the interval so times are strictly ordered across symbols.
        nextTime: options.startTime + Math.floor((j * this.intervalMs) / symbols.length),
        hBar: 0,
        tradeNotional: 0,
        jumpChance: 0,
        omega: 0,
        alpha: 0,
        beta: 0,
      };
      setGarch(state, this.intervalMs);
      state.h = state.hBar;
      return state;
    });
    this.insts = this.states.map((s) => s.inst);
  }

  instruments(): readonly Instrument[] {
    return this.insts;
  }

  tickIntervalMs(): number {
    return this.intervalMs;
  }

  /**
   * Changes the simulated time between ticks from now on (e.g. a coarse interval to fast-forward
   * history, then the fine one to go live). Volatility is rescaled so per-minute moves stay alike.
   */
  setTickInterval(ms: number): void {
    this.intervalMs = checkInterval(ms);
    for (const s of this.states) {
      const ratio = s.h / s.hBar;
      setGarch(s, this.intervalMs);
      s.h = ratio * s.hBar;
    }
  }

  peekTime(): number | null {
    return this.pick().nextTime;
  }

  next(): MarketTick {
    const s = this.pick();
    const time = s.nextTime;
    s.nextTime += this.intervalMs;
    return step(s, time);
  }

  private pick(): SymbolState {
    let best = this.states[0] as SymbolState;
    for (let i = 1; i < this.states.length; i++) {
      const s = this.states[i] as SymbolState;
      if (s.nextTime < best.nextTime) best = s;
    }
    return best;
  }
}

function checkInterval(ms: number): number {
  if (!Number.isInteger(ms) || ms < 1) throw new RangeError(`bad tick interval ${ms}`);
  return ms;
}

/** GARCH(1,1) for a tick of `ms`: long-run variance scales with time, persistence = exp(-dt/memory). */
function setGarch(s: SymbolState, ms: number): void {
  const persistence = Math.exp(-ms / 1000 / VOL_MEMORY_S);
  // Half the bound that keeps the fourth moment finite (persistence² + 2α² < 1).
  s.alpha = 0.5 * Math.sqrt((1 - persistence * persistence) / 2);
  s.beta = persistence - s.alpha;
  s.hBar = (s.minuteVar * ms) / 60_000;
  s.omega = s.hBar * (1 - persistence);
  // One trade per tick: a longer tick carries a bigger trade, so the volume per minute stays alike.
  s.tradeNotional = (TRADE_NOTIONAL * ms) / 250;
  s.jumpChance = (JUMPS_PER_HOUR * ms) / 3_600_000;
}

function step(s: SymbolState, time: number): MarketTick {
  const { rng } = s;
  const sigma = Math.sqrt(s.h);
  const z = rng.normal();
  let r = sigma * z;
  const jump = rng.next() < s.jumpChance;
  if (jump) {
    const size = 0.002 + 0.008 * rng.next();
    r += rng.next() < 0.5 ? -size : size;
  }
  s.logMid += r;
  let h = s.omega + s.alpha * sigma * sigma * z * z + s.beta * s.h;
  if (jump) h = Math.max(h, 4 * s.hBar); // a jump shakes the market up
  s.h = Math.min(VAR_MAX * s.hBar, Math.max(VAR_MIN * s.hBar, h));

  const mid = Math.exp(s.logMid);
  const midTicks = mid / s.tickF;
  const volRatio = Math.sqrt(s.h / s.hBar);
  let spread = 1 + (volRatio > 1.6 ? 1 : 0) + (volRatio > 2.6 ? 1 : 0);
  if (spread < 3 && rng.next() < 0.05) spread++;
  const bidTicks = Math.max(1, Math.round(midTicks - spread / 2));
  const askTicks = bidTicks + spread;

  const pBuy = 0.5 + 0.35 * Math.tanh(r / sigma);
  const aggressor: Side = rng.next() < pBuy ? 'BUY' : 'SELL';
  const notional = s.tradeNotional * Math.exp(TRADE_LOG_SD * rng.normal());
  const lots = Math.min(s.maxLots, Math.max(1, Math.round(notional / mid / s.stepF)));

  const tick = s.tick;
  const lot = s.lot;
  const bid = units(bidTicks, tick);
  const ask = units(askTicks, tick);
  const depthLots = DEPTH_NOTIONAL / mid / s.stepF;
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    const grow = 1 + 0.8 * i;
    bids.push(level(i === 0 ? bid : units(bidTicks - i, tick), depthLots * grow * (0.4 + 1.2 * rng.next()), lot));
    asks.push(level(i === 0 ? ask : units(askTicks + i, tick), depthLots * grow * (0.4 + 1.2 * rng.next()), lot));
  }
  return {
    symbol: s.inst.symbol,
    time,
    bid,
    ask,
    last: aggressor === 'BUY' ? ask : bid,
    tradeQuantity: units(lots, lot),
    aggressor,
    bids: bidTicks - DEPTH_LEVELS + 1 >= 1 ? bids : bids.filter((b) => b.price.sign() > 0),
    asks,
  };
}

function level(price: Decimal, lots: number, lot: Decimal): BookLevel {
  return { price, quantity: units(Math.max(1, Math.round(lots)), lot) };
}
