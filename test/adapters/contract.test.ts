import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { LINEAR_BTCUSDT, binanceVenue, bybitVenue, coinbaseVenue, okxVenue, simVenue, type VenueUnderTest } from './venues.js';
import { waitFor } from '../wait-for.js';


/** A limit price far from the market on the tick grid: it rests. */
const restingBuyPrice = (bid: Decimal, tick: Decimal) => bid.mul(dec('0.97')).div(tick, 0, 'floor').mul(tick);

// The same cases against every venue: the sim exchange, and the real adapters against fakes that
// speak Binance's, Bybit's, OKX's and Coinbase's wire protocols. Each trades its own market
// (`VenueUnderTest.market`: BTCUSDT linear, or Coinbase's spot BTCUSD).
describe.each([
  ['sim', simVenue],
  ['binance', binanceVenue],
  ['bybit', bybitVenue],
  ['okx', okxVenue],
  ['coinbase', coinbaseVenue],
] as const)('exchange contract: %s', (_name, start) => {
  let v: VenueUnderTest;
  let m = LINEAR_BTCUSDT;
  let S = m.symbol;
  beforeAll(async () => {
    v = await start();
    m = v.market ?? LINEAR_BTCUSDT;
    S = m.symbol;
  }, 30_000);
  afterAll(async () => v?.close());

  it('connects and measures the round trip', async () => {
    const { latencyMs } = await v.adapter.connect();
    expect(latencyMs).toBeGreaterThanOrEqual(0);
    expect(v.adapter.info().connected).toBe(true);
  });

  it('lists its BTC market (BTCUSDT linear, or spot BTCUSD) with the venue rules', () => {
    const i = v.adapter.instrument(S)!;
    expect(i).not.toBeNull();
    expect([i.symbol, i.base, i.quote, i.marketType]).toEqual([S, m.base, m.quote, m.marketType]);
    expect(i.tickSize.toString()).toBe(m.tickSize);
    expect(i.stepSize.toString()).toBe(m.stepSize);
    expect(v.adapter.instrument('NOPEUSDT')).toBeNull();
  });

  it('answers a ticker with bid < ask on the tick grid', async () => {
    const t = await v.adapter.ticker(S);
    expect(t.bid.lt(t.ask)).toBe(true);
    expect(t.bid.isMultipleOf(dec(m.tickSize))).toBe(true);
    expect(t.ask.isMultipleOf(dec(m.tickSize))).toBe(true);
  });

  it('answers klines oldest first, honouring the limit, null for an unknown interval', async () => {
    const k = (await v.adapter.klines(S, '1m', 10))!;
    expect(k.length).toBe(10);
    for (let i = 1; i < k.length; i++) expect(k[i]!.openTime).toBeGreaterThan(k[i - 1]!.openTime);
    for (const bar of k) expect(bar.low.lte(bar.high)).toBe(true);
    expect(await v.adapter.klines(S, '7m', 10)).toBeNull();
  });

  it('streams ticks of a subscribed symbol and reports the feed live', async () => {
    const seen: MarketTick[] = [];
    const off = v.adapter.onTick((t) => t.symbol === S && seen.push(t));
    const release = v.adapter.subscribe(S);
    try {
      await waitFor(() => seen.length >= 2, 10_000, 'two ticks');
      expect(v.adapter.lastTick(S)).not.toBeNull();
      expect(v.adapter.status().state).toBe('live');
    } finally {
      release();
      off();
    }
  });

  it('places, queries and cancels a resting limit order', async () => {
    const inst = v.adapter.instrument(S)!;
    const t = await v.adapter.ticker(S);
    const price = restingBuyPrice(t.bid, inst.tickSize);
    const trading = v.adapter.trading();
    const placed = await trading.placeOrder({ symbol: S, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), price, clientOrderId: `c-${v.name}-1` });
    expect(placed.status).toBe('NEW');
    expect(placed.price!.eq(price)).toBe(true);
    const fetched = await trading.fetchOrder(S, placed.id);
    expect([fetched.id, fetched.status, fetched.clientOrderId]).toEqual([placed.id, 'NEW', `c-${v.name}-1`]);
    expect((await trading.openOrders(S)).map((o) => o.id)).toContain(placed.id);
    expect((await trading.cancelOrder(S, placed.id)).status).toBe('CANCELED');
    expect((await trading.fetchOrder(S, placed.id)).status).toBe('CANCELED');
    await expect(trading.fetchOrder(S, '999999999')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('fills a market order into a position, shows the balance, and closes it reduce-only', async () => {
    const trading = v.adapter.trading();
    const bought = await trading.placeOrder({ symbol: S, side: 'BUY', type: 'MARKET', quantity: dec('0.02'), clientOrderId: `c-${v.name}-2` });
    expect(bought.status).toBe('FILLED');
    expect(bought.filledQuantity.toString()).toBe('0.02');
    const pos = await waitFor(async () => (await trading.positions()).find((p) => p.symbol === S), 5_000, 'position').catch(() => null);
    const positions = await trading.positions();
    const btc = positions.find((p) => p.symbol === S) ?? pos;
    expect(btc?.quantity.toString()).toBe('0.02');
    // A spot venue holds currencies, not positions: no entry price of its own.
    if (m.marketType === 'linear') expect(btc!.entryPrice.sign()).toBe(1);
    const usdt = (await trading.balances()).find((b) => b.asset === m.quote)!;
    expect(usdt.total.sign()).toBe(1);
    const sold = await trading.placeOrder({ symbol: S, side: 'SELL', type: 'MARKET', quantity: dec('0.02'), reduceOnly: true, clientOrderId: `c-${v.name}-3` });
    expect(sold.status).toBe('FILLED');
    expect((await trading.positions()).find((p) => p.symbol === S)).toBeUndefined();
  });
});
