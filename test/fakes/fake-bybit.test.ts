/**
 * The fake Bybit v5 driven by ccxt 4.5.84 itself (REST and pro WebSockets), which proves the wire
 * protocol: the adapter users run talks to this fake unchanged, only its URLs rewritten.
 */
import { createHmac } from 'node:crypto';
import { AuthenticationError, ExchangeNotAvailable, InsufficientFunds, InvalidNonce, InvalidOrder, NetworkError, OrderNotFound, RateLimitExceeded } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { bybitClient, type BybitPro } from './bybit-ccxt-client.js';
import { startFakeBybit, type FakeBybit } from './fake-bybit.js';

const LINEAR = 'BTC/USDT:USDT';
const SPOT = 'BTC/USDT';

let fake: FakeBybit;
let pub: BybitPro;
let priv: BybitPro;
const extra: BybitPro[] = [];

beforeAll(async () => {
  fake = await startFakeBybit({ seed: 42, historyBars: 120 });
  pub = await bybitClient(fake);
  priv = await bybitClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret });
  await Promise.all([pub.loadMarkets(), priv.loadMarkets()]);
});

afterAll(async () => {
  for (const ex of [pub, priv, ...extra]) await ex?.close();
  await fake?.close();
});

/** The exchange id of a created order (ccxt types it as optional). */
function idOf(o: { id?: string }): string {
  expect(typeof o.id).toBe('string');
  return o.id as string;
}

/** A price of the linear BTC market, `frac` away from the last one, on the tick grid. */
function priceAway(frac: number): number {
  const last = fake.feed.lastTick('BTCUSDT')?.last.toNumber() ?? 0;
  return Math.round(last * (1 + frac) * 10) / 10;
}

describe('fake Bybit v5 — public REST through ccxt', () => {
  it('loadMarkets gives spot and linear BTC/USDT with the generator rules', () => {
    const linear = priv.market(LINEAR);
    const spot = priv.market(SPOT);
    expect(linear.linear && linear.swap && linear.settle === 'USDT').toBe(true);
    expect(spot.spot).toBe(true);
    for (const m of [linear, spot]) {
      expect(m.precision).toMatchObject({ price: 0.1, amount: 0.001 });
      expect(m.limits.amount).toMatchObject({ min: 0.001, max: 1000 });
      expect(m.limits.cost?.min).toBe(5);
    }
    expect(fake.requests.some((r) => r.path === '/v5/market/instruments-info' && r.status === 200)).toBe(true);
    expect(fake.requests.some((r) => r.path === '/v5/asset/coin/query-info' && r.signed)).toBe(true);
  });

  it('fetchTime, fetchTicker, fetchOrderBook, fetchTrades', async () => {
    expect(Math.abs(((await pub.fetchTime()) ?? 0) - Date.now())).toBeLessThan(2000);
    const t = await pub.fetchTicker(LINEAR);
    expect(t.bid).toBeLessThan(t.ask ?? 0);
    expect(t.last).toBeGreaterThan(0);
    expect(t.markPrice).toBeGreaterThan(0);
    const ob = await pub.fetchOrderBook(SPOT, 5);
    expect(ob.bids.length).toBeGreaterThan(0);
    expect(ob.bids[0]?.[0]).toBeLessThan(ob.asks[0]?.[0] ?? 0);
    await new Promise((r) => setTimeout(r, 600));
    const trades = await pub.fetchTrades(LINEAR, undefined, 5);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.every((x) => (x.price ?? 0) > 0 && (x.amount ?? 0) > 0 && (x.side === 'buy' || x.side === 'sell'))).toBe(true);
  });

  it('fetchOHLCV honours since and limit, oldest first, same bars as the generator', async () => {
    const since = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;
    const bars = await pub.fetchOHLCV(LINEAR, '1m', since, 10);
    expect(bars).toHaveLength(10);
    expect(bars.map((b) => b[0])).toEqual(Array.from({ length: 10 }, (_, i) => since + i * 60_000));
    const own = fake.feed.klines('BTCUSDT', '1m', 10, since);
    expect(bars.map((b) => b[1])).toEqual(own.map((k) => k.open.toNumber()));
    const latest = await pub.fetchOHLCV(LINEAR, '5m', undefined, 3);
    expect(latest).toHaveLength(3);
    expect((latest[2]?.[0] ?? 0) - (latest[1]?.[0] ?? 0)).toBe(300_000);
  });

  it('answers the kline endpoint newest first, as Bybit does', async () => {
    const res = await fetch(`${fake.restUrl}/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&limit=3`);
    const body = (await res.json()) as { retCode: number; result: { list: string[][] } };
    expect(body.retCode).toBe(0);
    const starts = body.result.list.map((r) => Number(r[0]));
    expect(starts[0]).toBeGreaterThan(starts[1] ?? Infinity);
    expect(body.result.list[0]).toHaveLength(7);
  });
});

