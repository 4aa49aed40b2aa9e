/**
 * The fake OKX v5 driven by ccxt 4.5.84 itself (REST and pro WebSockets), which proves the wire
 * protocol: the adapter users run talks to this fake unchanged, only its URLs rewritten. Raw
 * requests check what ccxt never sends wrong (stale timestamps, missing headers).
 */
import { AuthenticationError, ExchangeNotAvailable, InsufficientFunds, InvalidOrder, OrderNotFound, RateLimitExceeded } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { hmacBase64 } from './okx-auth.js';
import { okxClient, type OkxPro } from './okx-ccxt-client.js';
import { startFakeOkx, type FakeOkx } from './fake-okx.js';

const SWAP = 'BTC/USDT:USDT';
let fake: FakeOkx;
let pub: OkxPro;
let priv: OkxPro;
const extra: OkxPro[] = [];

beforeAll(async () => {
  fake = await startFakeOkx({ seed: 43, historyBars: 120 });
  pub = await okxClient(fake);
  priv = await okxClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret, password: fake.passphrase });
  await Promise.all([pub.loadMarkets(), priv.loadMarkets()]);
});
afterAll(async () => {
  for (const ex of [pub, priv, ...extra]) await ex?.close();
  await fake?.close();
});

const lastPx = () => fake.feed.lastTick('BTCUSDT')!.last;
const grid = (n: Decimal) => Number(n.div(Decimal.parse('0.1'), 0, 'floor').mul(Decimal.parse('0.1')).toString());

/** A signed request by hand: the same signature ccxt computes, with the parts a test wants wrong. */
async function raw(path: string, o: { timestamp?: string; passphrase?: string; secret?: string; demo?: boolean } = {}): Promise<{ status: number; body: { code: string; msg: string } }> {
  const ts = o.timestamp ?? new Date().toISOString();
  const headers: Record<string, string> = {
    'OK-ACCESS-KEY': fake.apiKey,
    'OK-ACCESS-PASSPHRASE': o.passphrase ?? fake.passphrase,
    'OK-ACCESS-TIMESTAMP': ts,
    'OK-ACCESS-SIGN': hmacBase64(o.secret ?? fake.apiSecret, `${ts}GET${path}`),
  };
  if (o.demo) headers['x-simulated-trading'] = '1';
  const res = await fetch(fake.restUrl + path, { headers });
  return { status: res.status, body: (await res.json()) as { code: string; msg: string } };
}

describe('fake OKX v5 — markets and public REST through ccxt', () => {
  it('lists the USDT swap in contracts of 0.01 BTC and the spot pair, fetching currencies signed', () => {
    const m = priv.market(SWAP);
    expect([m.id, m.swap, m.linear, m.settle, m.contractSize]).toEqual(['BTC-USDT-SWAP', true, true, 'USDT', 0.01]);
    expect(m.precision).toMatchObject({ price: 0.1, amount: 0.1 });
    expect(priv.market('BTC/USDT').spot).toBe(true);
    expect(fake.requests.some((r) => r.path === '/api/v5/asset/currencies' && r.signed)).toBe(true);
  });

  it('ticker, book and candles with since/limit are the generator’s', async () => {
    const t = await pub.fetchTicker(SWAP);
    expect(t.bid!).toBeLessThan(t.ask!);
    const ob = await pub.fetchOrderBook(SWAP, 5);
    expect(ob.bids[0]![0]!).toBeLessThan(ob.asks[0]![0]!);
    const since = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
    const bars = await pub.fetchOHLCV(SWAP, '1m', since, 10);
    expect(bars.map((b) => b[0])).toEqual(Array.from({ length: 10 }, (_, i) => since + i * 60_000));
    const own = fake.feed.klines('BTCUSDT', '1m', 10, since);
    expect(bars.map((b) => [b[1], b[5]])).toEqual(own.map((k) => [k.open.toNumber(), k.volume.toNumber()]));
  });
});

