import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { binanceVenue, bybitVenue, okxVenue, simVenue, type VenueUnderTest } from './venues.js';
import { waitFor } from '../wait-for.js';


/** A limit price far from the market on the tick grid: it rests. */
const restingBuyPrice = (bid: Decimal, tick: Decimal) => bid.mul(dec('0.97')).div(tick, 0, 'floor').mul(tick);

// The same cases against every venue: the sim exchange, and the real adapters against fakes that
// speak Binance's, Bybit's and OKX's wire protocols.
describe.each([
  ['sim', simVenue],
  ['binance', binanceVenue],
  ['bybit', bybitVenue],
  ['okx', okxVenue],
] as const)('exchange contract: %s', (_name, start) => {
  let v: VenueUnderTest;
  beforeAll(async () => {
    v = await start();
  }, 30_000);
  afterAll(async () => v?.close());

  it('connects and measures the round trip', async () => {
    const { latencyMs } = await v.adapter.connect();
    expect(latencyMs).toBeGreaterThanOrEqual(0);
    expect(v.adapter.info().connected).toBe(true);
  });

  it('lists BTCUSDT as a linear instrument with the venue rules', () => {
    const i = v.adapter.instrument('BTCUSDT')!;
    expect(i).not.toBeNull();
    expect([i.symbol, i.base, i.quote, i.marketType]).toEqual(['BTCUSDT', 'BTC', 'USDT', 'linear']);
    expect(i.tickSize.toString()).toBe('0.1');
    expect(i.stepSize.toString()).toBe('0.001');
    expect(v.adapter.instrument('NOPEUSDT')).toBeNull();
  });

  it('answers a ticker with bid < ask on the tick grid', async () => {
    const t = await v.adapter.ticker('BTCUSDT');
    expect(t.bid.lt(t.ask)).toBe(true);
    expect(t.bid.isMultipleOf(dec('0.1'))).toBe(true);
    expect(t.ask.isMultipleOf(dec('0.1'))).toBe(true);
  });

  it('answers klines oldest first, honouring the limit, null for an unknown interval', async () => {
    const k = (await v.adapter.klines('BTCUSDT', '1m', 10))!;
    expect(k.length).toBe(10);
    for (let i = 1; i < k.length; i++) expect(k[i]!.openTime).toBeGreaterThan(k[i - 1]!.openTime);
    for (const bar of k) expect(bar.low.lte(bar.high)).toBe(true);
    expect(await v.adapter.klines('BTCUSDT', '7m', 10)).toBeNull();
  });

  it('streams ticks of a subscribed symbol and reports the feed live', async () => {
    const seen: MarketTick[] = [];
    const off = v.adapter.onTick((t) => t.symbol === 'BTCUSDT' && seen.push(t));
    const release = v.adapter.subscribe('BTCUSDT');
    try {
      await waitFor(() => seen.length >= 2, 10_000, 'two ticks');
      expect(v.adapter.lastTick('BTCUSDT')).not.toBeNull();
      expect(v.adapter.status().state).toBe('live');
    } finally {
      release();
      off();
    }
  });

  it('places, queries and cancels a resting limit order', async () => {
    const inst = v.adapter.instrument('BTCUSDT')!;
    const t = await v.adapter.ticker('BTCUSDT');
    const price = restingBuyPrice(t.bid, inst.tickSize);
    const trading = v.adapter.trading();
    const placed = await trading.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), price, clientOrderId: `c-${v.name}-1` });
    expect(placed.status).toBe('NEW');
    expect(placed.price!.eq(price)).toBe(true);
    const fetched = await trading.fetchOrder('BTCUSDT', placed.id);
    expect([fetched.id, fetched.status, fetched.clientOrderId]).toEqual([placed.id, 'NEW', `c-${v.name}-1`]);
    expect((await trading.openOrders('BTCUSDT')).map((o) => o.id)).toContain(placed.id);
    expect((await trading.cancelOrder('BTCUSDT', placed.id)).status).toBe('CANCELED');
    expect((await trading.fetchOrder('BTCUSDT', placed.id)).status).toBe('CANCELED');
    await expect(trading.fetchOrder('BTCUSDT', '999999999')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('fills a market order into a position, shows the balance, and closes it reduce-only', async () => {
    const trading = v.adapter.trading();
    const bought = await trading.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.02'), clientOrderId: `c-${v.name}-2` });
    expect(bought.status).toBe('FILLED');
    expect(bought.filledQuantity.toString()).toBe('0.02');
    const pos = await waitFor(async () => (await trading.positions()).find((p) => p.symbol === 'BTCUSDT'), 5_000, 'position').catch(() => null);
    const positions = await trading.positions();
    const btc = positions.find((p) => p.symbol === 'BTCUSDT') ?? pos;
    expect(btc?.quantity.toString()).toBe('0.02');
    expect(btc!.entryPrice.sign()).toBe(1);
    const usdt = (await trading.balances()).find((b) => b.asset === 'USDT')!;
    expect(usdt.total.sign()).toBe(1);
    const sold = await trading.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: dec('0.02'), reduceOnly: true, clientOrderId: `c-${v.name}-3` });
    expect(sold.status).toBe('FILLED');
    expect((await trading.positions()).find((p) => p.symbol === 'BTCUSDT')).toBeUndefined();
  });
});