describe('fake Bybit v5 — signed REST through ccxt', () => {
  it('fetchBalance shows the 10,000 USDT unified wallet', async () => {
    const b = await priv.fetchBalance();
    expect(b.USDT?.total).toBeGreaterThan(9000);
    expect(fake.requests.some((r) => r.path === '/v5/user/query-api' && r.signed)).toBe(true);
  });

  it('market order opens a linear position; reduce-only market order closes it', async () => {
    const id = idOf(await priv.createOrder(LINEAR, 'market', 'buy', 0.01, undefined, { clientOrderId: 'mkt-open-1' }));
    const filled = await priv.fetchOrder(id, LINEAR, { acknowledged: true });
    expect(filled).toMatchObject({ status: 'closed', filled: 0.01, clientOrderId: 'mkt-open-1', side: 'buy', type: 'market' });
    const [pos] = await priv.fetchPositions([LINEAR]);
    expect(pos).toMatchObject({ symbol: LINEAR, side: 'long', contracts: 0.01 });
    expect(pos?.entryPrice).toBeCloseTo(filled.average ?? 0, 1);
    await priv.createOrder(LINEAR, 'market', 'sell', 0.05, undefined, { reduceOnly: true });
    const [flat] = await priv.fetchPositions([LINEAR]);
    expect(flat?.contracts ?? 0).toBe(0);
    await expect(priv.createOrder(LINEAR, 'market', 'sell', 0.01, undefined, { reduceOnly: true })).rejects.toBeInstanceOf(InvalidOrder);
  });

  it('limit order rests with its clientOrderId, is listed open, amended, then cancelled', async () => {
    const price = priceAway(-0.1);
    const id = idOf(await priv.createOrder(LINEAR, 'limit', 'buy', 0.002, price, { clientOrderId: 'rest-1' }));
    const open = await priv.fetchOpenOrders(LINEAR);
    const mine = open.find((x) => x.id === id);
    expect(mine).toMatchObject({ status: 'open', price, amount: 0.002, clientOrderId: 'rest-1', remaining: 0.002 });
    expect((await priv.fetchOpenOrder(id, LINEAR)).id).toBe(id);
    const moved = priceAway(-0.08);
    await priv.editOrder(id, LINEAR, 'limit', 'buy', 0.003, moved);
    expect(await priv.fetchOpenOrder(id, LINEAR)).toMatchObject({ price: moved, amount: 0.003, status: 'open' });
    await priv.cancelOrder(id, LINEAR);
    expect((await priv.fetchOrder(id, LINEAR, { acknowledged: true })).status).toBe('canceled');
    expect((await priv.fetchOpenOrders(LINEAR)).some((x) => x.id === id)).toBe(false);
    await expect(priv.cancelOrder(id, LINEAR)).rejects.toBeInstanceOf(OrderNotFound);
  });

  it('stop (conditional) order waits untriggered and can be cancelled', async () => {
    await priv.createOrder(LINEAR, 'market', 'buy', 0.005);
    const trigger = priceAway(-0.05);
    const stop = idOf(await priv.createOrder(LINEAR, 'market', 'sell', 0.005, undefined, { triggerPrice: trigger, triggerDirection: 'descending', reduceOnly: true }));
    const open = await priv.fetchOpenOrders(LINEAR, undefined, undefined, { trigger: true });
    const mine = open.find((x) => x.id === stop);
    expect(mine).toMatchObject({ triggerPrice: trigger, reduceOnly: true, status: 'open' });
    expect(mine?.stopLossPrice).toBe(trigger);
    await priv.cancelOrder(stop, LINEAR);
    await priv.createOrder(LINEAR, 'market', 'sell', 0.005, undefined, { reduceOnly: true });
  });

  it('spot market buy adds BTC to the wallet', async () => {
    await priv.createOrder(SPOT, 'market', 'buy', 0.002);
    const b = await priv.fetchBalance();
    expect(b.BTC?.total).toBeCloseTo(0.002 * 0.999, 6);
    await expect(priv.createOrder(SPOT, 'market', 'sell', 5)).rejects.toBeInstanceOf(InsufficientFunds);
  });

  it('refuses a wrong secret, an unknown order, a stale timestamp and a too-big order', async () => {
    const bad = await bybitClient(fake, { apiKey: fake.apiKey, secret: 'wrong' });
    extra.push(bad);
    await expect(bad.loadMarkets()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(priv.cancelOrder('0b6e0f3c-0000-0000-0000-000000000000', LINEAR)).rejects.toBeInstanceOf(OrderNotFound);
    const ts = String(Date.now() - 60_000);
    const query = 'accountType=UNIFIED';
    const sign = createHmac('sha256', fake.apiSecret).update(`${ts}${fake.apiKey}5000${query}`).digest('hex');
    const res = await fetch(`${fake.restUrl}/v5/account/wallet-balance?${query}`, {
      headers: { 'X-BAPI-API-KEY': fake.apiKey, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': sign },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { retCode: number }).retCode).toBe(10002);
    const late = await bybitClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret });
    extra.push(late);
    late.nonce = () => Date.now() - 60_000;
    await expect(late.fetchBalance()).rejects.toBeInstanceOf(InvalidNonce);
    await expect(priv.createOrder(LINEAR, 'market', 'buy', 50)).rejects.toBeInstanceOf(InsufficientFunds);
  });

  it('fault switches: 429 (retCode 10006) and 403 are rate limits, 503 is unavailability', async () => {
    const res = await fetch(`${fake.restUrl}/__control/faults`, { method: 'POST', body: JSON.stringify({ httpStatus: 429, httpStatusCount: 1 }) });
    expect(await res.json()).toMatchObject({ httpStatus: 429, httpStatusCount: 1 });
    await expect(pub.fetchTicker(LINEAR)).rejects.toBeInstanceOf(RateLimitExceeded);
    expect((await pub.fetchTicker(LINEAR)).last).toBeGreaterThan(0);
    Object.assign(fake.faults, { httpStatus: 403, httpStatusCount: 1 });
    await expect(pub.fetchTicker(LINEAR)).rejects.toBeInstanceOf(RateLimitExceeded);
    Object.assign(fake.faults, { httpStatus: 503, httpStatusCount: 1 });
    await expect(pub.fetchTicker(LINEAR)).rejects.toBeInstanceOf(ExchangeNotAvailable);
    expect(fake.requests.filter((r) => r.status === 429 || r.status === 403 || r.status === 503)).toHaveLength(3);
    fake.faults.reset();
  });
});

describe('fake Bybit v5 — order engine against ticks', () => {
  it('a resting limit fills as maker when the last price crosses it; a stop triggers', () => {
    const { core } = fake;
    const tick = core.market.tick('ETHUSDT');
    const price = tick.bid.sub(Decimal.parse('5'));
    const before = core.account.walletBalance('USDT');
    const o = core.orders.create({ category: 'linear', symbol: 'ETHUSDT', side: 'Buy', orderType: 'Limit', qty: '0.1', price: price.toString() });
    expect(o.status).toBe('New');
    core.orders.onTick({ ...tick, last: price.add(Decimal.parse('0.01')) });
    expect(o.status).toBe('New');
    core.orders.onTick({ ...tick, last: price });
    expect(o.status).toBe('Filled');
    const fee = price.mul(Decimal.parse('0.1')).mul(Decimal.parse('0.0002'));
    expect(core.account.walletBalance('USDT').toString()).toBe(before.sub(fee).toString());
    const trigger = price.sub(Decimal.parse('10'));
    const stop = core.orders.create({ category: 'linear', symbol: 'ETHUSDT', side: 'Sell', orderType: 'Market', qty: '0.1', triggerPrice: trigger.toString(), triggerDirection: 2, reduceOnly: true });
    expect(stop.status).toBe('Untriggered');
    core.orders.onTick({ ...tick, last: trigger, bid: trigger, ask: trigger.add(Decimal.parse('0.01')) });
    expect(stop.status).toBe('Filled');
    expect(core.account.position('ETHUSDT')?.size.isZero()).toBe(true);
  });
});

describe('fake Bybit v5 — WebSockets through ccxt pro', () => {
  it('watchTicker (linear, with bid/ask) and watchTrades receive live data', async () => {
    const t = await pub.watchTicker(LINEAR);
    expect(t.bid).toBeGreaterThan(0);
    expect(t.ask).toBeGreaterThan(t.bid ?? 0);
    const t2 = await pub.watchTicker(LINEAR);
    expect(t2.bid).toBeGreaterThan(0);
    const trades = await pub.watchTrades(LINEAR);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades[0]?.symbol).toBe(LINEAR);
    const spotTrades = await pub.watchTrades(SPOT);
    expect(spotTrades[0]?.symbol).toBe(SPOT);
  });

  it('refuses upgrades while refuseWs is set', async () => {
    const other = await bybitClient(fake);
    extra.push(other);
    fake.faults.refuseWs = true;
    await expect(other.watchTicker('ETH/USDT:USDT')).rejects.toBeInstanceOf(NetworkError);
    fake.faults.reset();
  });

  it('a new watch call reconnects after the connections drop', async () => {
    await pub.watchTicker(LINEAR);
    expect(fake.faults.dropConnections()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    let ticker;
    for (let i = 0; i < 3 && ticker === undefined; i++) {
      try {
        ticker = await pub.watchTicker(LINEAR);
      } catch {
        // The dropped connection's pending future may reject first; the next call reconnects.
      }
    }
    expect(ticker?.last).toBeGreaterThan(0);
  });

  it('watchOrders sees an order created over REST', async () => {
    const watching = priv.watchOrders(LINEAR);
    await new Promise((r) => setTimeout(r, 300));
    const id = idOf(await priv.createOrder(LINEAR, 'limit', 'buy', 0.002, priceAway(-0.1), { clientOrderId: 'ws-seen-1' }));
    const seen = await watching;
    expect(seen.some((x) => x.id === id && x.clientOrderId === 'ws-seen-1' && x.symbol === LINEAR)).toBe(true);
    await priv.cancelOrder(id, LINEAR);
  });
});
