import type { Order } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExchangeFailure, mapExchangeError, withRetry } from '../../../src/adapters/ccxt/error-map.js';
import { CcxtTrading, toVenueOrder, toVenueTrade } from '../../../src/adapters/ccxt/ccxt-trading.js';
import { okxProfile } from '../../../src/adapters/okx/okx-profile.js';
import { dec } from '../../../src/domain/decimal.js';
import type { VenueOrder } from '../../../src/engine/ports.js';
import * as account from './okx-docs-account.js';
import * as algo from './okx-docs-algo.js';
import * as doc from './okx-docs-trade.js';
import { catalogue, loadOkx, type OkxRecorded } from './okx-market.js';
import { deliver, offlineOkx } from './recorded.js';

const PRIVATE_STREAM = 'wss://ws.okx.com:8443/ws/v5/private';
const SWAP_ORDER = '312269865356374016';

describe('OKX v5: documented trading payloads through ccxt and our border mapping', () => {
  let okx: OkxRecorded;
  let cat: ReturnType<typeof catalogue>;
  /** CcxtTrading as the adapter builds it for OKX, its REST calls retried and mapped as the adapter's are (no pause). */
  let trading: CcxtTrading;
  const failure = (e: unknown): ExchangeFailure => mapExchangeError(e, 'okx', 'recorded');

  beforeAll(async () => {
    okx = await loadOkx();
    cat = catalogue(okx);
    const ids = new Map([...okx.swap.values(), ...okx.spot.values()].map((m) => [m.instrument.marketType === 'spot' ? `${m.instrument.symbol}/spot` : m.instrument.symbol, m.ccxtSymbol]));
    trading = new CcxtTrading({
      exchange: 'okx',
      client: () => okx.ex,
      clientIdParam: okxProfile.clientIdParam,
      ccxtSymbol: (s) => ids.get(s)!,
      ourSymbol: cat.ourSymbol,
      contractSize: cat.contractSize,
      tradesOrderIdParam: okxProfile.tradesOrderIdParam,
      triggerOrdersApart: okxProfile.triggerOrdersApart,
      triggerClientIdParam: okxProfile.triggerClientIdParam,
      rest: (fn) => withRetry(fn, failure, 3, 1),
      failure,
      placeAttempts: 1,
      hasKeys: true,
      balanceIncludesUnrealized: okxProfile.balanceIncludesUnrealized,
    });
  });

  const order = (payload: { data: object[] }): VenueOrder => toVenueOrder(okx.ex.parseOrder(payload.data[0]! as never), cat.ourSymbol, cat.contractSize);
  const amounts = (o: VenueOrder) => [o.quantity, o.filledQuantity, o.avgPrice, o.price].map((d) => d?.toString() ?? null);

  describe('GET /api/v5/trade/order', () => {
    it('the documented SPOT market buy (100 USDT, tgtCcy quote_ccy) becomes a FILLED MARKET BUY of 0.00192834 BTC at 51858: its quantity is what filled, not the 100 USDT spent', () => {
      const o = order(doc.orderDetails.payload);
      expect([o.id, o.clientOrderId, o.symbol, o.side, o.type, o.status, o.time, o.reduceOnly, o.stopPrice]).toEqual([
        '680800019749904384',
        null,
        'BTCUSDT',
        'BUY',
        'MARKET',
        'FILLED',
        1708587373361,
        false,
        null,
      ]);
      // "px": "" (a market order has none): ccxt's safeOrder gives a market order its average as price.
      expect(amounts(o)).toEqual(['0.00192834', '0.00192834', '51858', '51858']);
    });

    it.each<[string, string, string, string | null, { data: object[] }]>([
      ['filled', 'FILLED', '0.02', '51858', doc.swapFilled.payload],
      ['partially_filled', 'PARTIALLY_FILLED', '0.01', '51858', doc.swapPartiallyFilled.payload],
      ['canceled', 'CANCELED', '0', null, doc.swapCanceled.payload],
      ['live', 'NEW', '0', null, doc.swapLive.payload],
    ])('a BTC-USDT-SWAP order of 2 contracts in state %s (derived) becomes %s, 0.02 BTC ordered and %s BTC filled (contracts × ctVal 0.01)', async (_state, status, filled, avg, payload) => {
      okx.server.serve('GET', '/api/v5/trade/order', payload);
      const o = await trading.fetchOrder('BTCUSDT', SWAP_ORDER);
      expect(new URL(okx.server.sent.at(-1)!.url).search).toBe(`?instId=BTC-USDT-SWAP&ordId=${SWAP_ORDER}`);
      expect([o.id, o.clientOrderId, o.symbol, o.side, o.type, o.status]).toEqual([SWAP_ORDER, 'oktswap6', 'BTCUSDT', 'BUY', 'LIMIT', status]);
      expect(amounts(o)).toEqual(['0.02', filled, avg, '51858']);
    });
  });

  describe('POST /api/v5/trade/order', () => {
    it('a limit buy of 0.02 BTC is sent as sz 2 (contracts); the documented answer (ids only) is read back through GET /api/v5/trade/order', async () => {
      okx.server.serve('POST', '/api/v5/trade/order', doc.placeOrder.payload);
      okx.server.serve('GET', '/api/v5/trade/order', doc.swapLive.payload);
      const o = await trading.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), price: dec('51858'), clientOrderId: 'oktswap6' });
      const [post, get] = okx.server.sent.slice(-2);
      const body = JSON.parse(post!.body!) as Record<string, unknown>;
      expect([body.instId, body.side, body.ordType, body.sz, body.px, body.clOrdId, body.tdMode]).toEqual(['BTC-USDT-SWAP', 'buy', 'limit', '2', '51858', 'oktswap6', 'cross']);
      expect(new URL(get!.url).searchParams.get('ordId')).toBe(SWAP_ORDER);
      expect([o.id, o.clientOrderId, o.status, ...amounts(o)]).toEqual([SWAP_ORDER, 'oktswap6', 'NEW', '0.02', '0', null, '51858']);
    });
  });

  describe('GET /api/v5/trade/fills-history', () => {
    it('the documented fill becomes 0.00192834 BTC at 51858, a taker fill charged 0.00000192834 BTC (OKX\'s negative fee = charged; ours is positive)', () => {
      const t = toVenueTrade(okx.ex.parseTrade(doc.fillsHistory.payload.data[0]!), cat.contractSize)!;
      expect([t.id, t.orderId, t.price.toString(), t.quantity.toString(), t.fee?.toString(), t.feeAsset, t.liquidity, t.time]).toEqual([
        '744876980',
        '680800019749904384',
        '51858',
        '0.00192834',
        '0.00000192834',
        'BTC',
        'TAKER',
        1708587373362,
      ]);
      expect(t.fee!.eq(dec(doc.fillsHistory.payload.data[0]!.fee).neg())).toBe(true);
    });

    it("the swap order's fill (derived), asked by ordId, becomes 0.02 BTC (2 contracts) at 51858 with 0.51858 USDT charged", async () => {
      okx.server.serve('GET', '/api/v5/trade/fills-history', doc.swapFills.payload);
      const trades = await trading.orderTrades('BTCUSDT', SWAP_ORDER);
      const query = new URL(okx.server.sent.at(-1)!.url).searchParams;
      expect([query.get('instType'), query.get('instId'), query.get('ordId')]).toEqual(['SWAP', 'BTC-USDT-SWAP', SWAP_ORDER]);
      expect(trades.map((t) => [t.orderId, t.price, t.quantity, t.fee].map(String).concat([t.feeAsset!, t.liquidity!]))).toEqual([
        [SWAP_ORDER, '51858', '0.02', '0.51858', 'USDT', 'TAKER'],
      ]);
    });
  });

  describe('GET /api/v5/trade/order-algo (stops, kept apart)', () => {
    const STOP = '1753184812254216192';
    const SENT = '312269865356374017';

    it('the documented take-profit waiting to trigger (ordType conditional, tpTriggerPx 10000, tpOrdPx -1) reads as a NEW TAKE_PROFIT_MARKET BUY with stop price 10000', () => {
      const o = order(algo.algoOrder.payload);
      expect([o.id, o.symbol, o.side, o.type, o.status, o.stopPrice?.toString(), o.time]).toEqual([STOP, 'BTCUSDT', 'BUY', 'TAKE_PROFIT_MARKET', 'NEW', '10000', 1724751378980]);
    });

    it('a STOP_MARKET sell of 0.02 BTC is sent as a conditional algo order of sz 2 (contracts), market on trigger, our client id as the documented algoClOrdId, and read back as NEW with its stop price and client id', async () => {
      const placed = algo.placeAlgo.payload.data[0]!.algoId;
      okx.server.serve('POST', '/api/v5/trade/order-algo', algo.placeAlgo.payload);
      okx.server.serve('GET', '/api/v5/trade/order-algo', algo.swapStopLive.payload, (q) => q.get('algoId') === placed);
      const before = okx.server.sent.length;
      const o = await trading.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: dec('0.02'), stopPrice: dec('50000'), reduceOnly: true, clientOrderId: 'order1234' });
      const [post, get] = okx.server.sent.slice(before);
      const body = JSON.parse(post!.body!) as Record<string, unknown>;
      expect(new URL(post!.url).pathname).toBe('/api/v5/trade/order-algo');
      expect([body.instId, body.side, body.ordType, body.sz, body.slTriggerPx, body.slOrdPx, body.reduceOnly, body.algoClOrdId]).toEqual([
        'BTC-USDT-SWAP',
        'sell',
        'conditional',
        '2',
        '50000',
        '-1',
        true,
        'order1234',
      ]);
      // ccxt also sends it as clOrdId (the regular order's parameter; the algo endpoint documents none such).
      expect(body.clOrdId).toBe('order1234');
      expect(new URL(get!.url).searchParams.get('algoId')).toBe(placed);
      expect([o.id, o.clientOrderId, o.side, o.type, o.status, o.reduceOnly, o.stopPrice?.toString(), ...amounts(o).slice(0, 2)]).toEqual([
        placed,
        'order1234',
        'SELL',
        'STOP_MARKET',
        'NEW',
        true,
        '50000',
        '0.02',
        '0',
      ]);
    });

    it("a triggered stop-loss (derived: state effective, ordId of the order it sent) is followed to that order: a FILLED STOP_MARKET SELL of 0.02 BTC at 49990 under the stop's id and client id", async () => {
      okx.server.serve('GET', '/api/v5/trade/order-algo', algo.swapStopTriggered.payload, (q) => q.get('algoId') === STOP);
      okx.server.serve('GET', '/api/v5/trade/order', algo.stopSentOrder.payload, (q) => q.get('ordId') === SENT);
      const before = okx.server.sent.length;
      const o = await trading.fetchOrder('BTCUSDT', STOP, true);
      expect(okx.server.sent.slice(before).map((s) => new URL(s.url).pathname + new URL(s.url).search)).toEqual([
        `/api/v5/trade/order-algo?instId=BTC-USDT-SWAP&algoId=${STOP}`,
        `/api/v5/trade/order?instId=BTC-USDT-SWAP&ordId=${SENT}`,
      ]);
      expect([o.id, o.clientOrderId, o.side, o.type, o.status, o.reduceOnly, o.stopPrice?.toString()]).toEqual([STOP, 'oktstop1', 'SELL', 'STOP_MARKET', 'FILLED', true, '50000']);
      expect(amounts(o).slice(0, 3)).toEqual(['0.02', '0.02', '49990']);
    });

    it("the triggered stop's fills are the sent order's (derived), listed under the stop's id: 0.02 BTC at 49990, 0.4999 USDT charged", async () => {
      okx.server.serve('GET', '/api/v5/trade/fills-history', algo.noFills.payload, (q) => q.get('ordId') === STOP);
      okx.server.serve('GET', '/api/v5/trade/fills-history', algo.stopSentFills.payload, (q) => q.get('ordId') === SENT);
      const trades = await trading.orderTrades('BTCUSDT', STOP);
      expect(trades.map((t) => [t.id, t.orderId, ...[t.price, t.quantity, t.fee].map(String), t.feeAsset, t.time])).toEqual([
        ['744876981', STOP, '49990', '0.02', '0.4999', 'USDT', 1724751400002],
      ]);
    });
  });

  describe('account: GET /api/v5/account/balance and /api/v5/account/positions', () => {
    beforeAll(() => {
      okx.server.serve('GET', '/api/v5/account/balance', account.balance.payload);
      okx.server.serve('GET', '/api/v5/account/positions', account.swapPosition.payload);
    });

    it("the documented USDT detail is a balance of total 4992.890093622894 (eq), free 4834.3170936228935 (availEq), locked their difference (ccxt's used, not frozenBal)", async () => {
      const balances = await trading.balances();
      expect(balances.map((b) => [b.asset, b.total.toString(), b.free.toString(), b.locked.toString()])).toEqual([
        ['USDT', '4992.890093622894', '4834.3170936228935', '158.5730000000005'],
      ]);
    });

    it('the net BTC-USDT-SWAP position of 3 contracts (derived) is BTCUSDT +0.03 BTC, entry 62961.4, mark 62709.88, unrealized -7.5456', async () => {
      const positions = await trading.positions();
      expect(positions.map((p) => [p.symbol, ...[p.quantity, p.entryPrice, p.markPrice, p.unrealizedPnl].map(String)])).toEqual([
        ['BTCUSDT', '0.03', '62961.4', '62709.88', '-7.5456'],
      ]);
    });

    it("the wallet is the equity without the position's unrealized PnL (eq includes it): 4992.890093622894 + 7.5456 = 5000.435693622894, the documented cashBal + stgyEq", async () => {
      expect((await trading.walletBalance('USDT')).toString()).toBe('5000.435693622894');
      const usdt = account.balance.payload.data[0]!.details[0]!;
      expect(dec(usdt.cashBal).add(dec(usdt.stgyEq)).toString()).toBe('5000.435693622894');
    });
  });

  describe('WebSocket orders channel (ccxt pro handler)', () => {
    const pushed = (payload: object): VenueOrder[] => {
      const ws = offlineOkx();
      ws.setMarkets(okx.markets);
      const orders = deliver(ws, PRIVATE_STREAM, payload).get('orders') as Order[];
      return orders.map((o) => toVenueOrder(o, cat.ourSymbol, cat.contractSize));
    };

    it('the documented push becomes a FILLED LIMIT SELL of 0.001 BTC at 31527.1, filled 0.001 at 31527.1', () => {
      const [o] = pushed(doc.wsOrder.payload);
      expect([o!.id, o!.symbol, o!.side, o!.type, o!.status, o!.time, ...amounts(o!)]).toEqual([
        '452197707845865472',
        'BTCUSDT',
        'SELL',
        'LIMIT',
        'FILLED',
        1654084334977,
        '0.001',
        '0.001',
        '31527.1',
        '31527.1',
      ]);
    });

    it('a BTC-USDT-SWAP reduce-only sell of 3 contracts with 1 filled (derived) becomes PARTIALLY_FILLED, 0.03 BTC ordered, 0.01 filled', () => {
      const [o] = pushed(doc.wsOrderSwapPartial.payload);
      expect([o!.symbol, o!.side, o!.status, o!.reduceOnly, ...amounts(o!)]).toEqual(['BTCUSDT', 'SELL', 'PARTIALLY_FILLED', true, '0.03', '0.01', '31527.1', '31527.1']);
    });
  });

  describe('errors → our catalogue', () => {
    /** The failure a call ends in, which must be one of ours. */
    const refusal = async (call: Promise<unknown>): Promise<ExchangeFailure> => {
      const err = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ExchangeFailure);
      return err as ExchangeFailure;
    };

    it('an order refused with sCode 51008 (insufficient balance, derived) is INSUFFICIENT_BALANCE, not retryable, and sent once', async () => {
      okx.server.serve('POST', '/api/v5/trade/order', doc.placeOrderInsufficient.payload);
      const before = okx.server.calls.length;
      const err = await refusal(trading.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), price: dec('51858'), clientOrderId: 'oktswap7' }));
      expect([err.code, err.retryable]).toEqual(['INSUFFICIENT_BALANCE', false]);
      expect(err.message).toMatch(/^okx \(recorded\) answered: \{"code":"1","msg":"Operation failed\.","data":\[\{.*"sCode":"51008"/);
      expect(okx.server.calls.slice(before)).toEqual(['POST /api/v5/trade/order']);
    });

    it('HTTP 401 with code 50113 (invalid signature, derived) is EXCHANGE_AUTH_FAILED, not retryable: asked once', async () => {
      okx.server.serve('GET', '/api/v5/trade/order', doc.invalidSignature.payload, undefined, 401);
      const before = okx.server.calls.length;
      const err = await refusal(trading.fetchOrder('BTCUSDT', SWAP_ORDER));
      expect([err.code, err.retryable, err.message]).toEqual(['EXCHANGE_AUTH_FAILED', false, 'okx (recorded) answered: {"code":"50113","msg":"Invalid signature.","data":[]}']);
      expect(okx.server.calls.length - before).toBe(1);
    });

    it('HTTP 429 with code 50011 (too many requests, derived) is EXCHANGE_RATE_LIMITED, retryable: asked three times', async () => {
      okx.server.serve('GET', '/api/v5/trade/order', doc.rateLimited.payload, undefined, 429);
      const before = okx.server.calls.length;
      const err = await refusal(trading.fetchOrder('BTCUSDT', SWAP_ORDER));
      expect([err.code, err.retryable]).toEqual(['EXCHANGE_RATE_LIMITED', true]);
      expect(okx.server.calls.length - before).toBe(3);
    });
  });
});
