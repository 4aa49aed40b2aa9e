import type { OHLCV, OrderBook as CcxtOrderBook, Ticker as CcxtTicker, Trade } from 'ccxt';
import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { FeedState } from '../../engine/ports.js';
import { CandleBuilder } from '../../sim/market/candle-builder.js';
import type { BookLevel, Kline, MarketTick } from '../../sim/market/market-types.js';
import { exact } from './ccxt-instruments.js';

export interface StreamDeps {
  readonly instrument: Instrument;
  readonly ccxtSymbol: string;
  readonly watchTicker: (symbol: string) => Promise<CcxtTicker>;
  readonly watchTrades: (symbol: string) => Promise<Trade[]>;
  /**
   * The venue's own mark-price stream (Binance USDⓈ-M `<symbol>@markPrice@1s`, ccxt watchMarkPrice),
   * where it is a stream of its own; a ticker that carries `markPrice` (Bybit linear) needs none.
   */
  readonly watchMark?: (symbol: string) => Promise<CcxtTicker>;
  /** The venue's order book (absent: ticks carry the book ticker's top level only). */
  readonly watchOrderBook?: (symbol: string) => Promise<CcxtOrderBook>;
  /** Levels a side that ticks carry from it. */
  readonly depthLevels?: number;
  /** Base units per ccxt amount (contracts of a contract market; default 1): trade and book sizes become base quantities. */
  readonly contractSize?: Decimal;
  readonly fetchBars: (symbol: string, since: number | undefined, limit: number) => Promise<OHLCV[]>;
  /** Drops the venue's sockets so the watch loops reconnect (a silent feed is not a dead one to ccxt). */
  readonly reconnect: () => void;
  readonly emit: (tick: MarketTick) => void;
  readonly now: () => number;
  readonly staleAfterMs: number;
  readonly historyBars: number;
  readonly onError: (message: string) => void;
}

const MINUTE = 60_000;
export const backoffMs = (attempt: number): number => Math.min(30_000, 250 * 2 ** Math.min(attempt - 1, 7)) * (0.5 + Math.random());

export const toKline = (b: OHLCV): Kline | null => {
  const [t, o, h, l, c, v] = b;
  const open = exact(o);
  const high = exact(h);
  const low = exact(l);
  const close = exact(c);
  if (t == null || !open || !high || !low || !close) return null;
  return { openTime: t, closeTime: t + MINUTE - 1, open, high, low, close, volume: exact(v) ?? Decimal.ZERO };
};

/** The book ticker's level first, then the book's levels beyond it (the book may lag the ticker by a few ms). */
function withTop(top: BookLevel, levels: readonly BookLevel[], beyond: (price: Decimal, top: Decimal) => boolean): BookLevel[] {
  const rest = levels.filter((l) => beyond(l.price, top.price));
  return [top, ...rest];
}

/**
 * One upstream subscription (exchange, symbol), shared by every listener: book ticker and trades
 * through ccxt's WebSocket layer, live 1m candles built from the trades, reconnection with
 * back-off and jitter, stale detection, and a REST back-fill of the minutes a drop left empty.
 */
/** A symbol's stream as an adapter holds it, shared by its subscribers. */
export interface StreamSubscription {
  /** Null while the adapter is disconnected: the subscription is kept and restarted on the next connect. */
  stream: SymbolStream | null;
  refs: number;
}