describe('fake OKX v5 — authentication', () => {
  it('a wrong passphrase is 50105, a wrong secret 50113, both HTTP 401 and AuthenticationError', async () => {
    const bad = await okxClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret, password: 'not-the-passphrase' });
    extra.push(bad);
    // Its first signed call is loadMarkets' currency list.
    await expect(bad.fetchBalance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/v5/asset/currencies', status: 401, signed: false });
    expect((await raw('/api/v5/account/balance', { passphrase: 'nope-nope' })).body.code).toBe('50105');
    const r = await raw('/api/v5/account/balance', { secret: 'other-secret' });
    expect([r.status, r.body.code]).toEqual([401, '50113']);
    expect((await raw('/api/v5/account/balance')).body.code).toBe('0');
  });

  it('a timestamp 31 s old is 50102; a live key in demo trading is 50101', async () => {
    expect((await raw('/api/v5/account/balance', { timestamp: new Date(Date.now() - 31_000).toISOString() })).body.code).toBe('50102');
    expect((await raw('/api/v5/account/balance', { timestamp: 'yesterday' })).body.code).toBe('50112');
    expect((await raw('/api/v5/account/balance', { demo: true })).body.code).toBe('50101');
  });

  it('a demo key trades with x-simulated-trading: 1 (ccxt sandbox mode), REST and private stream', async () => {
    const demoFake = await startFakeOkx({ seed: 5, historyBars: 30, demo: true });
    const ex = await okxClient(demoFake, { apiKey: demoFake.apiKey, secret: demoFake.apiSecret, password: demoFake.passphrase }, true);
    try {
      await ex.loadMarkets();
      expect(((await ex.fetchBalance()).total as unknown as Record<string, number>).USDT).toBe(10_000);
      const orders = ex.watchOrders();
      await new Promise((r) => setTimeout(r, 300));
      await ex.createOrder(SWAP, 'market', 'buy', 1, undefined, { clOrdId: 'demo1' });
      expect((await orders)[0]?.clientOrderId).toBe('demo1');
    } finally {
      await ex.close();
      await demoFake.close();
    }
  });

  it('the private stream refuses a wrong passphrase at login', async () => {
    const bad = await okxClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret, password: 'wrong-passphrase' });
    extra.push(bad);
    bad.setMarkets(pub.markets); // its own loadMarkets would fail on the signed currency list first
    await expect(bad.watchOrders()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('fake OKX v5 — trading through ccxt', () => {
  it('a market buy fills at the ask as taker with a 0.05 % fee, in contracts; the position is net long', async () => {
    const o = await priv.createOrder(SWAP, 'market', 'buy', 2, undefined, { clOrdId: 'mkt1' });
    const got = await priv.fetchOrder(o.id!, SWAP);
    expect([got.status, got.amount, got.filled, got.clientOrderId]).toEqual(['closed', 2, 2, 'mkt1']);
    const fills = await priv.fetchMyTrades(SWAP, undefined, undefined, { ordId: o.id });
    expect(fills).toHaveLength(1);
    const f = fills[0]!;
    expect(f.takerOrMaker).toBe('taker');
    const fee = Decimal.parse(String(f.price)).mul(Decimal.parse('0.02')).mul(Decimal.parse('0.0005')).rescale(8, 'half-up');
    expect(f.fee?.cost).toBeCloseTo(fee.toNumber(), 8);
    const pos = (await priv.fetchPositions([SWAP]))[0]!;
    expect([pos.side, pos.contracts, pos.contractSize]).toEqual(['long', 2, 0.01]);
  });

  it('refusals: too big (51008), off the lot (51121), unknown order (51603 / 51400)', async () => {
    await expect(priv.createOrder(SWAP, 'market', 'buy', 900_000)).rejects.toBeInstanceOf(InsufficientFunds);
    // ccxt rounds amounts to the lot itself: the off-lot size goes through its implicit API.
    await expect(priv.privatePostTradeOrder({ instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1.05' })).rejects.toBeInstanceOf(InvalidOrder);
    await expect(priv.fetchOrder('123', SWAP)).rejects.toBeInstanceOf(OrderNotFound);
    await expect(priv.cancelOrder('123', SWAP)).rejects.toBeInstanceOf(OrderNotFound);
  });

  it('a resting limit fills at its price as maker once the last trade reaches it, told on the orders channel', async () => {
    const px = grid(lastPx().mul(Decimal.parse('0.98')));
    const stream = priv.watchOrders();
    await new Promise((r) => setTimeout(r, 300));
    const o = await priv.createOrder(SWAP, 'limit', 'buy', 1, px, { clOrdId: 'lim1' });
    expect((await stream)[0]?.status).toBe('open');
    expect((await priv.fetchOpenOrders(SWAP)).map((x) => x.id)).toContain(o.id);
    const next = priv.watchOrders();
    const t = fake.feed.lastTick('BTCUSDT')!;
    fake.core.orders.onTick({ ...t, last: Decimal.parse(String(px)), tradeQuantity: Decimal.parse('0.01') });
    const pushed = (await next)[0]!;
    expect([pushed.id, pushed.status, pushed.filled]).toEqual([o.id, 'closed', 1]);
    const fill = (await priv.fetchMyTrades(SWAP, undefined, undefined, { ordId: o.id }))[0]!;
    expect([fill.takerOrMaker, fill.price]).toEqual(['maker', px]);
  });

  it('a stop-loss is an algo order that triggers on the last price and closes reduce-only', async () => {
    const stop = grid(lastPx().mul(Decimal.parse('0.9')));
    const held = fake.core.account.position('BTC-USDT-SWAP')!.pos;
    const algo = await priv.createOrder(SWAP, 'market', 'sell', Number(held.toString()), undefined, { stopLossPrice: stop, reduceOnly: true });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v5/trade/order-algo', signed: true });
    expect((await priv.fetchOrder(algo.id!, SWAP, { trigger: true })).status).toBe('open');
    const t = fake.feed.lastTick('BTCUSDT')!;
    fake.core.orders.onTick({ ...t, last: Decimal.parse(String(stop)), tradeQuantity: Decimal.parse('0.01') });
    expect((await priv.fetchOrder(algo.id!, SWAP, { trigger: true })).status).toBe('closed');
    expect(fake.core.account.position('BTC-USDT-SWAP')!.pos.isZero()).toBe(true);
  });
});

describe('fake OKX v5 — streams and fault switches', () => {
  it('tickers, trades, books5 on /public and candles on /business', async () => {
    const t = await pub.watchTicker(SWAP);
    expect(t.bid!).toBeLessThan(t.ask!);
    const trades = await pub.watchTrades(SWAP);
    expect(trades[0]!.amount).toBeGreaterThan(0);
    const ob = await pub.watchOrderBook(SWAP, 5);
    expect(ob.bids.length).toBeGreaterThan(0);
    const bars = await pub.watchOHLCV(SWAP, '1m');
    expect(bars.at(-1)![0]).toBe(Math.floor(lastPx().toNumber() > 0 ? fake.feed.lastTick('BTCUSDT')!.time / 60_000 : 0) * 60_000);
  });

  it('forced statuses become ccxt’s errors; a silenced feed pushes nothing; refused upgrades fail', async () => {
    fake.faults.httpStatus = 429;
    fake.faults.httpStatusCount = 1;
    await expect(pub.fetchTicker(SWAP)).rejects.toBeInstanceOf(RateLimitExceeded);
    fake.faults.httpStatus = 503;
    fake.faults.httpStatusCount = 1;
    await expect(pub.fetchTicker(SWAP)).rejects.toBeInstanceOf(ExchangeNotAvailable);
    fake.faults.silent = true;
    const quiet = await Promise.race([pub.watchTicker(SWAP).then(() => 'tick'), new Promise((r) => setTimeout(() => r('quiet'), 700))]);
    expect(quiet).toBe('quiet');
    fake.faults.reset();
    fake.faults.refuseWs = true;
    expect(fake.faults.dropConnections()).toBeGreaterThan(0);
    const fresh = await okxClient(fake);
    extra.push(fresh);
    await fresh.loadMarkets();
    await expect(fresh.watchTicker(SWAP)).rejects.toThrow();
    fake.faults.reset();
  });
});
