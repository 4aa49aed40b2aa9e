/**
 * Bybit v5 shapes of market data, shared by REST and the public WebSocket topics: tickers (linear
 * and spot differ: linear carries open interest, mark and funding, spot its usdIndexPrice; the spot
 * WS ticker has no bid/ask, as on Bybit), klines, order book levels and public trades.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { Kline, MarketTick } from '../../src/sim/market/market-types.js';
import type { BybitInstruments, BybitSpec } from './bybit-instruments.js';
import { barTurnover, type PublicTrade, type Stats24h } from './bybit-market-data.js';
import { money } from './bybit-wire.js';

const FUNDING_EVERY = 8 * 3_600_000;

function pct(last: Decimal, prev: Decimal): string {
  if (prev.isZero()) return '0';
  return last.sub(prev).div(prev, 6, 'half-up').toString();
}

/** A ticker; `ws` drops what Bybit's stream does not carry (spot bid/ask). */
export function tickerJson(inst: BybitInstruments, s: BybitSpec, t: MarketTick, st: Stats24h, ws = false): Record<string, unknown> {
  const px = (d: Decimal): string => inst.price(s, d);
  const common = {
    symbol: s.symbol,
    lastPrice: px(t.last),
    prevPrice24h: px(st.prev24h),
    price24hPcnt: pct(t.last, st.prev24h),
    highPrice24h: px(st.high),
    lowPrice24h: px(st.low),
    turnover24h: money(st.turnover),
    volume24h: inst.qty(s, st.volume),
  };
  const book = {
    bid1Price: px(t.bid),
    bid1Size: inst.qty(s, t.bids[0]?.quantity ?? Decimal.ZERO),
    ask1Price: px(t.ask),
    ask1Size: inst.qty(s, t.asks[0]?.quantity ?? Decimal.ZERO),
  };
  if (s.category === 'spot') {
    return ws ? { ...common, usdIndexPrice: px(t.last) } : { ...common, ...book, usdIndexPrice: px(t.last) };
  }
  const openInterest = Decimal.parse('50000');
  const nextFunding = Math.ceil((t.time + 1) / FUNDING_EVERY) * FUNDING_EVERY;
  return {
    ...common,
    tickDirection: 'ZeroPlusTick',
    prevPrice1h: px(st.prev1h),
    markPrice: px(t.last),
    indexPrice: px(t.last),
    openInterest: openInterest.toString(),
    openInterestValue: money(openInterest.mul(t.last)),
    fundingRate: '0.0001',
    nextFundingTime: String(nextFunding),
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    basis: '',
    ...book,
  };
}

/** A `/v5/market/kline` row: [startTime, open, high, low, close, volume, turnover]. */
export function klineRow(inst: BybitInstruments, s: BybitSpec, k: Kline): string[] {
  return [
    String(k.openTime),
    inst.price(s, k.open),
    inst.price(s, k.high),
    inst.price(s, k.low),
    inst.price(s, k.close),
    inst.qty(s, k.volume),
    barTurnover(k).toString(),
  ];
}

/** A `kline.{interval}.{symbol}` WS entry. */
export function wsKline(inst: BybitInstruments, s: BybitSpec, interval: string, k: Kline, confirm: boolean, now: number): Record<string, unknown> {
  const [start, open, high, low, close, volume, turnover] = klineRow(inst, s, k);
  return { start: Number(start), end: k.closeTime, interval, open, close, high, low, volume, turnover, confirm, timestamp: now };
}

/** Book levels [[price, size], …] of one side, best first, at most `depth`. */
export function levels(inst: BybitInstruments, s: BybitSpec, side: MarketTick['bids'], depth: number): [string, string][] {
  return side.slice(0, depth).map((l) => [inst.price(s, l.price), inst.qty(s, l.quantity)]);
}

/** A `/v5/market/recent-trade` entry. */
export function restTrade(inst: BybitInstruments, s: BybitSpec, t: PublicTrade): Record<string, unknown> {
  return {
    execId: t.id,
    symbol: t.symbol,
    price: inst.price(s, t.price),
    size: inst.qty(s, t.size),
    side: t.side,
    time: String(t.time),
    isBlockTrade: false,
    isRPITrade: false,
    seq: String(t.seq),
  };
}

/** A `publicTrade.{symbol}` WS entry. */
export function wsTrade(inst: BybitInstruments, s: BybitSpec, t: PublicTrade): Record<string, unknown> {
  return {
    T: t.time,
    s: t.symbol,
    S: t.side,
    v: inst.qty(s, t.size),
    p: inst.price(s, t.price),
    L: t.tickDirection,
    i: t.id,
    BT: false,
    RPI: false,
    seq: t.seq,
  };
}
