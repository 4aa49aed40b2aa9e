import { Decimal } from '../../src/domain/decimal.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { intervalMs } from '../../src/sim/market/candle-builder.js';
import { specOf, ZERO, type SymbolSpec } from './binance-format.js';

/** One public trade as Binance numbers it (trade id = aggTrade id: one fill per aggregate). */
export interface TradePrint {
  readonly id: number;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly time: number;
  readonly buyerMaker: boolean;
}

/** A generator tick as the fake publishes it: the trade it printed (if any) and the book update ids. */
export interface MarketEvent {
  readonly tick: MarketTick;
  readonly trade: TradePrint | null;
  readonly updateId: number;
  readonly prevUpdateId: number;
}

/** A kline with the extra columns Binance sends (quote volume, trade count, taker-buy volumes). */
export interface KlineRow {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
  readonly quoteVolume: Decimal;
  readonly trades: number;
  readonly firstId: number;
  readonly lastId: number;
  readonly takerBuyBase: Decimal;
  readonly takerBuyQuote: Decimal;
}

export interface Stats24h {
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly last: Decimal;
  readonly lastQty: Decimal;
  readonly volume: Decimal;
  readonly quoteVolume: Decimal;
  readonly openTime: number;
  readonly closeTime: number;
  readonly firstId: number;
  readonly lastId: number;
  readonly count: number;
}

interface MinuteStats {
  quote: Decimal;
  n: number;
  first: number;
  last: number;
  buyBase: Decimal;
  buyQuote: Decimal;
}

const MINUTE = 60_000;
const KEEP_TRADES = 1000;
const KEEP_MINUTES = 1500;

/**
 * The market both venues serve, on top of the project's seeded MarketFeed: it numbers the trades,
 * keeps the last 1000 of them, tracks per-minute trade statistics for the kline extras and the
 * order-book update ids, and fans each tick out to the fake's listeners.
 */
export class BinanceMarket {
  readonly specs = new Map<string, SymbolSpec>();
  private readonly listeners = new Set<(e: MarketEvent) => void>();
  private readonly trades = new Map<string, TradePrint[]>();
  private readonly minutes = new Map<string, Map<number, MinuteStats>>();
  private readonly nextTradeId = new Map<string, number>();
  private readonly updateIds = new Map<string, number>();
  private readonly lastQty = new Map<string, Decimal>();
  private readonly marks = new Map<string, Decimal>();
  private readonly unsubscribe: () => void;

  constructor(readonly feed: MarketFeed) {
    for (const i of feed.instruments()) {
      this.specs.set(i.symbol, specOf(i));
      this.trades.set(i.symbol, []);
      this.minutes.set(i.symbol, new Map());
      this.nextTradeId.set(i.symbol, 100_000_000);
      this.updateIds.set(i.symbol, 1_000_000);
    }
    this.unsubscribe = feed.onTick((tick) => this.accept(tick));
  }

  spec(symbol: string): SymbolSpec | undefined {
    return this.specs.get(symbol);
  }

  symbols(): string[] {
    return [...this.specs.keys()];
  }

