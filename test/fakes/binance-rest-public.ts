import { intervalMs } from '../../src/sim/market/candle-builder.js';
import { errors } from './binance-errors.js';
import { futuresExchangeInfo, spotExchangeInfo } from './binance-exchange-info.js';
import { n8, type SymbolSpec, type Venue } from './binance-format.js';
import type { RestContext, RestRouter } from './binance-http.js';
import type { BinanceMarket } from './binance-market.js';
import { aggTrade, bookTicker, depth, klineRow, premiumIndex, priceTicker, ticker24h, trade } from './binance-market-payloads.js';
import { symbolOf } from './binance-order-params.js';

/**
 * Public market-data routes of both venues: `/api/v3/...` (spot) and `/fapi/v1/...` (USD-M):
 * ping, time, exchangeInfo, ticker/24hr, ticker/bookTicker, ticker/price, klines, depth, trades,
 * aggTrades, plus spot avgPrice and USD-M premiumIndex (mark price).
 */
function intParam(ctx: RestContext, name: string, dflt: number | undefined, max?: number): number | undefined {
  const text = ctx.params.get(name);
  if (text === undefined || text === '') return dflt;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw errors.illegalChars(name);
  return max === undefined ? n : Math.min(n, max);
}

/** `symbol`, or `symbols=["A","B"]` (spot), or every symbol; returns [list, wasSingle]. */
function selection(v: Venue, ctx: RestContext, specs: ReadonlyMap<string, SymbolSpec>): [SymbolSpec[], boolean] {
  const one = symbolOf(ctx.params, specs, false);
  if (one) return [[one], true];
  const many = ctx.params.get('symbols');
  if (v === 'spot' && many) {
    let names: unknown;
    try {
      names = JSON.parse(many);
    } catch {
      throw errors.badParam('symbols');
    }
    if (!Array.isArray(names)) throw errors.badParam('symbols');
    return [names.map((n) => specs.get(String(n)) ?? (() => { throw errors.badSymbol(); })()), false];
  }
  return [[...specs.values()], false];
}

export function addPublicRoutes(router: RestRouter, v: Venue, market: BinanceMarket): void {
  const base = v === 'spot' ? '/api/v3' : '/fapi/v1';
  const specs = market.specs;
  const get = (path: string, h: (ctx: RestContext) => unknown) => router.add('GET', base + path, 'NONE', h);
  const list = (ctx: RestContext, f: (s: SymbolSpec) => unknown) => {
    const [chosen, single] = selection(v, ctx, specs);
    const out = chosen.map(f).filter((x) => x !== null);
    return single ? (out[0] ?? {}) : out;
  };

  get('/ping', () => ({}));
  get('/time', (ctx) => ({ serverTime: ctx.now }));
  get('/exchangeInfo', (ctx) => {
    if (v === 'futures') return futuresExchangeInfo(specs.values(), ctx.now);
    const [chosen, single] = selection(v, ctx, specs);
    return spotExchangeInfo(specs.values(), ctx.now, single || ctx.params.has('symbols') ? chosen.map((s) => s.symbol) : undefined);
  });
  get('/ticker/24hr', (ctx) => list(ctx, (s) => ticker24h(v, market, s)));
  if (v === 'spot') get('/ticker', (ctx) => list(ctx, (s) => ticker24h(v, market, s)));
  get('/ticker/bookTicker', (ctx) => list(ctx, (s) => bookTicker(v, market, s)));
  get('/ticker/price', (ctx) => list(ctx, (s) => priceTicker(v, market, s)));
  if (v === 'futures') router.add('GET', '/fapi/v2/ticker/price', 'NONE', (ctx) => list(ctx, (s) => priceTicker(v, market, s)));

  const klines = (ctx: RestContext) => {
    const s = symbolOf(ctx.params, specs) as SymbolSpec;
    const interval = ctx.params.get('interval');
    if (interval === undefined || interval === '') throw errors.mandatory('interval');
    if (intervalMs(interval) === null) throw errors.badInterval();
    const limit = intParam(ctx, 'limit', 500, v === 'spot' ? 1000 : 1500);
    const start = intParam(ctx, 'startTime', undefined);
    const end = intParam(ctx, 'endTime', undefined);
    return market.klines(s.symbol, interval, limit, start, end).map((k) => klineRow(v, s, k));
  };
  get('/klines', klines);
  if (v === 'spot') get('/uiKlines', klines);

  get('/depth', (ctx) => {
    const s = symbolOf(ctx.params, specs) as SymbolSpec;
    return depth(v, market, s, intParam(ctx, 'limit', 100, 5000) ?? 100);
  });
  get('/trades', (ctx) => {
    const s = symbolOf(ctx.params, specs) as SymbolSpec;
    return market.recentTrades(s.symbol, intParam(ctx, 'limit', 500, 1000)).map((t) => trade(v, s, t));
  });
  get('/aggTrades', (ctx) => {
    const s = symbolOf(ctx.params, specs) as SymbolSpec;
    const limit = intParam(ctx, 'limit', 500, 1000) ?? 500;
    const fromId = intParam(ctx, 'fromId', undefined);
    const start = intParam(ctx, 'startTime', undefined);
    const end = intParam(ctx, 'endTime', undefined);
    let trades = market.recentTrades(s.symbol, 1000);
    if (fromId !== undefined) trades = trades.filter((t) => t.id >= fromId).slice(0, limit);
    else if (start !== undefined || end !== undefined) {
      trades = trades.filter((t) => (start === undefined || t.time >= start) && (end === undefined || t.time <= end)).slice(0, limit);
    } else trades = trades.slice(Math.max(0, trades.length - limit));
    return trades.map((t) => aggTrade(v, s, t));
  });
  if (v === 'spot') {
    get('/avgPrice', (ctx) => {
      const s = symbolOf(ctx.params, specs) as SymbolSpec;
      const bars = market.klines(s.symbol, '1m', 5);
      const last = bars[bars.length - 1];
      const avg = last ? last.close : market.mark(s.symbol);
      return { mins: 5, price: n8(avg), closeTime: last?.closeTime ?? ctx.now };
    });
  } else {
    get('/premiumIndex', (ctx) => list(ctx, (s) => premiumIndex(market, s, ctx.now)));
  }
}
