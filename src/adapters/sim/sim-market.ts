import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { ExchangeInfo, FeedState, MarketDataPort } from '../../engine/ports.js';
import type { MarketFeed } from '../../sim/market/market-feed.js';
import type { Kline, MarketTick } from '../../sim/market/market-types.js';
import { SIM_EXCHANGE } from '../../sim/market/sim-instruments.js';

const DAY_BARS = 1440;

/**
 * The embedded exchange's market data, as every exchange adapter offers it. A feed that has not
 * ticked for `staleAfterMs` of wall time is reported stale (a paused replay is not stale).
 */
export class SimMarket implements MarketDataPort {
  readonly exchange = SIM_EXCHANGE;
  private readonly bySymbol: Map<string, Instrument>;
  private lastTickAt: number | null = null;

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
    };
  }

  instrument(symbol: string): Instrument | null {
    return this.bySymbol.get(symbol) ?? null;
  }

  instruments(): readonly Instrument[] {
    return [...this.bySymbol.values()];
  }

  lastTick(symbol: string): MarketTick | null {
    return this.feed.lastTick(symbol) ?? null;
  }

  klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number): readonly Kline[] | null {
    try {
      return this.feed.klines(symbol, interval, limit, startTime, endTime);
    } catch {
      return null;
    }
  }

  volume24h(symbol: string): Decimal {
    return (this.feed.klines(symbol, '1m', DAY_BARS) ?? []).reduce((sum, k) => sum.add(k.volume), Decimal.ZERO);
  }

  onTick(listener: (tick: MarketTick) => void): () => void {
    return this.feed.onTick(listener);
  }

  status(): { state: FeedState; lastTickAt: number | null; source: string } {
    const source = this.feed.source.kind;
    if (!this.feed.isRunning() || this.feed.ended()) return { state: 'stopped', lastTickAt: this.lastTickAt, source };
    const quiet = this.lastTickAt === null || this.now() - this.lastTickAt > this.staleAfterMs;
    return { state: quiet && !this.feed.isPaused() ? 'stale' : 'live', lastTickAt: this.lastTickAt, source };
  }
}