  onEvent(listener: (e: MarketEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  last(symbol: string): MarketTick | undefined {
    return this.feed.lastTick(symbol);
  }

  /** The mark price: the mid of the best bid and ask, or what a test set it to (`setMark`). */
  mark(symbol: string): Decimal {
    const set = this.marks.get(symbol);
    if (set) return set;
    const t = this.feed.lastTick(symbol);
    if (!t) return ZERO;
    return t.bid.add(t.ask).div(Decimal.fromInt(2), 8, 'half-up').normalize();
  }

  /**
   * Tests: the venue's mark price apart from the book, as Binance's index-based mark is (null: the
   * mid again). It goes out on premiumIndex and on the next `<symbol>@markPrice` push.
   */
  setMark(symbol: string, price: Decimal | null): void {
    if (price === null) this.marks.delete(symbol);
    else this.marks.set(symbol, price);
  }

  /** Tests: one trade printed at `price` against the book as it stands (a wick through a thin book). */
  printTrade(symbol: string, price: Decimal, qty: Decimal, aggressor: 'BUY' | 'SELL'): void {
    const t = this.feed.lastTick(symbol);
    if (!t) throw new Error(`no market yet for ${symbol}`);
    this.accept({ ...t, last: price, tradeQuantity: qty, aggressor });
  }

  updateId(symbol: string): number {
    return this.updateIds.get(symbol) ?? 0;
  }

  /** The most recent trades, oldest first. */
  recentTrades(symbol: string, limit = 500): TradePrint[] {
    const all = this.trades.get(symbol) ?? [];
    return all.slice(Math.max(0, all.length - limit));
  }

  klines(symbol: string, interval: string, limit?: number, start?: number, end?: number): KlineRow[] {
    const ms = intervalMs(interval);
    if (ms === null) throw new RangeError(`unknown interval ${interval}`);
    const mins = this.minutes.get(symbol);
    return this.feed.klines(symbol, interval, limit, start, end).map((k) => {
      let quote = ZERO;
      let n = 0;
      let first = -1;
      let last = -1;
      let buyBase = ZERO;
      let buyQuote = ZERO;
      let tracked = false;
      for (let t = k.openTime; t < k.openTime + ms; t += MINUTE) {
        const m = mins?.get(t);
        if (!m) continue;
        tracked = true;
        quote = quote.add(m.quote);
        n += m.n;
        if (first < 0) first = m.first;
        last = m.last;
        buyBase = buyBase.add(m.buyBase);
        buyQuote = buyQuote.add(m.buyQuote);
      }
      // History built before the fake started has no trade detail: estimate its quote volume.
      if (!tracked) quote = k.volume.mul(k.close);
      return { ...k, quoteVolume: quote, trades: n, firstId: first, lastId: last, takerBuyBase: buyBase, takerBuyQuote: buyQuote };
    });
  }

  /** Rolling 24 h statistics from the 1m bars (the fake's history may be shorter than 24 h). */
  stats24h(symbol: string): Stats24h | null {
    const tick = this.feed.lastTick(symbol);
    if (!tick) return null;
    const now = tick.time;
    const bars = this.klines(symbol, '1m', 1440, now - 1440 * MINUTE + 1);
    const firstBar = bars[0];
    if (!firstBar) return null;
    let high = firstBar.high;
    let low = firstBar.low;
    let volume = ZERO;
    let quote = ZERO;
    let firstId = -1;
    let lastId = -1;
    for (const b of bars) {
      if (b.high.gt(high)) high = b.high;
      if (b.low.lt(low)) low = b.low;
      volume = volume.add(b.volume);
      quote = quote.add(b.quoteVolume);
      if (b.firstId >= 0 && firstId < 0) firstId = b.firstId;
      if (b.lastId >= 0) lastId = b.lastId;
    }
    return {
      open: firstBar.open,
      high,
      low,
      last: tick.last,
      lastQty: this.lastQty.get(symbol) ?? ZERO,
      volume,
      quoteVolume: quote,
      openTime: now - 1440 * MINUTE,
      closeTime: now,
      firstId,
      lastId,
      count: firstId < 0 ? 0 : lastId - firstId + 1,
    };
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private accept(tick: MarketTick): void {
    const prev = this.updateIds.get(tick.symbol) ?? 0;
    const updateId = prev + 1;
    this.updateIds.set(tick.symbol, updateId);
    let trade: TradePrint | null = null;
    if (!tick.tradeQuantity.isZero()) {
      const id = this.nextTradeId.get(tick.symbol) ?? 1;
      this.nextTradeId.set(tick.symbol, id + 1);
      trade = { id, price: tick.last, qty: tick.tradeQuantity, time: tick.time, buyerMaker: tick.aggressor === 'SELL' };
      this.record(tick.symbol, trade);
    }
    const event: MarketEvent = { tick, trade, updateId, prevUpdateId: prev };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (error) {
        console.error('fake-binance market listener failed', error);
      }
    }
  }

  private record(symbol: string, trade: TradePrint): void {
    this.lastQty.set(symbol, trade.qty);
    const list = this.trades.get(symbol);
    if (list) {
      list.push(trade);
      if (list.length > KEEP_TRADES) list.splice(0, list.length - KEEP_TRADES);
    }
    const mins = this.minutes.get(symbol);
    if (!mins) return;
    const open = Math.floor(trade.time / MINUTE) * MINUTE;
    let m = mins.get(open);
    if (!m) {
      m = { quote: ZERO, n: 0, first: trade.id, last: trade.id, buyBase: ZERO, buyQuote: ZERO };
      mins.set(open, m);
      if (mins.size > KEEP_MINUTES) {
        const oldest = mins.keys().next().value;
        if (oldest !== undefined) mins.delete(oldest);
      }
    }
    const notional = trade.price.mul(trade.qty);
    m.quote = m.quote.add(notional);
    m.n++;
    m.last = trade.id;
    if (!trade.buyerMaker) {
      m.buyBase = m.buyBase.add(trade.qty);
      m.buyQuote = m.buyQuote.add(notional);
    }
  }
}
