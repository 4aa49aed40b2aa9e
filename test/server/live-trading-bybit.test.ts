import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBybit } from '../fakes/fake-bybit.js';
import { startLiveBybit, type LiveBybit } from './live-bybit.js';
import { expectError, type client, type OrderJson } from './harness.js';
import { cancelHere, restingBuy, statusOf, underBid, type Filled } from './live-venue.js';

describe('live trading against the fake Bybit (v5, signed orders)', () => {
  let bybit: FakeBybit;
  let api: ReturnType<typeof client>;

  let live: LiveBybit;
  beforeAll(async () => {
    ({ bybit, api } = live = await startLiveBybit({ seed: 51, historyBars: 60 }));
  }, 30_000);
  afterAll(() => live?.close());

  const executions = () => bybit.core.orders.executions().filter((e) => e.category === 'linear');

  it("a market order goes to Bybit signed, and is booked from its execution list with Bybit's fee", async () => {
    const before = bybit.requests.length;
    const res = await api.post('/api/trading/order', { exchange: 'bybit', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, client_order_id: 'bybit-live-1' });
    expect(res.status, res.text).toBe(200);
    const o = res.json as Filled & { mode: string };
    expect([o.status, o.mode, o.client_order_id, o.filled_quantity]).toEqual(['FILLED', 'live_trading', 'bybit-live-1', 0.01]);
    const sent = bybit.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/v5/order/create');
    expect(sent.map((r) => r.signed)).toEqual([true]);
    const mine = executions().filter((e) => e.order.orderLinkId === 'bybit-live-1');
    expect(mine.length).toBeGreaterThan(0);
    expect(o.fills.map((f) => [f.price, f.quantity, f.fee, f.fee_asset])).toEqual(
      mine.map((e) => [e.execPrice.toNumber(), e.execQty.toNumber(), e.execFee.toNumber(), 'USDT']),
    );
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=bybit')).json as { side: string; quantity: number; fees_paid: number };
    expect([pos.side, pos.quantity]).toEqual(['LONG', 0.01]);
  });

  it('an order Bybit refuses is a clear error and leaves no open local order', async () => {
    const res = await api.post('/api/trading/order', { exchange: 'bybit', symbol: 'BTCUSDT', side: 'BUY', quantity: 90, client_order_id: 'bybit-too-big' });
    const body = expectError(res, 422, 'INSUFFICIENT_BALANCE');
    expect(body.error.message).toMatch(/bybit/i);
    expect(await statusOf(api, 'bybit-too-big')).toBe('REJECTED');
    const open = (await api.get('/api/trading/orders?status=open')).json as { orders: OrderJson[] };
    expect(open.orders.find((x) => x.client_order_id === 'bybit-too-big')).toBeUndefined();
  });

  it('a resting limit order is canceled on Bybit, then here', async () => {
    const placed = await restingBuy(api, 'bybit', 'BTCUSDT', await underBid(api, 'bybit', 'BTCUSDT', 0.97));
    const before = bybit.requests.length;
    await cancelHere(api, 'bybit', 'BTCUSDT', placed.order_id);
    expect(bybit.requests.slice(before).some((r) => r.method === 'POST' && r.path === '/v5/order/cancel' && r.signed)).toBe(true);
  });

  it("the live equity is Bybit's wallet plus the position's unrealized PnL", async () => {
    // Two reads, two moments: the fake's market may move between them, so they are read again
    // until both stand at the same mark (the relation itself must hold exactly then).
    const gap = async () => {
      const wallet = bybit.core.account.walletBalance('USDT');
      const risk = (await api.get('/api/trading/config/risk')).json as { state: { equity: number } };
      const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=bybit')).json as { unrealized_pnl: number };
      return Math.abs(risk.state.equity - (wallet.toNumber() + pos.unrealized_pnl));
    };
    await expect.poll(gap, { timeout: 5000, interval: 50 }).toBeLessThan(0.00005);
  });

  it('closing the live position sells on Bybit and realizes the PnL', async () => {
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'bybit' });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { status: string }).status).toBe('FILLED');
    expect(bybit.core.account.position('BTCUSDT')?.size.isZero() ?? true).toBe(true);
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=bybit')).json as { side: string };
    expect(pos.side).toBe('FLAT');
    const positions = (await api.get('/api/trading/positions/bybit')).json as { differences: unknown[] };
    expect(positions.differences).toEqual([]);
  });
});
