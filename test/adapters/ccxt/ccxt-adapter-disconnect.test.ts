import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import type { CcxtAdapter } from '../../../src/adapters/ccxt/ccxt-adapter.js';
import { binanceVenue, bybitVenue, type VenueUnderTest } from '../venues.js';

// What a disconnect leaves of a real venue: no streams and no new orders, but the orders already
// sent are still read (their state, their trades, by our client id) and their instruments known.
describe.each([
  ['binance', binanceVenue],
  ['bybit', bybitVenue],
] as const)('a disconnected %s adapter', (name, start) => {
  let v: VenueUnderTest;
  let adapter: CcxtAdapter;
  const connects: number[] = [];

  beforeAll(async () => {
    v = await start();
    adapter = v.adapter as CcxtAdapter;
    adapter.onConnect(() => connects.push(Date.now()));
  }, 30_000);
  afterAll(async () => v?.close());

  it('is told of each new connection, not of a connect that finds it connected', async () => {
    await adapter.connect();
    await adapter.connect();
    expect(connects.length).toBe(1);
  });

  it('still reads an order sent before the disconnect, by exchange id and by client id, with its trades and instrument', async () => {
    const placed = await adapter.trading().placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.01'), clientOrderId: `dc-${name}-1` });
    await adapter.disconnect();
    expect(adapter.info().connected).toBe(false);
    const trading = adapter.trading();
    expect(adapter.instrument('BTCUSDT')?.quote).toBe('USDT');
    const fetched = await trading.fetchOrder('BTCUSDT', placed.id);
    const byClientId = await trading.orderByClientId!('BTCUSDT', `dc-${name}-1`, false);
    for (const o of [fetched, byClientId!]) {
      expect([o.id, o.clientOrderId, o.symbol, o.status, o.filledQuantity.toString()]).toEqual([placed.id, `dc-${name}-1`, 'BTCUSDT', 'FILLED', '0.01']);
    }
    const trades = await trading.orderTrades!('BTCUSDT', placed.id);
    expect(trades.reduce((s, t) => s.add(t.quantity), dec('0')).toString()).toBe('0.01');
    expect(trades.every((t) => t.feeAsset === 'USDT' && t.fee !== null)).toBe(true);
    expect(await trading.orderByClientId!('BTCUSDT', `dc-${name}-unknown`, false)).toBeNull();
  });

  it('finds a stop order by its client id too (the venue keeps trigger orders apart)', async () => {
    await adapter.connect();
    const t = await adapter.ticker('BTCUSDT');
    const stopPrice = t.bid.mul(dec('0.9')).div(dec('0.1'), 0, 'floor').mul(dec('0.1'));
    const trading = adapter.trading();
    await trading.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.01'), clientOrderId: `dc-${name}-s0` });
    const stop = await trading.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: dec('0.01'), stopPrice, reduceOnly: true, clientOrderId: `dc-${name}-s1` });
    const found = await trading.orderByClientId!('BTCUSDT', `dc-${name}-s1`, true);
    expect([found?.id, found?.clientOrderId, found?.type, found?.status]).toEqual([stop.id, `dc-${name}-s1`, 'STOP_MARKET', 'NEW']);
    await trading.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: dec('0.01'), reduceOnly: true, clientOrderId: `dc-${name}-s2` });
  });

  it('a disconnect while its streams are still subscribing leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const seen = (e: unknown) => void unhandled.push(e);
    process.on('unhandledRejection', seen);
    try {
      for (let i = 0; i < 5; i++) {
        await adapter.connect();
        const release = adapter.subscribe('BTCUSDT');
        const stop = adapter.trading().watchOrders!(() => {});
        await new Promise((r) => setTimeout(r, i * 3)); // caught at another step of the handshake each time
        await adapter.disconnect();
        stop();
        release();
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.off('unhandledRejection', seen);
    }
    expect(unhandled.map(String)).toEqual([]);
  });

  it('sends no order until it is connected again, and is told of the new connection', async () => {
    await expect(adapter.trading().placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: dec('0.01'), clientOrderId: `dc-${name}-2`, reduceOnly: true })).rejects.toMatchObject({
      code: 'EXCHANGE_NOT_CONNECTED',
    });
    const before = connects.length;
    await adapter.connect();
    expect(connects.length).toBe(before + 1);
    const sold = await adapter.trading().placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: dec('0.01'), clientOrderId: `dc-${name}-2`, reduceOnly: true });
    expect(sold.status).toBe('FILLED');
  });
});
