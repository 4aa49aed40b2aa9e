import { Decimal } from '../../domain/decimal.js';
import type { Side } from '../../domain/ids.js';
import type { BookLevel, Kline, MarketTick } from './market-types.js';
import type { CsvTrade } from './csv-bars.js';
import { units } from './grid.js';

/** Levels of synthetic depth each side of a replayed tick. */
const DEPTH_LEVELS = 5;
/** Ticks walked inside each kline. */
export const TICKS_PER_BAR = 4;

/** One file's ticks in time order. */
export interface TickStream {
  peekTime(): number | null;
  next(): MarketTick | null;
  reset(): void;
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
  const n = BigInt(TICKS_PER_BAR);
  const base = lots / n;
  const rest = lots % n;
  return Array.from({ length: TICKS_PER_BAR }, (_, k) => base + (BigInt(k) < rest ? 1n : 0n));
}

/** Book state around a trade: trades lift the ask (BUY) or hit the bid (SELL), one tick of spread. */
class Quoter {
  private prev: Decimal | null = null;
  private side: Side = 'BUY';

  constructor(
    private readonly symbol: string,
    private readonly tick: Decimal,
    private readonly lot: Decimal,
  ) {}

  reset(): void {
    this.prev = null;
    this.side = 'BUY';
  }

  /** `side` given by the data, or (null) inferred from the move since the previous price. */
  quote(time: number, last: Decimal, lots: bigint, side: Side | null, depthLots: bigint): MarketTick {
    if (side === null) {
      const c = this.prev === null ? 0 : last.cmp(this.prev);
      side = c > 0 ? 'BUY' : c < 0 ? 'SELL' : this.side;
    }
    this.prev = last;
    this.side = side;
    // In whole ticks: the book is built with integer arithmetic.
    const n = last.toUnits(this.tick);
    const buyForm = side === 'BUY' && n > 1n;
    const bidN = buyForm ? n - 1n : n;
    const askN = bidN + 1n;
    const bid = buyForm ? units(bidN, this.tick) : last;
    const ask = buyForm ? last : units(askN, this.tick);
    const unit = depthLots > 0n ? depthLots : 1n;
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < DEPTH_LEVELS; i++) {
      const qty = units(unit * BigInt(i + 1), this.lot);
      const k = BigInt(i);
      if (bidN - k > 0n) bids.push({ price: i === 0 ? bid : units(bidN - k, this.tick), quantity: qty });
      asks.push({ price: i === 0 ? ask : units(askN + k, this.tick), quantity: qty });
    }
    return { symbol: this.symbol, time, bid, ask, last, tradeQuantity: units(lots, this.lot), aggressor: side, bids, asks };
  }
}

export class KlineStream implements TickStream {
  private i = 0;
  private k = 0;
  private readonly quoter: Quoter;
  // The bar being walked.
  private lots = 0n;
  private path: Decimal[] = [];
  private times: number[] = [];
  private split: bigint[] = [];

  constructor(
    symbol: string,
    private readonly bars: readonly Kline[],
    private readonly intervalMs: number,
    tick: Decimal,
    private readonly lot: Decimal,
  ) {
    this.quoter = new Quoter(symbol, tick, lot);
  }

  peekTime(): number | null {
    const bar = this.bars[this.i];
    return bar === undefined ? null : (barTimes(bar.openTime, this.intervalMs)[this.k] as number);
  }

  next(): MarketTick | null {
    const bar = this.bars[this.i];
    if (bar === undefined) return null;
    const k = this.k;
    if (k === 0) {
      this.lots = bar.volume.toUnits(this.lot);
      this.path = barPath(bar);
      this.times = barTimes(bar.openTime, this.intervalMs);
      this.split = splitLots(this.lots);
    }
    const tick = this.quoter.quote(this.times[k] as number, this.path[k] as Decimal, this.split[k] as bigint, null, this.lots / 8n);
    if (++this.k === TICKS_PER_BAR) {
      this.k = 0;
      this.i++;
    }
    return tick;
  }

  reset(): void {
    this.i = 0;
    this.k = 0;
    this.quoter.reset();
  }
}

export class TradeStream implements TickStream {
  private i = 0;
  private readonly quoter: Quoter;

  constructor(
    symbol: string,
    private readonly trades: readonly CsvTrade[],
    tick: Decimal,
    private readonly lot: Decimal,
  ) {
    this.quoter = new Quoter(symbol, tick, lot);
  }

  peekTime(): number | null {
    return this.trades[this.i]?.time ?? null;
  }

  next(): MarketTick | null {
    const t = this.trades[this.i];
    if (t === undefined) return null;
    this.i++;
    const lots = t.quantity.toUnits(this.lot);
    return this.quoter.quote(t.time, t.price, lots, t.aggressor, lots * 2n);
  }

  reset(): void {
    this.i = 0;
    this.quoter.reset();
  }
}