export class SymbolStream {
  state: FeedState = 'reconnecting';
  reason: string | null = 'connecting';
  lastTickAt: number | null = null;
  readonly candles = new CandleBuilder(10_000);
  private running = false;
  private bid: { price: Decimal; qty: Decimal } | null = null;
  private ask: { price: Decimal; qty: Decimal } | null = null;
  private last: Decimal | null = null;
  /** The venue's latest mark price (null: the venue streams none; ticks then carry no `mark`). */
  private mark: Decimal | null = null;
  private depth: { bids: BookLevel[]; asks: BookLevel[] } = { bids: [], asks: [] };
  private latest: MarketTick | null = null;
  private droppedAt: number | null = null;
  /** We dropped the sockets ourselves because the feed went quiet: it stays 'stale' until data flows. */
  private forcedReconnect = false;
  private forcedAt = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly d: StreamDeps) {}

  /** A ccxt amount of this market in base units. */
  private base(amount: number | string | undefined | null): Decimal | null {
    const q = exact(amount);
    const cs = this.d.contractSize;
    return q === null || !cs || cs.eq(Decimal.ONE) ? q : q.mul(cs).normalize();
  }

  tick(): MarketTick | null {
    return this.latest;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loadHistory();
    void this.loop('book ticker', () => this.d.watchTicker(this.d.ccxtSymbol), (t) => this.onTicker(t));
    void this.loop('trades', () => this.d.watchTrades(this.d.ccxtSymbol), (ts) => ts.forEach((t) => this.onTrade(t)));
    const watchBook = this.d.watchOrderBook;
    if (watchBook) void this.loop('order book', () => watchBook(this.d.ccxtSymbol), (b) => this.onBook(b));
    const watchMark = this.d.watchMark;
    if (watchMark) void this.loop('mark price', () => watchMark(this.d.ccxtSymbol), (t) => this.onMark(t));
    this.timer = setInterval(() => this.checkStale(), Math.max(100, Math.floor(this.d.staleAfterMs / 4)));
    this.timer.unref();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.state = 'disconnected';
    this.reason = null;
  }

  private async loop<T>(name: string, watch: () => Promise<T>, handle: (v: T) => void): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const v = await watch();
        if (!this.running) return;
        failures = 0;
        handle(v);
        this.markAlive();
      } catch (err) {
        if (!this.running) return;
        failures++;
        if (!this.forcedReconnect) this.degrade('reconnecting', `${name} stream: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
        await new Promise((r) => setTimeout(r, backoffMs(failures)));
      }
    }
  }

  private markAlive(): void {
    this.lastTickAt = this.d.now();
    if (this.state === 'live') return;
    const gapFrom = this.droppedAt;
    this.state = 'live';
    this.reason = null;
    this.droppedAt = null;
    this.forcedReconnect = false;
    if (gapFrom !== null) void this.backfill(gapFrom);
  }

  private degrade(state: FeedState, reason: string): void {
    if (this.state === 'live') this.droppedAt = this.lastTickAt ?? this.d.now();
    if (this.state !== state || this.reason !== reason) this.d.onError(`${this.d.instrument.exchange} ${this.d.instrument.symbol}: ${reason}`);
    this.state = state;
    this.reason = reason;
  }

  private checkStale(): void {
    if (!this.running || this.lastTickAt === null) return;
    // Still quiet well after a forced reconnect: try again (the back-off is the check's own pace).
    if (this.state === 'stale' && this.d.now() - this.forcedAt > this.d.staleAfterMs * 4) {
      this.forcedAt = this.d.now();
      this.d.reconnect();
      return;
    }
    if (this.state !== 'live') return;
    const quiet = this.d.now() - this.lastTickAt;
    if (quiet <= this.d.staleAfterMs) return;
    this.degrade('stale', `no data for ${quiet} ms (expected within ${this.d.staleAfterMs} ms); reconnecting`);
    this.forcedReconnect = true;
    this.forcedAt = this.d.now();
    this.d.reconnect();
  }

  private async loadHistory(): Promise<void> {
    try {
      const bars = await this.d.fetchBars(this.d.ccxtSymbol, undefined, this.d.historyBars);
      for (const b of bars) {
        const k = toKline(b);
        if (k) this.candles.upsertBar(k);
      }
    } catch (err) {
      this.d.onError(`${this.d.instrument.symbol} history: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The minutes since the drop come from REST, so the candle series has no hole. */
  private async backfill(since: number): Promise<void> {
    try {
      const from = Math.floor(since / MINUTE) * MINUTE;
      const bars = await this.d.fetchBars(this.d.ccxtSymbol, from, 1000);
      for (const b of bars) {
        const k = toKline(b);
        if (k) this.candles.upsertBar(k);
      }
    } catch (err) {
      this.d.onError(`${this.d.instrument.symbol} back-fill: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onTicker(t: CcxtTicker): void {
    const bid = exact(t.bid);
    const ask = exact(t.ask);
    if (bid) this.bid = { price: bid, qty: this.base(t.bidVolume) ?? Decimal.ZERO };
    if (ask) this.ask = { price: ask, qty: this.base(t.askVolume) ?? Decimal.ZERO };
    const last = exact(t.last);
    if (last) this.last = last;
    const mark = exact(t.markPrice);
    if (mark) this.mark = mark;
    this.publish(t.timestamp ?? this.d.now(), Decimal.ZERO, 'BUY');
  }

  /** A mark-price push: a quote-only tick, so a position is measured (and liquidated) at it at once. */
  private onMark(t: CcxtTicker): void {
    const mark = exact(t.markPrice);
    if (!mark || (this.mark !== null && mark.eq(this.mark))) return;
    this.mark = mark;
    this.publish(t.timestamp ?? this.d.now(), Decimal.ZERO, 'BUY');
  }

  /** The book's levels are kept for the next tick; the best bid/ask stay the book ticker's (it is the faster stream). */
  private onBook(b: CcxtOrderBook): void {
    const n = this.d.depthLevels ?? 20;
    const side = (levels: CcxtOrderBook['bids']): BookLevel[] =>
      levels.slice(0, n).flatMap(([p, q]) => {
        const price = exact(p);
        const quantity = this.base(q);
        return price && quantity && quantity.sign() > 0 ? [{ price, quantity }] : [];
      });
    this.depth = { bids: side(b.bids), asks: side(b.asks) };
  }

  private onTrade(t: Trade): void {
    const price = exact(t.price);
    const qty = this.base(t.amount);
    if (!price || !qty) return;
    const time = t.timestamp ?? this.d.now();
    this.last = price;
    this.candles.addTrade(time, price, qty);
    this.publish(time, qty, t.side === 'sell' ? 'SELL' : 'BUY');
  }

  private publish(time: number, tradeQuantity: Decimal, aggressor: 'BUY' | 'SELL'): void {
    const last = this.last ?? this.bid?.price ?? this.ask?.price;
    if (!this.bid || !this.ask || !last) return;
    const tick: MarketTick = {
      symbol: this.d.instrument.symbol,
      time,
      bid: this.bid.price,
      ask: this.ask.price,
      last,
      tradeQuantity,
      aggressor,
      bids: withTop({ price: this.bid.price, quantity: this.bid.qty }, this.depth.bids, (p, top) => p.lt(top)),
      asks: withTop({ price: this.ask.price, quantity: this.ask.qty }, this.depth.asks, (p, top) => p.gt(top)),
      ...(this.mark === null ? {} : { mark: this.mark }),
    };
    this.latest = tick;
    this.d.emit(tick);
  }
}
