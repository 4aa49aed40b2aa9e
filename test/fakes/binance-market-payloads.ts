import { Decimal } from '../../src/domain/decimal.js';
import type { BinanceMarket, KlineRow, TradePrint } from './binance-market.js';
import { money, n8, vpx, vqty, type SymbolSpec, type Venue } from './binance-format.js';

/**
 * The public REST answers (tickers, book, trades, klines, mark price) in each venue's own shape:
 * spot numbers carry 8 decimals, futures numbers the symbol's precision and a few extra fields.
 */
type Json = Record<string, unknown>;

const pct = (open: Decimal, last: Decimal): string =>
  open.isZero() ? '0.000' : last.sub(open).mul(Decimal.fromInt(100)).div(open, 3, 'half-up').toFixed(3);

export function ticker24h(v: Venue, m: BinanceMarket, s: SymbolSpec): Json | null {
  const st = m.stats24h(s.symbol);
  const tick = m.last(s.symbol);
  if (!st || !tick) return null;
  const weighted = st.volume.isZero() ? st.last : st.quoteVolume.div(st.volume, 8, 'half-up');
  const common = {
    symbol: s.symbol,
    priceChange: vpx(v, s, st.last.sub(st.open)),
    priceChangePercent: pct(st.open, st.last),
    weightedAvgPrice: v === 'spot' ? n8(weighted) : weighted.rescale(Math.max(s.priceScale, 2), 'half-up').toFixed(),
  };
  const tail = {
    openPrice: vpx(v, s, st.open),
    highPrice: vpx(v, s, st.high),
    lowPrice: vpx(v, s, st.low),
    volume: vqty(v, s, st.volume),
    quoteVolume: v === 'spot' ? n8(st.quoteVolume) : st.quoteVolume.rescale(2, 'half-up').toFixed(2),
    openTime: st.openTime,
    closeTime: st.closeTime,
    firstId: st.firstId,
    lastId: st.lastId,
    count: st.count,
  };
  if (v === 'futures') return { ...common, lastPrice: vpx(v, s, st.last), lastQty: vqty(v, s, st.lastQty), ...tail };
  return {
    ...common,
    prevClosePrice: n8(st.open),
    lastPrice: n8(st.last),
    lastQty: n8(st.lastQty),
    bidPrice: n8(tick.bid),
    bidQty: n8(tick.bids[0]?.quantity ?? Decimal.ZERO),
    askPrice: n8(tick.ask),
    askQty: n8(tick.asks[0]?.quantity ?? Decimal.ZERO),
    ...tail,
  };
}

export function bookTicker(v: Venue, m: BinanceMarket, s: SymbolSpec): Json | null {
  const t = m.last(s.symbol);
  if (!t) return null;
  const body = {
    symbol: s.symbol,
    bidPrice: vpx(v, s, t.bid),
    bidQty: vqty(v, s, t.bids[0]?.quantity ?? Decimal.ZERO),
    askPrice: vpx(v, s, t.ask),
    askQty: vqty(v, s, t.asks[0]?.quantity ?? Decimal.ZERO),
  };
  return v === 'spot' ? body : { ...body, time: t.time, lastUpdateId: m.updateId(s.symbol) };
}

export function priceTicker(v: Venue, m: BinanceMarket, s: SymbolSpec): Json | null {
  const t = m.last(s.symbol);
  if (!t) return null;
  return v === 'spot' ? { symbol: s.symbol, price: n8(t.last) } : { symbol: s.symbol, price: vpx(v, s, t.last), time: t.time };
}

export function depth(v: Venue, m: BinanceMarket, s: SymbolSpec, limit: number): Json {
  const t = m.last(s.symbol);
  const side = (levels: readonly { price: Decimal; quantity: Decimal }[]) =>
    levels.slice(0, limit).map((l) => [vpx(v, s, l.price), vqty(v, s, l.quantity)]);
  const body = { lastUpdateId: m.updateId(s.symbol), bids: side(t?.bids ?? []), asks: side(t?.asks ?? []) };
  if (v === 'spot') return body;
  const time = t?.time ?? Date.now();
  return { lastUpdateId: body.lastUpdateId, E: time, T: time, bids: body.bids, asks: body.asks };
}

export function trade(v: Venue, s: SymbolSpec, t: TradePrint): Json {
  const body = {
    id: t.id,
    price: vpx(v, s, t.price),
    qty: vqty(v, s, t.qty),
    quoteQty: v === 'spot' ? n8(t.price.mul(t.qty)) : t.price.mul(t.qty).toString(),
    time: t.time,
    isBuyerMaker: t.buyerMaker,
  };
  return v === 'spot' ? { ...body, isBestMatch: true } : body;
}

export function aggTrade(v: Venue, s: SymbolSpec, t: TradePrint): Json {
  const body = { a: t.id, p: vpx(v, s, t.price), q: vqty(v, s, t.qty), f: t.id, l: t.id, T: t.time, m: t.buyerMaker };
  return v === 'spot' ? { ...body, M: true } : body;
}

/** One kline row: [open time, o, h, l, c, volume, close time, quote volume, trades, taker buy base, taker buy quote, "0"]. */
export function klineRow(v: Venue, s: SymbolSpec, k: KlineRow): unknown[] {
  return [
    k.openTime,
    vpx(v, s, k.open),
    vpx(v, s, k.high),
    vpx(v, s, k.low),
    vpx(v, s, k.close),
    vqty(v, s, k.volume),
    k.closeTime,
    v === 'spot' ? n8(k.quoteVolume) : k.quoteVolume.rescale(4, 'half-up').toFixed(4),
    k.trades,
    vqty(v, s, k.takerBuyBase),
    v === 'spot' ? n8(k.takerBuyQuote) : k.takerBuyQuote.rescale(4, 'half-up').toFixed(4),
    '0',
  ];
}

/** USD-M `premiumIndex`: mark price (the book's mid), index = mark, a flat funding rate. */
export function premiumIndex(m: BinanceMarket, s: SymbolSpec, now: number): Json {
  const mark = m.mark(s.symbol);
  const eightHours = 8 * 3_600_000;
  return {
    symbol: s.symbol,
    markPrice: money(mark),
    indexPrice: money(mark),
    estimatedSettlePrice: money(mark),
    lastFundingRate: '0.00010000',
    interestRate: '0.00010000',
    nextFundingTime: Math.ceil(now / eightHours) * eightHours,
    time: now,
  };
}
