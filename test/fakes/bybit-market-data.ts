/**
 * Market data views over the generator feed, in Bybit's terms: last tick, public trades (a ring of
 * the live prints), 24h statistics, klines by Bybit interval and the order book. Spot and linear
 * share the generator's prices.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import type { Kline, MarketTick } from '../../src/sim/market/market-types.js';
import { BybitError, RET } from './bybit-wire.js';

export interface PublicTrade {
  readonly id: string;
  readonly symbol: string;
  readonly time: number;
  readonly side: 'Buy' | 'Sell';
  readonly price: Decimal;
  readonly size: Decimal;
  readonly tickDirection: 'PlusTick' | 'ZeroPlusTick' | 'MinusTick' | 'ZeroMinusTick';
  readonly seq: number;
}

export interface Stats24h {
  readonly high: Decimal;
  readonly low: Decimal;
  readonly volume: Decimal;
  readonly turnover: Decimal;
  readonly prev24h: Decimal;
  readonly prev1h: Decimal;
}

/** Bybit kline interval → the candle builder's interval and its length. */
const INTERVALS: Readonly<Record<string, { readonly name: string; readonly ms: number }>> = {
  '1': { name: '1m', ms: 60_000 },
  '3': { name: '3m', ms: 180_000 },
  '5': { name: '5m', ms: 300_000 },
  '15': { name: '15m', ms: 900_000 },
  '30': { name: '30m', ms: 1_800_000 },
  '60': { name: '1h', ms: 3_600_000 },
  '120': { name: '2h', ms: 7_200_000 },
  '240': { name: '4h', ms: 14_400_000 },
  D: { name: '1d', ms: 86_400_000 },
};

export function klineInterval(interval: string): { readonly name: string; readonly ms: number } {
  const i = INTERVALS[interval];
  if (!i) throw new BybitError(RET.PARAMS, 'Invalid period!');
  return i;
}

const TRADES_KEPT = 1000;
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Turnover of a bar: the feed keeps no per-trade notional in history, so volume × close. */
export function barTurnover(k: Kline): Decimal {
  return k.volume.mul(k.close).rescale(8, 'half-up').normalize();
}

export class BybitMarketData {
  private readonly trades = new Map<string, PublicTrade[]>();
  private readonly stats = new Map<string, { time: number; stats: Stats24h }>();
  private seq = 2_290_000_000_000_000;

  constructor(readonly feed: MarketFeed) {
    for (const i of feed.instruments()) {
      const t = feed.lastTick(i.symbol);
      this.trades.set(i.symbol, []);
      if (t && t.tradeQuantity.sign() > 0) this.record(t);
    }
  }

  /** Called on each generator tick (before anything is pushed). */
  record(tick: MarketTick): PublicTrade | null {
    if (tick.tradeQuantity.sign() <= 0) return null;
    let ring = this.trades.get(tick.symbol);
    if (!ring) {
      ring = [];
      this.trades.set(tick.symbol, ring);
    }
    const prev = ring[ring.length - 1];
    let dir: PublicTrade['tickDirection'] = 'ZeroPlusTick';
    if (prev) {
      const c = tick.last.cmp(prev.price);
      if (c > 0) dir = 'PlusTick';
      else if (c < 0) dir = 'MinusTick';
      else dir = prev.tickDirection === 'MinusTick' || prev.tickDirection === 'ZeroMinusTick' ? 'ZeroMinusTick' : 'ZeroPlusTick';
    }
    this.seq++;
    const trade: PublicTrade = {
      id: String(this.seq),
      symbol: tick.symbol,
      time: tick.time,
      side: tick.aggressor === 'BUY' ? 'Buy' : 'Sell',
      price: tick.last,
      size: tick.tradeQuantity,
      tickDirection: dir,
      seq: this.seq,
    };
    ring.push(trade);
    if (ring.length > TRADES_KEPT) ring.splice(0, ring.length - TRADES_KEPT);
    return trade;
  }

  tick(symbol: string): MarketTick {
    const t = this.feed.lastTick(symbol);
    if (!t) throw new BybitError(RET.PARAMS, 'params error: symbol invalid');
    return t;
  }

  /** Newest first, at most `limit`. */
  recentTrades(symbol: string, limit: number): PublicTrade[] {
    const ring = this.trades.get(symbol) ?? [];
    return ring.slice(-limit).reverse();
  }

  stats24h(symbol: string): Stats24h {
    const t = this.tick(symbol);
    const cached = this.stats.get(symbol);
    if (cached && cached.time === t.time) return cached.stats;
    const bars = this.feed.klines(symbol, '1m', 1440, t.time - DAY + 1);
    let high = t.last;
    let low = t.last;
    let volume = Decimal.ZERO;
    let turnover = Decimal.ZERO;
    let prev1h: Decimal | null = null;
    for (const b of bars) {
      if (b.high.gt(high)) high = b.high;
      if (b.low.lt(low)) low = b.low;
      volume = volume.add(b.volume);
      turnover = turnover.add(barTurnover(b));
      if (prev1h === null && b.openTime >= t.time - HOUR) prev1h = b.open;
    }
    const stats: Stats24h = { high, low, volume, turnover, prev24h: bars[0]?.open ?? t.last, prev1h: prev1h ?? t.last };
    this.stats.set(symbol, { time: t.time, stats });
    return stats;
  }

  /** Bars of a Bybit interval, oldest first (Bybit semantics: start → the first `limit` from there). */
  klines(symbol: string, interval: string, limit: number, start?: number, end?: number): Kline[] {
    return this.feed.klines(symbol, klineInterval(interval).name, limit, start, end);
  }
}
