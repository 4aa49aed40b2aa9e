import type { BookLevel } from '../../src/sim/market/market-types.js';
import { n8, vpx, vqty, type SymbolSpec, type Venue } from './binance-format.js';
import type { BinanceMarket, KlineRow, MarketEvent } from './binance-market.js';
import { premiumIndex, ticker24h } from './binance-market-payloads.js';

/**
 * WebSocket market stream payloads, per Binance's stream docs, for one generator tick: bookTicker
 * (spot has no `e`/`E`/`T`), trade, aggTrade, kline, 24hrTicker, 24hrMiniTicker, partial and diff
 * depth, markPriceUpdate (futures).
 */
type Json = Record<string, unknown>;

export const STREAM_RE =
  /^(?:[a-z0-9]+@(?:bookTicker|trade|aggTrade|ticker|miniTicker|kline_(?:1m|3m|5m|15m|30m|1h|2h|4h|1d)|depth(?:5|10|20)?(?:@(?:100|250|500)ms)?|markPrice(?:@1s)?)|!(?:miniTicker@arr|ticker@arr|bookTicker|markPrice@arr(?:@1s)?))$/;

export function bookTickerEvent(v: Venue, s: SymbolSpec, e: MarketEvent): Json {
  const t = e.tick;
  const body = {
    u: e.updateId,
    s: s.symbol,
    b: vpx(v, s, t.bid),
    B: vqty(v, s, t.bids[0]?.quantity ?? t.bid.sub(t.bid)),
    a: vpx(v, s, t.ask),
    A: vqty(v, s, t.asks[0]?.quantity ?? t.ask.sub(t.ask)),
  };
  return v === 'spot' ? body : { e: 'bookTicker', ...body, T: t.time, E: t.time };
}

export function tradeEvent(v: Venue, s: SymbolSpec, e: MarketEvent, agg: boolean): Json | null {
  const tr = e.trade;
  if (!tr) return null;
  const p = vpx(v, s, tr.price);
  const q = vqty(v, s, tr.qty);
  if (agg) {
    const body = { e: 'aggTrade', E: tr.time, s: s.symbol, a: tr.id, p, q, f: tr.id, l: tr.id, T: tr.time, m: tr.buyerMaker };
    return v === 'spot' ? { ...body, M: true } : body;
  }
  if (v === 'spot') return { e: 'trade', E: tr.time, s: s.symbol, t: tr.id, p, q, T: tr.time, m: tr.buyerMaker, M: true };
  return { e: 'trade', E: tr.time, T: tr.time, s: s.symbol, t: tr.id, p, q, X: 'MARKET', m: tr.buyerMaker };
}

export function klineEvent(v: Venue, s: SymbolSpec, k: KlineRow, interval: string, closed: boolean, now: number): Json {
  return {
    e: 'kline',
    E: now,
    s: s.symbol,
    k: {
      t: k.openTime,
      T: k.closeTime,
      s: s.symbol,
      i: interval,
      f: k.firstId,
      L: k.lastId,
      o: vpx(v, s, k.open),
      c: vpx(v, s, k.close),
      h: vpx(v, s, k.high),
      l: vpx(v, s, k.low),
      v: vqty(v, s, k.volume),
      n: k.trades,
      x: closed,
      q: v === 'spot' ? n8(k.quoteVolume) : k.quoteVolume.rescale(4, 'half-up').toFixed(4),
      V: vqty(v, s, k.takerBuyBase),
      Q: v === 'spot' ? n8(k.takerBuyQuote) : k.takerBuyQuote.rescale(4, 'half-up').toFixed(4),
      B: '0',
    },
  };
}

export function tickerEvent(v: Venue, m: BinanceMarket, s: SymbolSpec, now: number, mini: boolean): Json | null {
  const r = ticker24h(v, m, s);
  if (!r) return null;
  if (mini) {
    return { e: '24hrMiniTicker', E: now, s: s.symbol, c: r['lastPrice'], o: r['openPrice'], h: r['highPrice'], l: r['lowPrice'], v: r['volume'], q: r['quoteVolume'] };
  }
  const head = { e: '24hrTicker', E: now, s: s.symbol, p: r['priceChange'], P: r['priceChangePercent'], w: r['weightedAvgPrice'] };
  const tail = {
    o: r['openPrice'],
    h: r['highPrice'],
    l: r['lowPrice'],
    v: r['volume'],
    q: r['quoteVolume'],
    O: r['openTime'],
    C: r['closeTime'],
    F: r['firstId'],
    L: r['lastId'],
    n: r['count'],
  };
  if (v === 'futures') return { ...head, c: r['lastPrice'], Q: r['lastQty'], ...tail };
  return {
    ...head,
    x: r['prevClosePrice'],
    c: r['lastPrice'],
    Q: r['lastQty'],
    b: r['bidPrice'],
    B: r['bidQty'],
    a: r['askPrice'],
    A: r['askQty'],
    ...tail,
  };
}

const levels = (v: Venue, s: SymbolSpec, l: readonly BookLevel[], n: number) => l.slice(0, n).map((x) => [vpx(v, s, x.price), vqty(v, s, x.quantity)]);

/** `<symbol>@depth<N>`: the top N levels (spot: a snapshot object; futures: a depthUpdate event). */
export function partialDepthEvent(v: Venue, s: SymbolSpec, e: MarketEvent, n: number): Json {
  const t = e.tick;
  if (v === 'spot') return { lastUpdateId: e.updateId, bids: levels(v, s, t.bids, n), asks: levels(v, s, t.asks, n) };
  return { e: 'depthUpdate', E: t.time, T: t.time, s: s.symbol, U: e.prevUpdateId + 1, u: e.updateId, pu: e.prevUpdateId, b: levels(v, s, t.bids, n), a: levels(v, s, t.asks, n) };
}

/** `<symbol>@depth`: the levels that changed since the previous tick (quantity 0: the level is gone). */
export function diffDepthEvent(v: Venue, s: SymbolSpec, e: MarketEvent, prev: { bids: readonly BookLevel[]; asks: readonly BookLevel[] } | undefined): Json {
  const t = e.tick;
  const diff = (now: readonly BookLevel[], before: readonly BookLevel[] | undefined) => {
    const out: [string, string][] = [];
    const seen = new Set(now.map((l) => l.price.toString()));
    for (const l of before ?? []) if (!seen.has(l.price.toString())) out.push([vpx(v, s, l.price), vqty(v, s, l.quantity.sub(l.quantity))]);
    for (const l of now) out.push([vpx(v, s, l.price), vqty(v, s, l.quantity)]);
    return out;
  };
  const body = { e: 'depthUpdate', E: t.time, s: s.symbol, U: e.prevUpdateId + 1, u: e.updateId, b: diff(t.bids, prev?.bids), a: diff(t.asks, prev?.asks) };
  return v === 'spot' ? body : { ...body, T: t.time, pu: e.prevUpdateId };
}

export function markPriceEvent(m: BinanceMarket, s: SymbolSpec, now: number): Json {
  const p = premiumIndex(m, s, now);
  return { e: 'markPriceUpdate', E: now, s: s.symbol, p: p['markPrice'], i: p['indexPrice'], P: p['estimatedSettlePrice'], r: p['lastFundingRate'], T: p['nextFundingTime'] };
}
