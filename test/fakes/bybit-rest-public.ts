/**
 * Public REST routes of the fake Bybit v5: `/v5/market/*` (time, instruments-info, tickers, kline,
 * orderbook, recent-trade). Categories the fake does not trade (inverse, option) answer empty
 * lists, so an untrimmed ccxt `loadMarkets()` still works.
 */
import type { BybitCore } from './bybit-core.js';
import { klineInterval } from './bybit-market-data.js';
import { klineRow, levels, restTrade } from './bybit-market-json.js';
import { BybitError, RET, category, limitParam, optInt, optStr, page, reqStr, type Category, type Params } from './bybit-wire.js';

export interface Route {
  readonly signed: boolean;
  handle(p: Params): unknown;
}

const OTHER_CATEGORIES = ['inverse', 'option'];

/** The category, or null for a real Bybit category the fake has no instruments in. */
function marketCategory(p: Params): Category | null {
  const c = optStr(p, 'category');
  if (c !== undefined && OTHER_CATEGORIES.includes(c)) return null;
  return category(p);
}

export function publicRoutes(core: BybitCore): Record<string, Route> {
  const { inst, market } = core;
  return {
    'GET /v5/market/time': {
      signed: false,
      handle: () => {
        const now = core.now();
        return { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` };
      },
    },
    'GET /v5/market/instruments-info': {
      signed: false,
      handle: (p) => {
        const cat = marketCategory(p);
        if (cat === null) return { category: optStr(p, 'category'), list: [], nextPageCursor: '' };
        const symbol = optStr(p, 'symbol');
        const status = optStr(p, 'status');
        const baseCoin = optStr(p, 'baseCoin');
        const specs = inst
          .list(cat)
          .filter((s) => (symbol === undefined || s.symbol === symbol) && (baseCoin === undefined || s.base === baseCoin) && (status === undefined || status === 'Trading'));
        if (cat === 'spot') return { category: cat, list: specs.map((s) => inst.json(s)) };
        const pg = page(specs, p, 500, 1000);
        return { category: cat, list: pg.list.map((s) => inst.json(s)), nextPageCursor: pg.nextPageCursor };
      },
    },
    'GET /v5/market/tickers': {
      signed: false,
      handle: (p) => {
        const cat = marketCategory(p);
        if (cat === null) return { category: optStr(p, 'category'), list: [] };
        const symbol = optStr(p, 'symbol');
        const specs = symbol === undefined ? inst.list(cat) : [inst.get(cat, symbol)];
        return { category: cat, list: specs.map((s) => core.ticker(cat, s)) };
      },
    },
    'GET /v5/market/kline': {
      signed: false,
      handle: (p) => {
        const cat = optStr(p, 'category') === undefined ? 'linear' : marketCategory(p);
        if (cat === null) throw new BybitError(RET.PARAMS, 'params error: symbol invalid');
        const spec = inst.get(cat, reqStr(p, 'symbol'));
        const interval = reqStr(p, 'interval');
        klineInterval(interval);
        const limit = limitParam(p, 200, 1000);
        const bars = market.klines(spec.symbol, interval, limit, optInt(p, 'start'), optInt(p, 'end'));
        return { category: cat, symbol: spec.symbol, list: bars.reverse().map((k) => klineRow(inst, spec, k)) };
      },
    },
    'GET /v5/market/orderbook': {
      signed: false,
      handle: (p) => {
        const cat = marketCategory(p);
        if (cat === null) throw new BybitError(RET.PARAMS, 'params error: symbol invalid');
        const spec = inst.get(cat, reqStr(p, 'symbol'));
        const depth = cat === 'spot' ? limitParam(p, 1, 200) : limitParam(p, 25, 500);
        const t = market.tick(spec.symbol);
        const now = core.now();
        return { s: spec.symbol, b: levels(inst, spec, t.bids, depth), a: levels(inst, spec, t.asks, depth), ts: now, u: t.time, seq: t.time, cts: t.time };
      },
    },
    'GET /v5/market/recent-trade': {
      signed: false,
      handle: (p) => {
        const cat = marketCategory(p);
        if (cat === null) return { category: optStr(p, 'category'), list: [] };
        const spec = inst.get(cat, reqStr(p, 'symbol'));
        const limit = cat === 'spot' ? limitParam(p, 60, 60) : limitParam(p, 500, 1000);
        return { category: cat, list: market.recentTrades(spec.symbol, limit).map((t) => restTrade(inst, spec, t)) };
      },
    },
  };
}
