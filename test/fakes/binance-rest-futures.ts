import { errors } from './binance-errors.js';
import { leverageBrackets } from './binance-exchange-info.js';
import { ZERO, type SymbolSpec } from './binance-format.js';
import type { FuturesAlgoService } from './binance-futures-algo.js';
import type { FuturesEngine } from './binance-futures-engine.js';
import { algoJson, orderJson, userTradeJson } from './binance-futures-shapes.js';
import type { RestContext, RestRouter } from './binance-http.js';
import type { ListenKeys } from './binance-listen-keys.js';
import { orderRef, parseOrderRequest, symbolOf } from './binance-order-params.js';

/**
 * USD-M account and trading routes: account/balance/positionRisk (v2 and v3), leverageBracket,
 * leverage, positionSide/dual, commissionRate, order (POST/GET/DELETE), openOrders, openOrder,
 * allOrders, allOpenOrders, userTrades, the Algo Service (algoOrder, openAlgoOrders,
 * allAlgoOrders, algoOpenOrders) and listenKey.
 */
export function addFuturesRoutes(router: RestRouter, engine: FuturesEngine, algos: FuturesAlgoService, specs: ReadonlyMap<string, SymbolSpec>, keys: ListenKeys): void {
  const ledger = engine.ledger;
  const signed = (method: string, path: string, h: (ctx: RestContext) => unknown) => router.add(method, path, 'SIGNED', h);
  const symbol = (ctx: RestContext) => (symbolOf(ctx.params, specs) as SymbolSpec).symbol;
  const optional = (ctx: RestContext) => symbolOf(ctx.params, specs, false)?.symbol;
  const listed = (s: string) => !ledger.position(s).amt.isZero() || engine.open(s).length > 0;

  for (const version of [2, 3] as const) {
    signed('GET', `/fapi/v${version}/account`, () => ledger.account(version, (s) => engine.orderMargin(s), (p) => listed(p.symbol)));
    signed('GET', `/fapi/v${version}/balance`, () => ledger.balance(engine.orderMargin()));
    signed('GET', `/fapi/v${version}/positionRisk`, (ctx) => {
      const only = optional(ctx);
      return ledger
        .all()
        .filter((p) => (only === undefined || p.symbol === only) && (version === 2 || listed(p.symbol)))
        .map((p) => ledger.positionRisk(p, version, engine.orderMargin(p.symbol)));
    });
  }
  signed('GET', '/fapi/v1/leverageBracket', (ctx) => {
    const only = optional(ctx);
    const list = leverageBrackets([...specs.values()].filter((s) => only === undefined || s.symbol === only));
    return only === undefined ? list : list[0];
  });
  signed('POST', '/fapi/v1/leverage', (ctx) => {
    const s = symbol(ctx);
    const lev = Number(ctx.params.get('leverage') ?? '');
    if (!Number.isInteger(lev) || lev < 1 || lev > 125) throw errors.badLeverage();
    ledger.position(s).leverage = lev;
    return { leverage: lev, maxNotionalValue: '50000', symbol: s };
  });
  signed('GET', '/fapi/v1/positionSide/dual', () => ({ dualSidePosition: false }));
  signed('GET', '/fapi/v1/commissionRate', (ctx) => {
    const s = symbolOf(ctx.params, specs) as SymbolSpec;
    return { symbol: s.symbol, makerCommissionRate: s.maker.toFixed(6), takerCommissionRate: s.taker.toFixed(6), rpiCommissionRate: '0' };
  });

  signed('POST', '/fapi/v1/order', (ctx) => {
    const req = parseOrderRequest('futures', ctx.params, specs);
    const o = engine.place(req);
    if ((req.respType ?? 'ACK') === 'ACK') {
      return orderJson({ ...o, status: 'NEW', executedQty: ZERO, cumQuote: ZERO, updateTime: o.time }, false);
    }
    return orderJson(o, false);
  });
  signed('GET', '/fapi/v1/order', (ctx) => {
    const ref = orderRef(ctx.params);
    return orderJson(engine.find(symbol(ctx), ref.id, ref.clientId));
  });
  signed('GET', '/fapi/v1/openOrder', (ctx) => {
    const ref = orderRef(ctx.params);
    const o = engine.find(symbol(ctx), ref.id, ref.clientId);
    if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') throw errors.noSuchOrder();
    return orderJson(o);
  });
  signed('DELETE', '/fapi/v1/order', (ctx) => {
    const ref = orderRef(ctx.params);
    return orderJson(engine.cancel(symbol(ctx), ref.id, ref.clientId), false);
  });
  signed('GET', '/fapi/v1/openOrders', (ctx) => engine.open(optional(ctx)).map((o) => orderJson(o)));
  signed('GET', '/fapi/v1/allOrders', (ctx) => {
    const limit = Number(ctx.params.get('limit') ?? '500');
    return engine.all(symbol(ctx)).slice(-limit).map((o) => orderJson(o));
  });
  signed('DELETE', '/fapi/v1/allOpenOrders', (ctx) => {
    const s = symbol(ctx);
    for (const o of engine.open(s)) engine.cancel(s, o.orderId, null);
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  });
  signed('GET', '/fapi/v1/userTrades', (ctx) => {
    const limit = Number(ctx.params.get('limit') ?? '500');
    // orderId narrows the list to one order's trades (it needs symbol, which symbol() enforces).
    const orderId = ctx.params.get('orderId');
    const trades = engine.userTrades(symbol(ctx)).filter((t) => orderId === null || String(t.orderId) === orderId);
    return trades.slice(-limit).map(userTradeJson);
  });

  signed('POST', '/fapi/v1/algoOrder', (ctx) => algoJson(algos.place(parseOrderRequest('futures', ctx.params, specs, true))));
  signed('GET', '/fapi/v1/algoOrder', (ctx) => {
    const ref = orderRef(ctx.params, true);
    return algoJson(algos.find(optional(ctx) ?? null, ref.id, ref.clientId));
  });
  signed('DELETE', '/fapi/v1/algoOrder', (ctx) => {
    const ref = orderRef(ctx.params, true);
    const a = algos.cancel(optional(ctx) ?? null, ref.id, ref.clientId);
    return { algoId: a.algoId, clientAlgoId: a.clientAlgoId, code: '200', msg: 'success' };
  });
  signed('GET', '/fapi/v1/openAlgoOrders', (ctx) => algos.open(optional(ctx)).map(algoJson));
  signed('GET', '/fapi/v1/allAlgoOrders', (ctx) => algos.all(symbol(ctx)).map(algoJson));
  signed('DELETE', '/fapi/v1/algoOpenOrders', (ctx) => {
    const s = symbol(ctx);
    for (const a of algos.open(s)) algos.cancel(s, a.algoId, null);
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  });

  router.add('POST', '/fapi/v1/listenKey', 'USER_STREAM', (ctx) => ({ listenKey: keys.create('futures', ctx.now) }));
  router.add('PUT', '/fapi/v1/listenKey', 'USER_STREAM', (ctx) => ({ listenKey: keys.keepAlive('futures', ctx.params.get('listenKey'), ctx.now) }));
  router.add('DELETE', '/fapi/v1/listenKey', 'USER_STREAM', (ctx) => {
    keys.close('futures', ctx.params.get('listenKey'), ctx.now);
    return {};
  });
}
