import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { orderId } from '../../src/domain/ids.js';
import type { FakeBybit } from '../fakes/fake-bybit.js';
import { startLiveBybit, type LiveBybit } from './live-bybit.js';
import { waitFor } from '../wait-for.js';
import { expectError, type client, type OrderJson, type TestServer } from './harness.js';
import { filled, statusOf, underBid } from './live-venue.js';

/**
 * Bybit v5 creates and cancels asynchronously ("this request is asynchronous so please use the
 * websocket to confirm the order status"): an order it acknowledged may not be in the order queries
 * yet, and an order whose cancel it acknowledged is open, and can fill, until the cancel is done.
 * The ledger follows what the exchange did, never what was asked.
 */
describe('live trading on Bybit, which creates and cancels asynchronously', () => {
  let bybit: FakeBybit;
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  const atBybit = (clientId: string) => bybit.core.orders.all().find((o) => o.orderLinkId === clientId);

  let live: LiveBybit;
  beforeAll(async () => {
    ({ bybit, srv, api } = live = await startLiveBybit({ seed: 57, historyBars: 60 }));
  }, 30_000);
  afterAll(() => live?.close());

  it('an order Bybit took but does not list yet is open here (not refused), and is followed until it is', async () => {
    bybit.core.orders.queryLagMs = 1_000;
    try {
      const price = await underBid(api, 'bybit', 'BTCUSDT', 0.97);
      const res = await api.post('/api/trading/order', { exchange: 'bybit', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.01, client_order_id: 'bybit-async-1' });
      expect(res.status, res.text).toBe(200);
      expect((res.json as OrderJson).status).toBe('NEW');
      expect(atBybit('bybit-async-1')?.status).toBe('New');
      expect(await statusOf(api, 'bybit-async-1')).toBe('NEW');
    } finally {
      bybit.core.orders.queryLagMs = 0;
    }
    const placed = (await api.get('/api/trading/orders?status=open')).json as { orders: OrderJson[] };
    const mine = placed.orders.find((o) => o.client_order_id === 'bybit-async-1')!;
    const canceled = await api.del(`/api/trading/order/bybit/BTCUSDT/${mine.order_id}`);
    expect(canceled.status, canceled.text).toBe(200);
    expect(atBybit('bybit-async-1')?.status).toBe('Cancelled');
  });

  it('an order that fills while its cancel is pending at Bybit is booked FILLED with its fill, not CANCELED', async () => {
    const price = await underBid(api, 'bybit', 'BTCUSDT', 0.99);
    const res = await api.post('/api/trading/order', { exchange: 'bybit', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.01, client_order_id: 'bybit-async-2' });
    expect(res.status, res.text).toBe(200);
    const placed = res.json as OrderJson;
    bybit.core.orders.cancelLagMs = 800;
    try {
      const canceling = api.del(`/api/trading/order/bybit/BTCUSDT/${placed.order_id}`);
      // While Bybit has not processed the cancel, the market trades through the order: it fills.
      await new Promise((r) => setTimeout(r, 200));
      const tick = bybit.feed.lastTick('BTCUSDT')!;
      bybit.core.orders.onTick({ ...tick, last: Decimal.parse(String(price)), tradeQuantity: Decimal.parse('0.01') });
      expect(atBybit('bybit-async-2')?.status).toBe('Filled');
      // Not canceled: it filled first.
      expect(expectError(await canceling, 422, 'ORDER_NOT_OPEN').error.message).toMatch(/FILLED/);
      const booked = await filled(api, (o) => o.order_id === placed.order_id, 5_000, 'the fill booked');
      expect(booked.filled_quantity).toBe(0.01);
      expect(srv.app.engine.fillsOf(orderId(placed.order_id))).toHaveLength(1);
      await waitFor(() => (atBybit('bybit-async-2')?.status === 'Filled' ? true : null), 2_000, 'still filled at Bybit after the cancel was processed');
    } finally {
      bybit.core.orders.cancelLagMs = 0;
    }
  });

  it('a cancel Bybit has not done within ~3 s is answered pending; the order stays open here until Bybit ends it', async () => {
    const price = await underBid(api, 'bybit', 'BTCUSDT', 0.97);
    const res = await api.post('/api/trading/order', { exchange: 'bybit', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.01, client_order_id: 'bybit-async-3' });
    expect(res.status, res.text).toBe(200);
    const placed = res.json as OrderJson;
    bybit.core.orders.cancelLagMs = 5_000;
    try {
      const answer = await api.del(`/api/trading/order/bybit/BTCUSDT/${placed.order_id}`);
      expectError(answer, 503, 'EXCHANGE_CANCEL_PENDING');
      expect(await statusOf(api, 'bybit-async-3')).toBe('NEW');
      await waitFor(async () => ((await statusOf(api, 'bybit-async-3')) === 'CANCELED' ? true : null), 8_000, 'CANCELED once Bybit did it');
      expect(atBybit('bybit-async-3')?.status).toBe('Cancelled');
    } finally {
      bybit.core.orders.cancelLagMs = 0;
    }
  });
});
