import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { client, d, expectError, serverForSuite, testEnv, type AccountJson as Account, type OrderJson, type PositionJson } from './harness.js';


/**
 * A simulated account (10,000 USDT) carries what its margin allows: |quantity| × price / leverage
 * (+ the fee) out of the free margin, at 1× until a leverage is set; beyond that an order is a 422.
 */
describe('margin of the simulated account', () => {
  const { srv, api } = serverForSuite();

  const ask = async (): Promise<number> => ((await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { ask: number }).ask;
  const orders = async () => ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders;
  const position = async () => (await api.get('/api/position?symbol=BTCUSDT')).json as PositionJson;
  const account = async () => (await api.get('/api/trading/account/sim')).json as Account;

  it('refuses a 50 BTC market buy on 10,000 USDT, saying how much it needs and how much is free, and books nothing', async () => {
    const before = await orders();
    const res = await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 50 });
    const body = expectError(res, 422, 'INSUFFICIENT_MARGIN');
    expect(body.error.message).toMatch(/needs [\d.]+ USDT of margin at 1× \(fee included\), and 10000(\.00)? USDT is free/);
    const details = body.error.details as { required: number; available: number; leverage: number };
    expect(details.leverage).toBe(1);
    expect(details.available).toBe(10_000);
    expect(details.required).toBeGreaterThan(50 * (await ask()) * 0.99);
    expect(await orders()).toEqual(before);
    expect((await position()).side).toBe('FLAT');
    // The seed's symbol route takes the same path.
    expectError(await api.post('/api/symbols/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 50 }), 422, 'INSUFFICIENT_MARGIN');
  });

  it('at 1× a position holds its value: a second order that the rest cannot carry is refused, a reduction never', async () => {
    const first = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.1 });
    expect(first.status, first.text).toBe(200);
    const held = await account();
    expect(held.margin_used).toBeGreaterThan(6_000);
    expect(held.balances[0]!.locked).toBe(held.margin_used);
    const second = expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.1 }), 422, 'INSUFFICIENT_MARGIN');
    expect((second.error.details as { available: number }).available).toBeCloseTo(held.balances[0]!.free, 6);
    // A flip needs margin for its new side only: selling 0.15 closes 0.1 and opens a 0.05 short.
    const flip = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'SELL', quantity: 0.15 });
    expect(flip.status, flip.text).toBe(200);
    expect(await position()).toMatchObject({ side: 'SHORT', quantity: 0.05 });
    const close = await api.post('/api/position/close', { symbol: 'BTCUSDT' });
    expect(close.status, close.text).toBe(200);
  });

  it('resting limit orders hold margin too', async () => {
    const below = Math.floor(((await ask()) * 0.99) / 0.1) * 0.1;
    const price = Number(below.toFixed(1));
    const first = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.1 });
    expect(first.status, first.text).toBe(200);
    expect((await account()).balances[0]!.locked).toBeGreaterThan(6_000);
    expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.1 }), 422, 'INSUFFICIENT_MARGIN');
    expect((await api.del('/api/trading/orders')).status).toBe(200);
    expect((await account()).balances[0]!.locked).toBe(0);
  });

  it('a leverage set for the symbol lets the same account carry more', async () => {
    expect((await api.get('/api/trading/config/leverage')).json).toEqual({ default: 1, default_margin_mode: 'cross', symbols: [], margin_modes: [] });
    expect((await api.post('/api/trading/config/leverage', { exchange: 'sim', symbol: 'btcusdt', leverage: 5 })).json).toEqual({ exchange: 'sim', symbol: 'BTCUSDT', leverage: 5, max_leverage: 125 });
    const res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.5 }); // ≈ 32,000 USDT at 5× ≈ 6,400 held
    expect(res.status, res.text).toBe(200);
    const held = await account();
    expect(d(held.margin_used).lt(d(7_000)) && d(held.margin_used).gt(d(6_000))).toBe(true);
    expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.5 }), 422, 'INSUFFICIENT_MARGIN');
    expectError(await api.post('/api/trading/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 5 }), 422, 'INSUFFICIENT_MARGIN'); // ETH is still at 1×
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
  });

  it('refuses a leverage out of 1–125, not whole, or for a symbol the exchange does not list', async () => {
    for (const leverage of [0, 126, 2.5, '5', null]) {
      expectError(await api.post('/api/trading/config/leverage', { exchange: 'sim', symbol: 'BTCUSDT', leverage }), 400, 'VALIDATION_ERROR');
    }
    expectError(await api.post('/api/trading/config/leverage', { exchange: 'sim', symbol: 'DOGEUSDT', leverage: 3 }), 404, 'UNKNOWN_SYMBOL');
    expectError(await api.post('/api/trading/config/leverage', { exchange: 'kraken', symbol: 'BTCUSDT', leverage: 3 }), 404, 'UNKNOWN_EXCHANGE');
    expect(((await api.get('/api/trading/config/leverage')).json as { symbols: unknown[] }).symbols).toEqual([{ exchange: 'sim', symbol: 'BTCUSDT', leverage: 5 }]);
  });

  it('keeps the leverage across a restart', async () => {
    await srv.app.close();
    const again = await startApp(loadConfig(testEnv(srv.dataDir)), pino({ level: 'silent' }));
    try {
      expect((await client(again.url).get('/api/trading/config/leverage')).json).toEqual({ default: 1, default_margin_mode: 'cross', symbols: [{ exchange: 'sim', symbol: 'BTCUSDT', leverage: 5 }], margin_modes: [] });
    } finally {
      await again.close();
    }
  });
});
