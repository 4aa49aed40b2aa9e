import type { Decimal } from '../../domain/decimal.js';
import type { Side } from '../../domain/ids.js';
import type { BookLevel, Kline, MarketTick } from './market-types.js';
import type { CsvTrade } from './csv-bars.js';
import { units } from './grid.js';

/** Levels of synthetic depth each side of a replayed tick. */
const DEPTH_LEVELS = 5;
/** Ticks walked inside each kline. */
export const TICKS_PER_BAR = 4;

/**
 * A file's ticks addressed by index: tick i is a pure function of (data, i), so a replay can seek
 * anywhere and replay from there exactly as if it had walked from the first tick.
 */
export interface IndexedTicks {
  readonly symbol: string;
  readonly length: number;
  timeAt(i: number): number;
  tickAt(i: number): MarketTick;
}

/** First index whose time is >= t (`ticks.length` when none): O(log n). */
export function indexAtOrAfter(ticks: IndexedTicks, t: number): number {
  let lo = 0;
  let hi = ticks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ticks.timeAt(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The prices a kline is walked through: open → nearer extreme (ties: high) → farther extreme → close. */
export function barPath(k: Kline): [Decimal, Decimal, Decimal, Decimal] {
  const highFirst = k.high.sub(k.open).lte(k.open.sub(k.low));
  return highFirst ? [k.open, k.high, k.low, k.close] : [k.open, k.low, k.high, k.close];
}

/** Times of the walk inside a bar of `intervalMs`: open time, then every quarter (0, 15, 30, 45 s for 1m). */
export function barTimes(openTime: number, intervalMs: number): [number, number, number, number] {
  const q = intervalMs / TICKS_PER_BAR;
  return [openTime, openTime + Math.floor(q), openTime + Math.floor(2 * q), openTime + Math.floor(3 * q)];
}

/** Splits `lots` whole lots into TICKS_PER_BAR parts that add up exactly (earlier parts take the remainder). */
export function splitLots(lots: bigint): bigint[] {
  return Array.from({ length: TICKS_PER_BAR }, (_, k) => lotPart(lots, k));
}

function lotPart(lots: bigint, k: number): bigint {
  const n = BigInt(TICKS_PER_BAR);
  return lots / n + (BigInt(k) < lots % n ? 1n : 0n);
}

/** The taker side a tick without one in the data gets: up from the previous price BUY, down SELL, unchanged as before (first: BUY). */
function inferredSides(length: number, price: (i: number) => Decimal): Uint8Array {
  const sides = new Uint8Array(length); // 0 = BUY, 1 = SELL
  for (let i = 1; i < length; i++) {
    const c = price(i).cmp(price(i - 1));
    sides[i] = c > 0 ? 0 : c < 0 ? 1 : (sides[i - 1] as number);
  }
  return sides;
}

/**
 * Book state around a trade: trades lift the ask (BUY) or hit the bid (SELL), one tick of spread.
 * The depth levels are built when first read: most replayed ticks meet no order that takes liquidity.
 */
export function quoteTick(symbol: string, tick: Decimal, lot: Decimal, time: number, last: Decimal, lots: bigint, side: Side, depthLots: bigint): MarketTick {
  // In whole ticks: the book is built with integer arithmetic.
  const n = last.toUnits(tick);
  const buyForm = side === 'BUY' && n > 1n;
  const bidN = buyForm ? n - 1n : n;
  const bid = buyForm ? units(bidN, tick) : last;
  const ask = buyForm ? last : units(bidN + 1n, tick);
  return new QuotedTick(symbol, time, bid, ask, last, units(lots, lot), side, { tick, lot, bidN, unit: depthLots > 0n ? depthLots : 1n });
}

interface DepthSpec {
  readonly tick: Decimal;
  readonly lot: Decimal;
  readonly bidN: bigint;
  readonly unit: bigint;
}

class QuotedTick implements MarketTick {
  #spec: DepthSpec;
  #bids: BookLevel[] | null = null;
  #asks: BookLevel[] | null = null;

  constructor(
    readonly symbol: string,
    readonly time: number,
    readonly bid: Decimal,
    readonly ask: Decimal,
    readonly last: Decimal,
    readonly tradeQuantity: Decimal,
    readonly aggressor: Side,
    spec: DepthSpec,
  ) {
    this.#spec = spec;
  }

  get bids(): readonly BookLevel[] {
    if (this.#bids === null) this.#depth();
    return this.#bids as BookLevel[];
  }

  get asks(): readonly BookLevel[] {
    if (this.#asks === null) this.#depth();
    return this.#asks as BookLevel[];
  }

  /** DEPTH_LEVELS each side, growing by `unit` lots a level. */
  #depth(): void {
    const { tick, lot, bidN, unit } = this.#spec;
    const askN = bidN + 1n;
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < DEPTH_LEVELS; i++) {
      const qty = units(unit * BigInt(i + 1), lot);
      const k = BigInt(i);
      if (bidN - k > 0n) bids.push({ price: i === 0 ? this.bid : units(bidN - k, tick), quantity: qty });
      asks.push({ price: i === 0 ? this.ask : units(askN + k, tick), quantity: qty });
    }
    this.#bids = bids;
    this.#asks = asks;
  }

  toJSON() {
    const { symbol, time, bid, ask, last, tradeQuantity, aggressor, bids, asks } = this;
    return { symbol, time, bid, ask, last, tradeQuantity, aggressor, bids, asks };
  }
}

/** A kline file: each bar is TICKS_PER_BAR ticks along barPath at barTimes, its volume split by splitLots. */
export class KlineTicks implements IndexedTicks {
  readonly length: number;
  private readonly sides: Uint8Array;
  /** 1 where the walk goes to the high first (barPath), per bar. */
  private readonly highFirst: Uint8Array;
  private readonly quarter: number;

  constructor(
    readonly symbol: string,
    private readonly bars: readonly Kline[],
    private readonly intervalMs: number,
    private readonly tick: Decimal,
    private readonly lot: Decimal,
  ) {
    this.length = bars.length * TICKS_PER_BAR;
    this.quarter = intervalMs / TICKS_PER_BAR;
    this.highFirst = Uint8Array.from(bars, (k) => (k.high.sub(k.open).lte(k.open.sub(k.low)) ? 1 : 0));
    this.sides = inferredSides(this.length, (i) => this.priceAt(i));
  }

  timeAt(i: number): number {
    const bar = this.bars[(i / TICKS_PER_BAR) | 0] as Kline;
    return bar.openTime + Math.floor((i % TICKS_PER_BAR) * this.quarter);
  }

  tickAt(i: number): MarketTick {
    const bar = this.bars[(i / TICKS_PER_BAR) | 0];
    if (bar === undefined || i < 0) throw new RangeError(`no tick ${i}`);
    const k = i % TICKS_PER_BAR;
    const lots = bar.volume.toUnits(this.lot);
    const side: Side = this.sides[i] === 0 ? 'BUY' : 'SELL';
    return quoteTick(this.symbol, this.tick, this.lot, this.timeAt(i), this.priceAt(i), lotPart(lots, k), side, lots / 8n);
  }

  /** The price of tick i: barPath of its bar, without building the path. */
  private priceAt(i: number): Decimal {
    const b = (i / TICKS_PER_BAR) | 0;
    const bar = this.bars[b] as Kline;
    const k = i % TICKS_PER_BAR;
    if (k === 0) return bar.open;
    if (k === 3) return bar.close;
    return (this.highFirst[b] === 1) === (k === 1) ? bar.high : bar.low;
  }

  /** The bar tick i belongs to. */
  barOf(i: number): Kline {
    return this.bars[(i / TICKS_PER_BAR) | 0] as Kline;
  }

  get interval(): number {
    return this.intervalMs;
  }
}

/** A trade file: one tick per trade, the taker side from the data. */
export class TradeTicks implements IndexedTicks {
  readonly length: number;

  constructor(
    readonly symbol: string,
    private readonly trades: readonly CsvTrade[],
    private readonly tick: Decimal,
    private readonly lot: Decimal,
  ) {
    this.length = trades.length;
  }

  timeAt(i: number): number {
    return (this.trades[i] as CsvTrade).time;
  }

  tickAt(i: number): MarketTick {
    const t = this.trades[i];
    if (t === undefined) throw new RangeError(`no tick ${i}`);
    const lots = t.quantity.toUnits(this.lot);
    return quoteTick(this.symbol, this.tick, this.lot, t.time, t.price, lots, t.aggressor, lots * 2n);
  }
}
