import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import { Rejection } from '../../domain/rejection.js';
import type { ExchangeAdapter, ExchangeInfo, FeedStatus, Ticker, TradingVenue } from '../../engine/ports.js';
import type { MarketFeed } from '../../sim/market/market-feed.js';
import type { Kline, MarketTick } from '../../sim/market/market-types.js';
import { SIM_EXCHANGE } from '../../sim/market/sim-instruments.js';

const DAY_BARS = 1440;

/**
 * The embedded exchange, behind the same adapter interface as the real ones. It is always
 * connected; a feed that has not ticked for `staleAfterMs` of wall time is reported stale (a paused
 * replay is not).
 */
export class SimExchange implements ExchangeAdapter {
  readonly id = SIM_EXCHANGE;
  private readonly bySymbol: Map<string, Instrument>;
  private lastTickAt: number | null = null;
  private account: TradingVenue | null = null;

  constructor(
    private readonly feed: MarketFeed,
    private readonly now: () => number = Date.now,
    private readonly staleAfterMs = 5_000,
  ) {
    this.bySymbol = new Map(feed.instruments().map((i) => [i.symbol, i]));
    // A warmed-up feed already has a market: it is live from the start, not stale until the first pump.
    if (feed.instruments().some((i) => feed.lastTick(i.symbol))) this.lastTickAt = now();
    feed.onTick(() => {
      this.lastTickAt = this.now();
    });
  }

  info(): ExchangeInfo {
    return {
      id: SIM_EXCHANGE,
      name: `Simulated exchange (${this.feed.source.kind})`,
      connected: true,
      testnet: false,
      marketTypes: ['linear'],
      features: ['orders', 'stop_orders', 'brackets', 'reduce_only', 'post_only', this.feed.source.kind],
      credentials: [],
    };
  }

  async connect(): Promise<{ latencyMs: number }> {
    return { latencyMs: 0 };
  }

  async disconnect(): Promise<void> {
    throw new Rejection('EXCHANGE_ALWAYS_CONNECTED', 'the embedded sim exchange is always connected', { exchange: SIM_EXCHANGE });
  }

  instrument(symbol: string): Instrument | null {
    return this.bySymbol.get(symbol) ?? null;
  }

  instruments(): readonly Instrument[] {
    return [...this.bySymbol.values()];
  }

  async ticker(symbol: string): Promise<Ticker> {
    const t = this.lastTick(symbol);
    if (!t) throw new Rejection('NO_MARKET_DATA', `no ${symbol} price from ${SIM_EXCHANGE} yet`);
    return { symbol, bid: t.bid, ask: t.ask, last: t.last, volume24h: this.volume24h(symbol), time: t.time };
  }

  async klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number): Promise<readonly Kline[] | null> {
    try {
      return this.feed.klines(symbol, interval, limit, startTime, endTime);
    } catch {
      return null;
    }
  }

  lastTick(symbol: string): MarketTick | null {
    return this.feed.lastTick(symbol) ?? null;
  }

  subscribe(): () => void {
    return () => {}; // the generator or replay runs every symbol anyway
  }

  onTick(listener: (tick: MarketTick) => void): () => void {
    return this.feed.onTick(listener);
  }

  status(): FeedStatus {
    const source = this.feed.source.kind;
    if (!this.feed.isRunning() || this.feed.ended()) {
      return { state: 'stopped', lastTickAt: this.lastTickAt, source, reason: this.feed.ended() ? 'the replay has ended' : 'the feed is stopped' };
    }
    const quiet = this.lastTickAt === null || this.now() - this.lastTickAt > this.staleAfterMs;
    if (quiet && !this.feed.isPaused()) return { state: 'stale', lastTickAt: this.lastTickAt, source, reason: `no tick for over ${this.staleAfterMs} ms` };
    return { state: 'live', lastTickAt: this.lastTickAt, source, reason: null };
  }

  /** The engine is built after the exchange (it needs the instruments): attach its account then. */
  attach(account: TradingVenue): void {
    this.account = account;
  }

  trading(): TradingVenue {
    if (!this.account) throw new Error('sim exchange used before its account was attached');
    return this.account;
  }

  private volume24h(symbol: string): Decimal {
    return (this.feed.klines(symbol, '1m', DAY_BARS) ?? []).reduce((sum, k) => sum.add(k.volume), Decimal.ZERO);
  }
}
