/**
 * Market data of the fake OKX over the generator feed, in OKX's shapes: public trades (a ring of
 * the live prints), tickers with 24h statistics, candles (`bar` 1m…1Dutc, newest first, `after` /
 * `before` paging) and the order book. Swap sizes are in contracts (base ÷ ctVal), spot sizes in
 * base currency; a swap and its spot pair share the generator's prices.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import type { BookLevel, MarketTick } from '../../src/sim/market/market-types.js';
import type { OkxSpec } from './okx-instruments.js';
import { CODE, OkxError, txt } from './okx-wire.js';

export interface PublicTrade {
  readonly tradeId: string;
  readonly symbol: string;
  readonly ts: number;
  readonly side: 'buy' | 'sell';
  readonly px: Decimal;
  /** In base units. */
  readonly qty: Decimal;
}

/** OKX `bar` → the generator's interval. */
const BARS: Readonly<Record<string, string>> = {
  '1m': '1m', '3m': '3m', '5m': '5m', '15m': '15m', '30m': '30m', '1H': '1h', '2H': '2h', '4H': '4h', '1D': '1d', '1Dutc': '1d',
};
const DAY = 86_400_000;
const KEPT = 1000;

/** Base units → OKX's size unit of the instrument. */
export const toSz = (s: OkxSpec, qty: Decimal): Decimal => (s.ctVal.eq(Decimal.ONE) ? qty : qty.div(s.ctVal, qty.scale + 8).normalize());

export class OkxMarket {
  private readonly trades = new Map<string, PublicTrade[]>();
  private seq = 720_000_000;

  constructor(readonly feed: MarketFeed) {}

  record(tick: MarketTick): PublicTrade | null {
    if (tick.tradeQuantity.sign() <= 0) return null;
    const ring = this.trades.get(tick.symbol) ?? [];
    this.trades.set(tick.symbol, ring);
    const t: PublicTrade = { tradeId: String(++this.seq), symbol: tick.symbol, ts: tick.time, side: tick.aggressor === 'BUY' ? 'buy' : 'sell', px: tick.last, qty: tick.tradeQuantity };
    ring.push(t);
    if (ring.length > KEPT) ring.splice(0, ring.length - KEPT);
    return t;
  }

  tick(symbol: string): MarketTick {
    const t = this.feed.lastTick(symbol);
    if (!t) throw new OkxError(CODE.INST_NOT_FOUND, "Instrument ID doesn't exist.");
    return t;
  }

  ticker(s: OkxSpec): Record<string, unknown> {
    const t = this.tick(s.symbol);
    const bars = this.feed.klines(s.symbol, '1m', 1440, t.time - DAY + 1);
    let high = t.last;
    let low = t.last;
    let vol = Decimal.ZERO;
    let quoteVol = Decimal.ZERO;
    for (const b of bars) {
      if (b.high.gt(high)) high = b.high;
      if (b.low.lt(low)) low = b.low;
      vol = vol.add(b.volume);
      quoteVol = quoteVol.add(b.volume.mul(b.close));
    }
    const dayOpen = this.feed.klines(s.symbol, '1d', 1)[0]?.open ?? t.last;
    const spot = s.instType === 'SPOT';
    return {
      instType: s.instType,
      instId: s.instId,
      last: txt(t.last),
      lastSz: txt(toSz(s, this.trades.get(s.symbol)?.at(-1)?.qty ?? Decimal.ZERO)),
      askPx: txt(t.ask),
      askSz: txt(toSz(s, t.asks[0]?.quantity ?? Decimal.ZERO)),
      bidPx: txt(t.bid),
      bidSz: txt(toSz(s, t.bids[0]?.quantity ?? Decimal.ZERO)),
      open24h: txt(bars[0]?.open ?? t.last),
      high24h: txt(high),
      low24h: txt(low),
      // Spot: vol24h in base, volCcy24h in quote; swap: vol24h in contracts, volCcy24h in base.
      volCcy24h: txt(spot ? quoteVol.rescale(8, 'half-up') : vol),
      vol24h: txt(spot ? vol : toSz(s, vol)),
      sodUtc0: txt(dayOpen),
      sodUtc8: txt(dayOpen),
      ts: String(t.time),
    };
  }

  /** GET /api/v5/market/candles: newest first; `after` older than, `before` newer than (both exclusive). */
  candles(s: OkxSpec, bar: string, limit: number, after?: number, before?: number): string[][] {
    const interval = BARS[bar];
    if (!interval) throw new OkxError(CODE.PARAM_ERROR, 'Parameter bar error');
    const t = this.tick(s.symbol);
    const end = after !== undefined ? after - 1 : t.time;
    const start = before !== undefined ? before + 1 : undefined;
    const all = this.feed.klines(s.symbol, interval, 100_000, start, end).filter((k) => (start === undefined || k.openTime >= start) && k.openTime <= end);
    const last = all.at(-1)?.openTime;
    return all
      .slice(-limit)
      .reverse()
      .map((k) => [
        String(k.openTime),
        txt(k.open),
        txt(k.high),
        txt(k.low),
        txt(k.close),
        txt(s.instType === 'SPOT' ? k.volume : toSz(s, k.volume)),
        txt(s.instType === 'SPOT' ? k.volume.mul(k.close).rescale(8, 'half-up') : k.volume),
        txt(k.volume.mul(k.close).rescale(8, 'half-up')),
        // The bar still forming is unconfirmed.
        k.openTime === last && k.closeTime >= t.time ? '0' : '1',
      ]);
  }

  /** Book levels as OKX sends them: [price, size, "0" (deprecated), number of orders]. */
  levels(s: OkxSpec, levels: readonly BookLevel[], depth: number): string[][] {
    return levels.slice(0, depth).map((l) => [txt(l.price), txt(toSz(s, l.quantity)), '0', '1']);
  }

  book(s: OkxSpec, depth: number): Record<string, unknown> {
    const t = this.tick(s.symbol);
    return { asks: this.levels(s, t.asks, depth), bids: this.levels(s, t.bids, depth), ts: String(t.time) };
  }

  tradeJson(s: OkxSpec, t: PublicTrade): Record<string, unknown> {
    return { instId: s.instId, tradeId: t.tradeId, px: txt(t.px), sz: txt(toSz(s, t.qty)), side: t.side, ts: String(t.ts), count: '1' };
  }

  recentTrades(s: OkxSpec, limit: number): Record<string, unknown>[] {
    return (this.trades.get(s.symbol) ?? [])
      .slice(-limit)
      .reverse()
      .map((t) => this.tradeJson(s, t));
  }
}
