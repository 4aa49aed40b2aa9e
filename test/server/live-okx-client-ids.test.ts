import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { Decimal } from '../../src/domain/decimal.js';
import { startFakeOkx, type FakeOkx } from '../fakes/fake-okx.js';
import { waitFor } from '../wait-for.js';
import { client, startTestServer, testEnv, type OrderJson, type TestServer } from './harness.js';
import { okxEnv, okxKeys } from './live-okx.js';
import { filled, goLive, restingBuy, statusOf, underBid } from './live-venue.js';

/**
 * OKX takes a client order id of 1–32 letters and digits only (clOrdId, algoClOrdId; anything else
 * is 51000 "Parameter clOrdId error", as the fake answers too). Ours may hold `-`, `_`, `.`, `:`
 * (`st-7`, a bracket's `st-7-tp`, a user's own): each goes to OKX in its alphanumeric form and comes
 * back, in answers, listings, the orders channel and after a restart, under our own id.
 */
const ALNUM = /^[A-Za-z0-9]{1,32}$/;

describe('our client ids on OKX, which takes letters and digits only', () => {
  let okx: FakeOkx;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    okx = await startFakeOkx({ seed: 73, historyBars: 60 });
    srv = await startTestServer(okxEnv(okx));
    api = client(srv.url);
    await goLive(api, 'okx', okxKeys(okx));
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await okx?.close();
  });

  it("a user's client id with other characters reaches OKX as letters and digits, and is ours again in the answer, the list and the orders channel", async () => {
    const price = await underBid(api, 'okx', 'BTCUSDT', 0.98);
    const placed = await restingBuy(api, 'okx', 'BTCUSDT', price, { client_order_id: 'scalp-btc:1.a_b' });
    expect(placed.client_order_id).toBe('scalp-btc:1.a_b');
    const there = okx.core.orders.all().at(-1)!;
    expect(there.clOrdId).toMatch(ALNUM);
    expect(there.clOrdId).not.toBe('scalp-btc:1.a_b');
    expect(await statusOf(api, 'scalp-btc:1.a_b')).toBe('NEW');
    // The market trades down to it: the fill comes on the orders channel, under OKX's id for it.
    const tick = okx.feed.lastTick('BTCUSDT')!;
    okx.core.orders.onTick({ ...tick, last: Decimal.parse(String(price)), tradeQuantity: Decimal.parse('0.01') });
    const booked = await filled(api, (x) => x.order_id === placed.order_id, 10_000, 'the maker fill booked on our order');
    expect([booked.client_order_id, booked.avg_price]).toEqual(['scalp-btc:1.a_b', price]);
  });

  it("a bracket's exits (our ids end -tp and -sl) rest in OKX's algo book, and the one that fires takes the other off OKX", async () => {
    const last = okx.feed.lastTick('BTCUSDT')!.last.toNumber();
    const tp = Math.round(last * 1.05 * 10) / 10;
    const sl = Math.round(last * 0.9 * 10) / 10;
    const res = await api.post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, take_profit: tp, stop_loss: sl });
    expect(res.status, res.text).toBe(200);
    const entry = (res.json as OrderJson).client_order_id;
    expect(entry).not.toMatch(ALNUM); // the server's own ids are `st-…`
    const live = () => okx.core.orders.algoOrders().filter((a) => a.state === 'live');
    const exits = await waitFor(() => (live().length === 2 ? live() : null), 5_000, 'both exits in the algo book');
    for (const a of exits) expect(a.algoClOrdId).toMatch(ALNUM);
    expect(await statusOf(api, `${entry}-tp`)).toBe('NEW');
    expect(await statusOf(api, `${entry}-sl`)).toBe('NEW');
    // The market trades through the take-profit on OKX.
    const tick = okx.feed.lastTick('BTCUSDT')!;
    okx.core.orders.onTick({ ...tick, last: Decimal.parse(String(tp)), ask: Decimal.parse(String(tp)), bid: Decimal.parse(String(tp)), tradeQuantity: Decimal.parse('0.01') });
    await filled(api, (o) => o.client_order_id === `${entry}-tp`, 10_000, 'the take-profit booked');
    await waitFor(() => live().length === 0 || null, 5_000, "the stop-loss canceled in OKX's algo book");
    await waitFor(async () => (await statusOf(api, `${entry}-sl`)) === 'CANCELED' || null, 5_000, 'the stop-loss CANCELED here');
  });
});

describe('an open OKX order of an earlier run', () => {
  it('is found again on OKX by its alphanumeric client id after a restart, and canceled there', async () => {
    const okx = await startFakeOkx({ seed: 74, historyBars: 60 });
    const env = okxEnv(okx);
    const srv = await startTestServer(env);
    try {
      const api = client(srv.url);
      await goLive(api, 'okx', okxKeys(okx));
      const placed = await restingBuy(api, 'okx', 'BTCUSDT', await underBid(api, 'okx', 'BTCUSDT', 0.97));
      expect(placed.client_order_id).toMatch(/^st-/);
      await srv.app.close();
      const again = await startApp(loadConfig(testEnv(srv.dataDir, env)), pino({ level: 'silent' }));
      try {
        const before = okx.requests.length;
        const res = await fetch(`${again.url}/api/trading/order/okx/BTCUSDT/${placed.order_id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
        const body = (await res.json()) as OrderJson;
        expect(res.status, JSON.stringify(body)).toBe(200);
        expect([body.status, body.client_order_id]).toEqual(['CANCELED', placed.client_order_id]);
        expect(okx.requests.slice(before).some((r) => r.method === 'POST' && r.path === '/api/v5/trade/cancel-order' && r.signed)).toBe(true);
        expect(okx.core.orders.all().at(-1)!.state).toBe('canceled');
      } finally {
        await again.close();
      }
    } finally {
      await srv.close().catch(() => {});
      await okx.close();
    }
  });
});
