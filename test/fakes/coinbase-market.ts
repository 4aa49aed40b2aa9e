/**
 * Products and market data of the fake Coinbase over the generator feed, in Advanced Trade's
 * shapes: `products` (spot; FUTURE lists are empty), a product's `ticker` (recent trades with
 * best_bid / best_ask), `candles` (newest first, `start`/`end` in seconds, at most 350), the
 * `product_book` and `best_bid_ask`. BTC-USD, BTC-USDC and BTC-USDT share the generator's BTCUSDT
 * prices (on Coinbase, USD and USDC books are one book), ETH-* its ETHUSDT.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { invalid, iso, notFound, txt } from './coinbase-wire.js';

export interface CoinbaseProduct {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  /** The generator symbol whose prices it trades at. */
  readonly symbol: string;
  readonly priceIncrement: Decimal;
  readonly baseIncrement: Decimal;
  readonly baseMin: Decimal;
  readonly quoteMin: Decimal;
}

export interface PublicTrade {
  readonly tradeId: string;
  readonly symbol: string;
  readonly time: number;
  readonly side: 'BUY' | 'SELL';
  readonly price: Decimal;
  readonly size: Decimal;
}

const d = Decimal.parse;
const product = (base: string, quote: string, symbol: string): CoinbaseProduct => ({
  id: `${base}-${quote}`,
  base,
  quote,
  symbol,
  priceIncrement: d('0.01'),
  baseIncrement: d('0.00000001'),
  baseMin: d('0.00000001'),
  quoteMin: d('1'),
});

export const PRODUCTS: readonly CoinbaseProduct[] = [
  product('BTC', 'USD', 'BTCUSDT'),
  product('BTC', 'USDC', 'BTCUSDT'),
  product('BTC', 'USDT', 'BTCUSDT'),
  product('ETH', 'USD', 'ETHUSDT'),
  product('ETH', 'USDT', 'ETHUSDT'),
];

const GRANULARITY: Readonly<Record<string, string>> = {
  ONE_MINUTE: '1m', FIVE_MINUTE: '5m', FIFTEEN_MINUTE: '15m', THIRTY_MINUTE: '30m', ONE_HOUR: '1h', TWO_HOUR: '2h', SIX_HOUR: '6h', ONE_DAY: '1d',
};
const SECONDS: Readonly<Record<string, number>> = { '1m': 60, '5m': 300, '15m': 900, '30m': 1800, '1h': 3600, '2h': 7200, '6h': 21600, '1d': 86400 };
const KEPT = 1000;
const DAY = 86_400_000;

export class CoinbaseMarket {
  private readonly trades = new Map<string, PublicTrade[]>();
  private seq = 610_000_000;

  constructor(readonly feed: MarketFeed) {}

  find(id: unknown): CoinbaseProduct | null {
    return PRODUCTS.find((p) => p.id === id) ?? null;
  }

  product(id: unknown): CoinbaseProduct {
    const p = this.find(id);
    if (!p) throw notFound(`ProductID ${String(id)} could not be found`);
    return p;
  }

  record(tick: MarketTick): PublicTrade | null {
    if (tick.tradeQuantity.sign() <= 0) return null;
    const ring = this.trades.get(tick.symbol) ?? [];
    this.trades.set(tick.symbol, ring);
    const t: PublicTrade = { tradeId: String(++this.seq), symbol: tick.symbol, time: tick.time, side: tick.aggressor, price: tick.last, size: tick.tradeQuantity };
    ring.push(t);
    if (ring.length > KEPT) ring.splice(0, ring.length - KEPT);
    return t;
  }

  tick(p: CoinbaseProduct): MarketTick {
    const t = this.feed.lastTick(p.symbol);
    if (!t) throw notFound(`ProductID ${p.id} has no market data`);
    return t;
  }

  private day(p: CoinbaseProduct): { high: Decimal; low: Decimal; volume: Decimal; open: Decimal } {
    const t = this.tick(p);
    const bars = this.feed.klines(p.symbol, '1m', 1440, t.time - DAY + 1);
    let high = t.last;
    let low = t.last;
    let volume = Decimal.ZERO;
    for (const b of bars) {
      if (b.high.gt(high)) high = b.high;
      if (b.low.lt(low)) low = b.low;
      volume = volume.add(b.volume);
    }
    return { high, low, volume, open: bars[0]?.open ?? t.last };
  }

