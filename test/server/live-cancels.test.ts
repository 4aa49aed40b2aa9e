import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBinance } from '../fakes/fake-binance.js';
import type { client, OrderJson } from './harness.js';
import { startLiveBinance, tradeThroughOnBinance, type LiveBinance } from './live-binance.js';
import { cancelHere, filled, restingBuy, statusOf, underBid } from './live-venue.js';
import { waitFor } from '../wait-for.js';
import { Decimal } from '../../src/domain/decimal.js';

describe('live trading: the orders the trader or the engine ends are canceled at the exchange', () => {
  let live: LiveBinance;
  let binance: FakeBinance;
  let api: ReturnType<typeof client>;
  const openAtVenue = () => binance.futures.open('BTCUSDT').map((o) => o.clientOrderId);

  beforeAll(async () => {
    ({ binance, api } = live = await startLiveBinance({ seed: 47, historyBars: 60 }));
  }, 30_000);
  afterAll(() => live?.close());

  it('DELETE /api/trading/orders cancels every resting order on the exchange, not only here', async () => {
    const price = await underBid(api, 'binance', 'BTCUSDT', 0.97);
    const a = await restingBuy(api, 'binance', 'BTCUSDT', price);
    const b = await restingBuy(api, 'binance', 'BTCUSDT', price - 5);
    expect(openAtVenue().sort()).toEqual([a.client_order_id, b.client_order_id].sort());
    const res = await api.del('/api/trading/orders');
    expect(res.status, res.text).toBe(200);
    expect((res.json as { canceled: OrderJson[] }).canceled.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(openAtVenue()).toEqual([]);
    expect(await statusOf(api, a.client_order_id)).toBe('CANCELED');
  });

  it('the kill switch cancels the resting orders on the exchange before it closes', async () => {
    const price = await underBid(api, 'binance', 'BTCUSDT', 0.97);
    const a = await restingBuy(api, 'binance', 'BTCUSDT', price);
    expect(openAtVenue()).toEqual([a.client_order_id]);
    const halt = await api.post('/api/trading/halt', { reason: 'test' });
    expect(halt.status, halt.text).toBe(200);
    expect((halt.json as { canceled_orders: string[] }).canceled_orders).toEqual([a.order_id]);
    expect(openAtVenue()).toEqual([]);
    expect((await api.post('/api/trading/resume')).status).toBe(200);
  });

  it("a bracket's exit that fills takes its other exit off the exchange (one cancels the other)", async () => {
    const last = binance.market.last('BTCUSDT')!.last.toNumber();
    const tp = Math.round(last * 1.05 * 10) / 10;
    const sl = Math.round(last * 0.95 * 10) / 10;
    const entry = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, take_profit: tp, stop_loss: sl });
    expect(entry.status, entry.text).toBe(200);
    const entryId = (entry.json as OrderJson).client_order_id;
    const exits = await waitFor(() => (binance.algos.open('BTCUSDT').length === 2 ? binance.algos.open('BTCUSDT') : null), 5_000, 'both exits at the exchange');
    expect(exits.map((a) => a.orderType).sort()).toEqual(['STOP_MARKET', 'TAKE_PROFIT_MARKET']);
    // The market trades through the take-profit: the exchange fires it.
    const tick = binance.market.last('BTCUSDT')!;
    binance.algos.onMarket({ tick: { ...tick, last: Decimal.parse(String(tp + 1)) }, trade: null, updateId: 0, prevUpdateId: 0 });
    await filled(api, (o) => o.client_order_id === `${entryId}-tp`, 5_000, 'the take-profit filled here');
    await waitFor(() => binance.algos.open('BTCUSDT').length === 0 || null, 5_000, 'the stop-loss canceled at the exchange');
    await waitFor(async () => (await statusOf(api, `${entryId}-sl`)) === 'CANCELED' || null, 5_000, 'the stop-loss CANCELED here once the exchange said so');
  });

  it("a resting stop is canceled in Binance USDⓈ-M's Algo Service, where it rests", async () => {
    const last = binance.market.last('BTCUSDT')!.last.toNumber();
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_MARKET', stop_price: Math.round(last * 1.03 * 10) / 10, quantity: 0.01 });
    expect(res.status, res.text).toBe(200);
    const stop = res.json as OrderJson;
    expect(binance.algos.open('BTCUSDT').map((a) => a.clientAlgoId)).toEqual([stop.client_order_id]);
    const before = binance.requests.length;
    await cancelHere(api, 'binance', 'BTCUSDT', stop.order_id);
    expect(binance.requests.slice(before).some((r) => r.method === 'DELETE' && r.path === '/fapi/v1/algoOrder')).toBe(true);
    expect(binance.algos.open('BTCUSDT')).toEqual([]);
  });

  it("an entry that fills in several trades is protected by one take-profit and one stop-loss for all of it", async () => {
    binance.futures.takerTrades = 3;
    try {
      const last = binance.market.last('BTCUSDT')!.last.toNumber();
      const tp = Math.round(last * 1.04 * 10) / 10;
      const sl = Math.round(last * 0.96 * 10) / 10;
      const entry = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.03, take_profit: tp, stop_loss: sl });
      expect(entry.status, entry.text).toBe(200);
      const entryId = (entry.json as OrderJson).client_order_id;
      const entryFills = binance.futures.userTrades('BTCUSDT').filter((t) => t.orderId === binance.futures.all('BTCUSDT').find((o) => o.clientOrderId === entryId)!.orderId);
      expect(entryFills.map((t) => t.qty.toString())).toEqual(['0.01', '0.01', '0.01']);
      // However the three trades were reported (the answer, the stream, a poll): at the exchange one exit of each kind, for 0.03.
      const settled = () => {
        const open = binance.algos.open('BTCUSDT');
        return open.length === 2 && open.every((a) => a.quantity.toString() === '0.03') ? open : null;
      };
      const exits = await waitFor(settled, 5_000, 'two exits of 0.03 at the exchange');
      expect(exits.map((a) => a.orderType).sort()).toEqual(['STOP_MARKET', 'TAKE_PROFIT_MARKET']);
      const open = ((await api.get('/api/trading/orders')).json as { orders: OrderJson[] }).orders.filter((o) => o.client_order_id.startsWith(`${entryId}-`));
      await waitFor(async () => {
        const mine = ((await api.get('/api/trading/orders')).json as { orders: OrderJson[] }).orders.filter((o) => o.client_order_id.startsWith(`${entryId}-`));
        return mine.length === 2 && mine.every((o) => o.quantity === 0.03) ? mine : null;
      }, 5_000, `the open exits here are the exchange's (${JSON.stringify(open.map((o) => [o.client_order_id, o.quantity]))})`);
      expect(new Set(exits.map((a) => a.clientAlgoId))).toEqual(new Set(((await api.get('/api/trading/orders')).json as { orders: OrderJson[] }).orders.filter((o) => o.client_order_id.startsWith(`${entryId}-`)).map((o) => o.client_order_id)));
    } finally {
      binance.futures.takerTrades = 1;
    }
    const flat = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'binance' });
    expect(flat.status, flat.text).toBe(200);
  });

  it("an entry that fills over time has its exits replaced at the exchange as it grows (the old ones canceled there)", async () => {
    binance.futures.makerFill = Decimal.parse('0.01');
    try {
      const price = await underBid(api, 'binance', 'BTCUSDT', 0.99);
      const tp = Math.round(price * 1.04 * 10) / 10;
      const sl = Math.round(price * 0.97 * 10) / 10;
      const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.02, take_profit: tp, stop_loss: sl });
      expect(res.status, res.text).toBe(200);
      const entry = res.json as OrderJson;
      const exitsAt = (qty: string) => () => {
        const open = binance.algos.open('BTCUSDT');
        return open.length === 2 && open.every((a) => a.quantity.toString() === qty) ? open : null;
      };
      tradeThroughOnBinance(binance, price); // a taker of 0.01: half the entry
      const first = await waitFor(exitsAt('0.01'), 5_000, 'exits of 0.01 after the first half');
      expect(first.map((a) => a.clientAlgoId).sort()).toEqual([`${entry.client_order_id}-sl`, `${entry.client_order_id}-tp`]);
      tradeThroughOnBinance(binance, price); // the second half
      const second = await waitFor(exitsAt('0.02'), 5_000, 'exits of 0.02 once the entry filled');
      expect(second.map((a) => a.clientAlgoId).sort()).toEqual([`${entry.client_order_id}-sl_2`, `${entry.client_order_id}-tp_2`]);
      const status = async (id: string) => statusOf(api, id);
      await waitFor(async () => ((await status(`${entry.client_order_id}-tp`)) === 'CANCELED' && (await status(`${entry.client_order_id}-sl`)) === 'CANCELED') || null, 5_000, 'the first exits CANCELED here');
      expect([await status(`${entry.client_order_id}-tp_2`), await status(`${entry.client_order_id}-sl_2`), await status(entry.client_order_id)]).toEqual(['NEW', 'NEW', 'FILLED']);
    } finally {
      binance.futures.makerFill = null;
    }
    const flat = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'binance' });
    expect(flat.status, flat.text).toBe(200);
    await waitFor(() => binance.algos.open('BTCUSDT').length === 0 || null, 5_000, 'the exits canceled at the exchange once flat');
  });

  it("a bracket of a 36-character client id: its exits' ids (39, over Binance's 36) go in a form Binance takes, and are ours here", async () => {
    const id = 'a-very-long-scalp-id-of-36-chars-001';
    expect(id).toHaveLength(36);
    const last = binance.market.last('BTCUSDT')!.last.toNumber();
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, client_order_id: id, take_profit: Math.round(last * 1.05 * 10) / 10, stop_loss: Math.round(last * 0.95 * 10) / 10 });
    expect(res.status, res.text).toBe(200);
    expect((res.json as OrderJson).client_order_id).toBe(id);
    const exits = await waitFor(() => (binance.algos.open('BTCUSDT').length === 2 ? binance.algos.open('BTCUSDT') : null), 5_000, 'both exits at the exchange');
    for (const a of exits) expect(a.clientAlgoId).toMatch(/^st[0-9A-Za-z]{30}$/);
    expect([await statusOf(api, `${id}-tp`), await statusOf(api, `${id}-sl`)]).toEqual(['NEW', 'NEW']);
    const flat = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'binance' });
    expect(flat.status, flat.text).toBe(200);
    await waitFor(() => binance.algos.open('BTCUSDT').length === 0 || null, 5_000, 'the exits canceled at the exchange once flat');
    await waitFor(async () => ((await statusOf(api, `${id}-tp`)) === 'CANCELED' && (await statusOf(api, `${id}-sl`)) === 'CANCELED') || null, 5_000, 'both exits CANCELED here');
  });

  it('an entry that fills in three parts faster than the exchange cancels replaces each exit once more, under a new id each time', async () => {
    binance.futures.makerFill = Decimal.parse('0.01');
    try {
      const price = await underBid(api, 'binance', 'BTCUSDT', 0.99);
      const tp = Math.round(price * 1.04 * 10) / 10;
      const sl = Math.round(price * 0.97 * 10) / 10;
      const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.03, take_profit: tp, stop_loss: sl });
      expect(res.status, res.text).toBe(200);
      const entry = res.json as OrderJson;
      // Three takers in a row: the second and third fills arrive while the first exits' cancels are on the way.
      tradeThroughOnBinance(binance, price);
      tradeThroughOnBinance(binance, price);
      tradeThroughOnBinance(binance, price);
      const exits = await waitFor(() => {
        const open = binance.algos.open('BTCUSDT');
        return open.length === 2 && open.every((a) => a.quantity.toString() === '0.03') ? open : null;
      }, 8_000, 'one take-profit and one stop-loss of 0.03 at the exchange');
      expect(new Set(exits.map((a) => a.clientAlgoId)).size).toBe(2);
      expect(await statusOf(api, entry.client_order_id)).toBe('FILLED');
      const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { quantity: number };
      expect(pos.quantity).toBe(0.03);
    } finally {
      binance.futures.makerFill = null;
    }
    const flat = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'binance' });
    expect(flat.status, flat.text).toBe(200);
    await waitFor(() => binance.algos.open('BTCUSDT').length === 0 || null, 5_000, 'the exits canceled at the exchange once flat');
  });

  it('the kill switch closes the positions by its deadline even when the exchange is slow to cancel; the late cancels still end the orders', async () => {
    const open = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    expect(open.status, open.text).toBe(200);
    const resting = await restingBuy(api, 'binance', 'BTCUSDT', await underBid(api, 'binance', 'BTCUSDT', 0.97));
    binance.faults.delayMs = 2_500; // every REST answer of the exchange comes 2.5 s late
    try {
      const t0 = Date.now();
      const r = await live.srv.app.engine.flattenAll('live_trading', 300);
      expect(Date.now() - t0).toBeLessThan(1_500);
      expect(r.canceled).toEqual([]);
      expect(r.failed.map((f) => [f.order.id, f.error.code])).toEqual([[resting.order_id, 'EXCHANGE_CANCEL_PENDING']]);
      expect(r.closed).toHaveLength(1); // the close is on its way to the exchange already
    } finally {
      binance.faults.delayMs = 0;
    }
    await waitFor(async () => ((await statusOf(api, resting.client_order_id)) === 'CANCELED' ? true : null), 10_000, 'the late cancel booked');
    await waitFor(async () => ((await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { side: string }).side === 'FLAT' || null, 10_000, 'flat');
    expect(openAtVenue()).toEqual([]);
  });
});
