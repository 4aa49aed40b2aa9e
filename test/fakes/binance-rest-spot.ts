import { errors } from './binance-errors.js';
import { capitalConfig } from './binance-exchange-info.js';
import { n8, type SymbolSpec } from './binance-format.js';
import type { RestContext, RestRouter } from './binance-http.js';
import type { ListenKeys } from './binance-listen-keys.js';
import { newClientId, orderRef, parseOrderRequest, symbolOf } from './binance-order-params.js';
import type { SpotEngine } from './binance-spot-engine.js';
import { cancelJson, myTradeJson, newOrderJson, orderJson } from './binance-spot-shapes.js';

/**
 * Spot account and trading routes (`/api/v3`): account, order (POST/GET/DELETE), order/test,
 * openOrders (GET/DELETE), allOrders, myTrades, userDataStream, and the wallet's
 * `/sapi/v1/capital/config/getall` (ccxt's fetchCurrencies calls it whenever keys are set).
 */
export function addSpotRoutes(router: RestRouter, engine: SpotEngine, specs: ReadonlyMap<string, SymbolSpec>, keys: ListenKeys): void {
  const signed = (method: string, path: string, h: (ctx: RestContext) => unknown) => router.add(method, path, 'SIGNED', h);
  const symbol = (ctx: RestContext) => (symbolOf(ctx.params, specs) as SymbolSpec).symbol;

  signed('GET', '/api/v3/account', (ctx) => {
    const omitZero = ctx.params.get('omitZeroBalances') === 'true';
    const bps = (d: { toString(): string }) => Math.round(Number(d.toString()) * 10_000);
    const first = specs.values().next().value as SymbolSpec;
    return {
      makerCommission: bps(first.maker),
      takerCommission: bps(first.taker),
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: { maker: n8(first.maker), taker: n8(first.taker), buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: engine.updateTime,
      accountType: 'SPOT',
      balances: engine
        .assets()
        .filter(([, b]) => !omitZero || !b.free.isZero() || !b.locked.isZero())
        .map(([asset, b]) => ({ asset, free: n8(b.free), locked: n8(b.locked) })),
      permissions: ['SPOT'],
      uid: 354937868,
    };
  });

  signed('POST', '/api/v3/order', (ctx) => {
    const req = parseOrderRequest('spot', ctx.params, specs);
    const o = engine.place(req);
    const resp = req.respType ?? (req.type === 'MARKET' || req.type === 'LIMIT' ? 'FULL' : 'ACK');
    if (!['ACK', 'RESULT', 'FULL'].includes(resp)) throw errors.badParam('newOrderRespType');
    return newOrderJson(o, resp);
  });
  signed('POST', '/api/v3/order/test', (ctx) => {
    parseOrderRequest('spot', ctx.params, specs);
    return {};
  });
  signed('GET', '/api/v3/order', (ctx) => {
    const ref = orderRef(ctx.params);
    return orderJson(engine.find(symbol(ctx), ref.id, ref.clientId));
  });
  signed('DELETE', '/api/v3/order', (ctx) => {
    const s = symbol(ctx);
    const ref = orderRef(ctx.params);
    const cancelId = ctx.params.get('newClientOrderId') ?? newClientId();
    return cancelJson(engine.cancel(s, ref.id, ref.clientId, cancelId), cancelId, ctx.now);
  });
  signed('GET', '/api/v3/openOrders', (ctx) => {
    const s = symbolOf(ctx.params, specs, false);
    return engine.open(s?.symbol).map(orderJson);
  });
  signed('DELETE', '/api/v3/openOrders', (ctx) => {
    const s = symbol(ctx);
    const open = engine.open(s);
    if (open.length === 0) throw errors.cancelRejected();
    return open.map((o) => {
      const cancelId = newClientId();
      return cancelJson(engine.cancel(s, o.orderId, null, cancelId), cancelId, ctx.now);
    });
  });
  signed('GET', '/api/v3/allOrders', (ctx) => {
    const limit = Number(ctx.params.get('limit') ?? '500');
    return engine.all(symbol(ctx)).slice(-limit).map(orderJson);
  });
  signed('GET', '/api/v3/myTrades', (ctx) => {
    const limit = Number(ctx.params.get('limit') ?? '500');
    return engine.myTrades(symbol(ctx)).slice(-limit).map(myTradeJson);
  });
  signed('GET', '/sapi/v1/capital/config/getall', () =>
    capitalConfig(specs.values(), (asset) => {
      const b = engine.bal(asset);
      return { free: b.free.toString(), locked: b.locked.toString() };
    }),
  );

  // ccxt's default options.fetchMargins=true asks for these on loadMarkets when keys are set.
  const pairs = (isolated: boolean) =>
    [...specs.values()].map((s, i) => ({
      ...(isolated ? {} : { id: String(351637150141315861n + BigInt(i)) }),
      symbol: s.symbol,
      base: s.base,
      quote: s.quote,
      isMarginTrade: true,
      isBuyAllowed: true,
      isSellAllowed: true,
    }));
  signed('GET', '/sapi/v1/margin/allPairs', () => pairs(false));
  signed('GET', '/sapi/v1/margin/isolated/allPairs', () => pairs(true));

  router.add('POST', '/api/v3/userDataStream', 'USER_STREAM', (ctx) => ({ listenKey: keys.create('spot', ctx.now) }));
  router.add('PUT', '/api/v3/userDataStream', 'USER_STREAM', (ctx) => {
    const key = ctx.params.get('listenKey');
    if (key === undefined || key === '') throw errors.mandatory('listenKey');
    keys.keepAlive('spot', key, ctx.now);
    return {};
  });
  router.add('DELETE', '/api/v3/userDataStream', 'USER_STREAM', (ctx) => {
    const key = ctx.params.get('listenKey');
    if (key === undefined || key === '') throw errors.mandatory('listenKey');
    keys.close('spot', key, ctx.now);
    return {};
  });
}
