import type { Order } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { CcxtTrading, toVenueOrder } from '../../../src/adapters/ccxt/ccxt-trading.js';
import { ExchangeFailure, mapExchangeError, withRetry } from '../../../src/adapters/ccxt/error-map.js';
import { coinbaseProfile } from '../../../src/adapters/coinbase/coinbase-profile.js';
import { dec } from '../../../src/domain/decimal.js';
import type { VenueOrder } from '../../../src/engine/ports.js';
import * as doc from './coinbase-docs.js';
import * as trade from './coinbase-docs-trade.js';
import { loadCoinbase, ourSymbol, type CoinbaseRecorded } from './coinbase-market.js';
import { deliver } from './recorded.js';

const ORDER = '52cfe5e2-0b29-4c19-a245-a6a773de5030';
const RECORDED_ORDER = '01b6e467-b659-432f-9490-c7cefe949564';

describe('Coinbase Advanced Trade: documented trading payloads through ccxt and CcxtTrading', () => {
  let cb: CoinbaseRecorded;
  let trading: CcxtTrading;
  const failure = (e: unknown): ExchangeFailure => mapExchangeError(e, 'coinbase', 'recorded', coinbaseProfile.errorPatterns);
  const amounts = (o: VenueOrder) => [o.quantity, o.filledQuantity, o.avgPrice, o.price].map((d) => d?.toString() ?? null);

  beforeAll(async () => {
    cb = await loadCoinbase();
    trading = new CcxtTrading({
      exchange: 'coinbase',
      client: () => cb.ex,
      clientIdParam: coinbaseProfile.clientIdParam,
      ccxtSymbol: (s) => cb.spot.get(s)!.ccxtSymbol,
      ourSymbol: ourSymbol(cb),
      contractSize: () => dec('1'),
      tradesOrderIdParam: coinbaseProfile.tradesOrderIdParam,
      orderClientIdParam: coinbaseProfile.orderClientIdParam,
      orderParams: coinbaseProfile.orderParams,
      reduceOnly: coinbaseProfile.reduceOnly,
      clientIdLookup: coinbaseProfile.clientIdLookup,
      spotHoldings: coinbaseProfile.spotHoldings,
      rest: (fn) => withRetry(fn, failure, 3, 1),
      failure,
      placeAttempts: 1,
      hasKeys: true,
      balanceIncludesUnrealized: coinbaseProfile.balanceIncludesUnrealized,
    });
  });

  describe('POST /api/v3/brokerage/orders', () => {
    it('a limit buy of 0.001 at 10000 goes as limit_limit_gtc with our client_order_id; the accepted answer (ids only) is read back through Get Order', async () => {
      cb.server.serve('POST', '/api/v3/brokerage/orders', trade.createdBtc.payload);
      cb.server.serve('GET', `/api/v3/brokerage/orders/historical/${ORDER}`, {
        order: { ...doc.orderOpen.payload.order, order_id: ORDER, client_order_id: 'cb-limit-1', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: '10000', post_only: false } } },
      });
      const before = cb.server.sent.length;
      const o = await trading.placeOrder({ symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', quantity: dec('0.001'), price: dec('10000'), clientOrderId: 'cb-limit-1' });
      const [post, get] = cb.server.sent.slice(before);
      const body = JSON.parse(post!.body!) as Record<string, unknown>;
      expect([body.client_order_id, body.product_id, body.side, body.order_configuration]).toEqual(['cb-limit-1', 'BTC-USD', 'BUY', { limit_limit_gtc: { base_size: '0.001', limit_price: '10000', post_only: false } }]);
      expect(new URL(get!.url).pathname).toBe(`/api/v3/brokerage/orders/historical/${ORDER}`);
      expect([o.id, o.clientOrderId, o.side, o.type, o.status, ...amounts(o)]).toEqual([ORDER, 'cb-limit-1', 'BUY', 'LIMIT', 'NEW', '0.001', '0', null, '10000']);
    });

    it('a market buy of 0.001 goes sized in base (market_market_ioc.base_size), not in quote', async () => {
      cb.server.serve('POST', '/api/v3/brokerage/orders', trade.createdBtc.payload);
      cb.server.serve('GET', `/api/v3/brokerage/orders/historical/${ORDER}`, { order: { ...doc.orderFilled.payload.order, order_id: ORDER, filled_size: '0.001', side: 'BUY' } });
      const before = cb.server.sent.length;
      await trading.placeOrder({ symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: dec('0.001'), clientOrderId: 'cb-market-1' });
      const body = JSON.parse(cb.server.sent[before]!.body!) as Record<string, unknown>;
      expect([body.client_order_id, body.order_configuration]).toEqual(['cb-market-1', { market_market_ioc: { base_size: '0.001' } }]);
    });

    it('the documented refusal (success false, UNSUPPORTED_ORDER_CONFIGURATION) is a refused order, not retried, its message kept', async () => {
      cb.server.serve('POST', '/api/v3/brokerage/orders', trade.refused.payload);
      const before = cb.server.sent.length;
      const err = await trading.placeOrder({ symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', quantity: dec('100'), price: dec('40000'), clientOrderId: 'cb-refused' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExchangeFailure);
      const f = err as ExchangeFailure;
      expect([f.code, f.retryable]).toEqual(['EXCHANGE_REJECTED_ORDER', false]);
      expect(f.message).toContain('source is not enabled for trading');
      expect(cb.server.sent.length - before).toBe(1);
    });
  });

  describe('GET /api/v3/brokerage/orders/historical/{id} and /batch', () => {
    it.each<[string, string, string[], { order: object }]>([
      ['FILLED', 'FILLED', ['10', '10', '0.392', '0.392'], doc.orderFilled.payload],
      ['OPEN', 'NEW', ['10', '0', null as never, '0.4'], doc.orderOpen.payload],
      ['CANCELLED', 'CANCELED', ['10', '4', '0.4', '0.4'], doc.orderCancelled.payload],
    ])('status %s (recorded or derived) is our %s, quantity / filled / average / price as shown', async (_s, status, want, payload) => {
      cb.server.serve('GET', `/api/v3/brokerage/orders/historical/${RECORDED_ORDER}`, payload);
      const o = await trading.fetchOrder('BTCUSD', RECORDED_ORDER);
      expect([o.id, o.clientOrderId, o.symbol, o.side, o.status]).toEqual([RECORDED_ORDER, 'a0f970a2-05fa-4e1f-9517-f6702c33cfd1', 'BTCUSD', 'SELL', status]);
      expect(amounts(o)).toEqual(want);
    });

    it("an order sent by our client id whose answer was lost is found in List Orders (clientIdLookup 'list')", async () => {
      cb.server.serve('GET', '/api/v3/brokerage/orders/historical/batch', { ...doc.closedOrders.payload, has_next: false, orders: [doc.orderFilled.payload.order] });
      const o = await trading.orderByClientId('BTCUSD', 'a0f970a2-05fa-4e1f-9517-f6702c33cfd1', false);
      // ccxt filters by `product_id` (the page names `product_ids`); the client id is matched here either way.
      expect(new URL(cb.server.sent.at(-1)!.url).searchParams.get('product_id')).toBe('BTC-USD');
      expect([o?.id, o?.status, o?.filledQuantity.toString()]).toEqual([RECORDED_ORDER, 'FILLED', '10']);
      expect(await trading.orderByClientId('BTCUSD', 'never-sent', false)).toBeNull();
    });

    it('an unknown order id (404, "order with this orderID was not found") is ORDER_NOT_FOUND, not retryable', async () => {
      cb.server.serve('GET', '/api/v3/brokerage/orders/historical/missing', trade.notFound.payload, undefined, 404);
      const f = (await trading.fetchOrder('BTCUSD', 'missing').catch((e: unknown) => e)) as ExchangeFailure;
      expect([f.code, f.retryable]).toEqual(['ORDER_NOT_FOUND', false]);
    });

    it('"request timestamp expired" (401, errors[0].id authentication_error) is EXCHANGE_AUTH_FAILED: ccxt matches the id before the message; not retried', async () => {
      cb.server.serve('GET', '/api/v3/brokerage/orders/historical/late', trade.timestampExpired.payload, undefined, 401);
      const before = cb.server.calls.length;
      const f = (await trading.fetchOrder('BTCUSD', 'late').catch((e: unknown) => e)) as ExchangeFailure;
      expect([f.code, f.retryable, cb.server.calls.length - before]).toEqual(['EXCHANGE_AUTH_FAILED', false, 1]);
    });

    it('rate_limit_exceeded (429, derived) is EXCHANGE_RATE_LIMITED, retryable: asked three times in all', async () => {
      cb.server.serve('GET', '/api/v3/brokerage/orders/historical/busy', trade.rateLimited.payload, undefined, 429);
      const before = cb.server.calls.length;
      const f = (await trading.fetchOrder('BTCUSD', 'busy').catch((e: unknown) => e)) as ExchangeFailure;
      expect([f.code, f.retryable, cb.server.calls.length - before]).toEqual(['EXCHANGE_RATE_LIMITED', true, 3]);
    });
  });

  describe('GET /api/v3/brokerage/orders/historical/fills', () => {
    it("an order's fills are asked by order_ids: the documented fill is 0.001 BTC at 10000, 1.25 USD charged", async () => {
      cb.server.serve('GET', '/api/v3/brokerage/orders/historical/fills', doc.fillsMaker.payload);
      const trades = await trading.orderTrades('BTCUSD', '0000-000000-000000');
      const q = new URL(cb.server.sent.at(-1)!.url).searchParams;
      expect([q.get('order_ids'), q.get('product_id')]).toEqual(['0000-000000-000000', 'BTC-USD']);
      expect(trades.map((t) => [t.orderId, t.price, t.quantity, t.fee].map(String).concat([t.feeAsset!, t.liquidity!]))).toEqual([['0000-000000-000000', '10000', '0.001', '1.25', 'USD', 'MAKER']]);
    });
  });

  describe('WebSocket user channel (ccxt pro watchOrders)', () => {
    it('the documented snapshot of an open buy becomes a NEW LIMIT BUY of 0.000994 on BTCUSD, nothing filled, our client id kept', () => {
      const [o] = deliver(cb.ex, 'wss://advanced-trade-ws-user.coinbase.com', trade.userSnapshot.payload).get('user') as Order[];
      const v = toVenueOrder(o!, ourSymbol(cb));
      expect([v.id, v.clientOrderId, v.symbol, v.side, v.type, v.status, v.time]).toEqual(['XXX', 'YYY', 'BTCUSD', 'BUY', 'LIMIT', 'NEW', 1670442138719]);
      expect(amounts(v)).toEqual(['0.000994', '0', null, null]);
    });

    it('the same order 0.0004 filled at 10000 (derived) is PARTIALLY_FILLED, still of 0.000994: ccxt gives cumulative_quantity as its amount, the size is filled + leaves', () => {
      const [o] = deliver(cb.ex, 'wss://advanced-trade-ws-user.coinbase.com', trade.userPartial.payload).get('user') as Order[];
      expect([o!.amount, o!.filled, o!.remaining]).toEqual([0.0004, 0.0004, 0.000594]);
      const v = toVenueOrder(o!, ourSymbol(cb));
      expect([v.status, ...amounts(v)]).toEqual(['PARTIALLY_FILLED', '0.000994', '0.0004', '10000', null]);
    });
  });
});