  productJson(p: CoinbaseProduct): Record<string, unknown> {
    const t = this.feed.lastTick(p.symbol);
    const day = t ? this.day(p) : null;
    const change = day && t && day.open.sign() > 0 ? t.last.sub(day.open).mul(Decimal.fromInt(100)).div(day.open, 8) : Decimal.ZERO;
    return {
      product_id: p.id,
      price: txt(t?.last),
      price_percentage_change_24h: txt(change),
      volume_24h: txt(day?.volume ?? Decimal.ZERO),
      volume_percentage_change_24h: '0',
      base_increment: txt(p.baseIncrement),
      quote_increment: txt(p.priceIncrement),
      quote_min_size: txt(p.quoteMin),
      quote_max_size: '150000000',
      base_min_size: txt(p.baseMin),
      base_max_size: '3400',
      base_name: p.base === 'BTC' ? 'Bitcoin' : 'Ethereum',
      quote_name: p.quote === 'USD' ? 'US Dollar' : p.quote,
      watched: false,
      is_disabled: false,
      new: false,
      status: 'online',
      cancel_only: false,
      limit_only: false,
      post_only: false,
      trading_disabled: false,
      auction_mode: false,
      product_type: 'SPOT',
      quote_currency_id: p.quote,
      base_currency_id: p.base,
      fcm_trading_session_details: null,
      mid_market_price: '',
      alias: '',
      alias_to: [],
      base_display_symbol: p.base,
      quote_display_symbol: p.quote,
      view_only: false,
      price_increment: txt(p.priceIncrement),
      display_name: p.id,
      product_venue: 'CBE',
      approximate_quote_24h_volume: txt(day && t ? day.volume.mul(t.last).rescale(2, 'half-up') : Decimal.ZERO),
    };
  }

  /** GET …/products: spot only (the FUTURE lists are empty: no futures on this account). */
  products(params: Record<string, unknown>): Record<string, unknown> {
    const type = params.product_type;
    const list = type === undefined || type === 'SPOT' ? PRODUCTS.map((p) => this.productJson(p)) : [];
    return { products: list, num_products: list.length };
  }

  tradeJson(p: CoinbaseProduct, t: PublicTrade): Record<string, unknown> {
    return { trade_id: t.tradeId, product_id: p.id, price: txt(t.price), size: txt(t.size), time: iso(t.time), side: t.side, exchange: '' };
  }

  /** GET …/products/{id}/ticker?limit=n: the latest trades (newest first) and the best bid/ask. */
  ticker(p: CoinbaseProduct, limit: number): Record<string, unknown> {
    const t = this.tick(p);
    const trades = (this.trades.get(p.symbol) ?? []).slice(-Math.max(1, Math.min(limit || 1, 1000))).reverse();
    return { trades: trades.map((x) => this.tradeJson(p, x)), best_bid: txt(t.bid), best_ask: txt(t.ask) };
  }

  /** GET …/products/{id}/candles?start&end&granularity: newest first, seconds; more than 350 is refused. */
  candles(p: CoinbaseProduct, params: Record<string, unknown>): Record<string, unknown> {
    const interval = GRANULARITY[String(params.granularity)];
    if (!interval) throw invalid(`granularity ${String(params.granularity)} is not supported`);
    const start = Number(params.start);
    const end = Number(params.end);
    if (!Number.isInteger(start) || !Number.isInteger(end) || end < start) throw invalid('start and end must be UNIX seconds, end after start');
    if ((end - start) / SECONDS[interval]! > 350) throw invalid('number of candles requested should be less than or equal to 350');
    const bars = this.feed.klines(p.symbol, interval, 100_000, start * 1000, end * 1000).filter((k) => k.openTime >= start * 1000 && k.openTime <= end * 1000);
    return {
      candles: bars.reverse().map((k) => ({ start: String(k.openTime / 1000), low: txt(k.low), high: txt(k.high), open: txt(k.open), close: txt(k.close), volume: txt(k.volume) })),
    };
  }

  levels(t: MarketTick, limit: number): { bids: { price: string; size: string }[]; asks: { price: string; size: string }[] } {
    const side = (ls: MarketTick['bids']) => ls.slice(0, limit).map((l) => ({ price: txt(l.price), size: txt(l.quantity) }));
    return { bids: side(t.bids), asks: side(t.asks) };
  }

  /** GET …/product_book?product_id&limit. */
  book(p: CoinbaseProduct, limit: number): Record<string, unknown> {
    const t = this.tick(p);
    return { pricebook: { product_id: p.id, ...this.levels(t, limit > 0 ? limit : 50), time: iso(t.time) }, last: txt(t.last), mid_market: txt(t.bid.add(t.ask).div(Decimal.fromInt(2), 8)) };
  }

  /** GET …/best_bid_ask?product_ids=…: one level a side per product. */
  bestBidAsk(ids: readonly string[]): Record<string, unknown> {
    const list = (ids.length ? ids : PRODUCTS.map((p) => p.id)).map((id) => {
      const p = this.product(id);
      const t = this.tick(p);
      return { product_id: p.id, ...this.levels(t, 1), time: iso(t.time) };
    });
    return { pricebooks: list };
  }

  dayStats(p: CoinbaseProduct): { high: Decimal; low: Decimal; volume: Decimal; open: Decimal } {
    return this.day(p);
  }
}
