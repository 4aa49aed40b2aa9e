import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as ccxt from 'ccxt';
import type { Order } from 'ccxt';
import { binanceClient, type BinancePro } from './binance-ccxt-client.js';
import { startFakeBinance, type FakeBinance } from './fake-binance.js';

/** The fake Binance driven by ccxt 4.5.84 itself (REST + pro WebSockets), plus a few raw-protocol checks. */
const LINEAR = 'BTC/USDT:USDT';
const SPOT = 'BTC/USDT';
const idOf = (o: Order): string => o.id as string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(f: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

let fake: FakeBinance;
let ex: BinancePro;
const others: BinancePro[] = [];

async function client(creds: { apiKey?: string; secret?: string } = {}): Promise<BinancePro> {
  const c = await binanceClient(fake, creds);
  others.push(c);
  return c;
}

beforeAll(async () => {
  fake = await startFakeBinance({ seed: 7, historyBars: 120 });
  ex = await binanceClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret });
  await ex.loadMarkets();
  await until(() => fake.market.recentTrades('BTCUSDT').length > 0 && fake.market.recentTrades('ETHUSDT').length > 0, 'live trades');
});

afterAll(async () => {
  for (const c of [ex, ...others]) await c?.close();
  await fake?.close();
});

describe('fake Binance: markets and public REST through ccxt', () => {
  it('loadMarkets gives spot and USD-M markets with the instruments’ precision and limits', () => {
    const spot = ex.market(SPOT);
    const perp = ex.market(LINEAR);
    expect(spot).toMatchObject({ id: 'BTCUSDT', type: 'spot', spot: true, base: 'BTC', quote: 'USDT' });
    expect(perp).toMatchObject({ id: 'BTCUSDT', type: 'swap', linear: true, settle: 'USDT', contractSize: 1 });
    for (const m of [spot, perp]) {
      expect(m.precision).toMatchObject({ price: 0.1, amount: 0.001 });
      expect(m.limits.amount).toMatchObject({ min: 0.001, max: 1000 });
      expect(m.limits.cost?.min).toBe(5);
    }
    expect(ex.market('ETH/USDT:USDT').precision?.price).toBe(0.01);
    const paths = fake.requests.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v3/exchangeInfo', '/fapi/v1/exchangeInfo']));
  });

  it('fetchTime, fetchTicker, fetchOrderBook and fetchTrades', async () => {
    expect(Math.abs(((await ex.fetchTime()) as number) - Date.now())).toBeLessThan(2000);
    const t = await ex.fetchTicker(SPOT);
    expect(t.bid).toBeLessThan(t.ask as number);
    expect(t.last).toBeGreaterThan(0);
    // The market moves on while the request is in flight: the ticker's last is one the fake held meanwhile.
    const held = new Set<number | undefined>([fake.market.last('BTCUSDT')?.last.toNumber()]);
    const watch = setInterval(() => held.add(fake.market.last('BTCUSDT')?.last.toNumber()), 1);
    const lt = await ex.fetchTicker(LINEAR).finally(() => clearInterval(watch));
    held.add(fake.market.last('BTCUSDT')?.last.toNumber());
    expect([...held]).toContain(lt.last);
    const book = await ex.fetchOrderBook(LINEAR);
    expect(book.bids.length).toBe(5);
    expect(book.bids[0]?.[0]).toBeLessThan(book.asks[0]?.[0] as number);
    expect(book.bids[0]?.[0]).toBeGreaterThan(book.bids[1]?.[0] as number);
    const trades = await ex.fetchTrades(LINEAR);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades[0]).toMatchObject({ symbol: LINEAR });
    const spotTrades = await ex.fetchTrades(SPOT, undefined, 5);
    expect(spotTrades.length).toBeGreaterThan(0);
  });

  it('fetchOHLCV returns bars oldest first, honouring since and limit', async () => {
    const minute = 60_000;
    const since = Math.floor(Date.now() / minute) * minute - 60 * minute;
    const bars = await ex.fetchOHLCV(LINEAR, '1m', since, 10);
    expect(bars.length).toBe(10);
    expect(bars[0]?.[0]).toBe(since);
    for (let i = 1; i < bars.length; i++) expect((bars[i]?.[0] as number) - (bars[i - 1]?.[0] as number)).toBe(minute);
    const latest = await ex.fetchOHLCV(SPOT, '5m', undefined, 3);
    expect(latest.length).toBe(3);
    expect(latest[2]?.[0]).toBe(Math.floor(Date.now() / (5 * minute)) * 5 * minute);
    const [open, high, low, close] = (latest[2] ?? []).slice(1) as number[];
    expect(high).toBeGreaterThanOrEqual(Math.max(open as number, close as number, low as number));
  });
});

describe('fake Binance: signed REST through ccxt', () => {
  it('fetchBalance (spot and linear) starts at 10,000 USDT', async () => {
    const spot = await ex.fetchBalance();
    expect(spot.USDT?.total).toBeGreaterThan(0);
    const linear = await ex.fetchBalance({ type: 'swap' });
    expect(linear.USDT).toMatchObject({ free: expect.any(Number), total: expect.any(Number) });
    const last = fake.requests.at(-1);
    expect(last).toMatchObject({ method: 'GET', path: '/fapi/v3/account', signed: true, status: 200 });
  });

  it('futures: market order fills, position nets, limit rests / is found by clientOrderId / cancels', async () => {
    const before = (await ex.fetchBalance({ type: 'swap' })).USDT?.total as number;
    const filled = await ex.createOrder(LINEAR, 'market', 'buy', 0.01);
    expect(filled).toMatchObject({ status: 'closed', filled: 0.01, side: 'buy', type: 'market' });
    expect(filled.average).toBeGreaterThan(0);
    const [pos] = await ex.fetchPositions([LINEAR]);
    expect(pos).toMatchObject({ symbol: LINEAR, side: 'long', contracts: 0.01, entryPrice: filled.average });
    const after = (await ex.fetchBalance({ type: 'swap' })).USDT?.total as number;
    expect(after).toBeLessThan(before); // taker fee 0.04 % (and the spread)

    const bid = (await ex.fetchOrderBook(LINEAR)).bids[0]?.[0] as number;
    const price = Math.round((bid * 0.99) * 10) / 10;
    const resting = await ex.createOrder(LINEAR, 'limit', 'buy', 0.01, price, { clientOrderId: 'fake-bn-limit-1' });
    expect(resting).toMatchObject({ status: 'open', price, clientOrderId: 'fake-bn-limit-1' });
    const byId = await ex.fetchOrder(idOf(resting), LINEAR);
    expect(byId).toMatchObject({ id: idOf(resting), status: 'open', remaining: 0.01 });
    const byClientId = await ex.fetchOrder('', LINEAR, { clientOrderId: 'fake-bn-limit-1' });
    expect(byClientId.id).toBe(idOf(resting));
    expect((await ex.fetchOpenOrders(LINEAR)).map((o) => idOf(o))).toContain(idOf(resting));
    expect(await ex.cancelOrder(idOf(resting), LINEAR)).toMatchObject({ id: idOf(resting), status: 'canceled' });
    expect(await ex.fetchOpenOrders(LINEAR)).toEqual([]);
  });

  it('futures: stop orders go to the Algo Service; reduceOnly only reduces', async () => {
    const last = fake.market.last('BTCUSDT')?.last.toNumber() as number;
    const stop = await ex.createOrder(LINEAR, 'market', 'sell', 0.01, undefined, { stopLossPrice: Math.floor(last * 0.9), reduceOnly: true });
    expect(stop).toMatchObject({ status: 'open', type: 'market', triggerPrice: Math.floor(last * 0.9) });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/fapi/v1/algoOrder', signed: true, status: 200 });
    const open = await ex.fetchOpenOrders(LINEAR, undefined, undefined, { trigger: true });
    expect(open.map((o) => idOf(o))).toEqual([stop.id]);
    expect(await ex.fetchOrder(idOf(stop), LINEAR, { trigger: true })).toMatchObject({ id: idOf(stop), status: 'open' });
    expect(await ex.cancelOrder(idOf(stop), LINEAR, { trigger: true })).toMatchObject({ id: stop.id });
    expect(await ex.fetchOpenOrders(LINEAR, undefined, undefined, { trigger: true })).toEqual([]);

    // A reduce-only sell bigger than the long only closes it.
    const close = await ex.createOrder(LINEAR, 'market', 'sell', 0.05, undefined, { reduceOnly: true });
    expect(close).toMatchObject({ filled: 0.01, reduceOnly: true });
    const positions = await ex.fetchPositions([LINEAR]);
    expect(positions.every((p) => !p.contracts)).toBe(true);
    await expect(ex.createOrder(LINEAR, 'market', 'sell', 0.01, undefined, { reduceOnly: true })).rejects.toThrow(/-2022/);
  });

  it('futures: a resting limit fills as maker once the last trade reaches it; margin is checked', async () => {
    await expect(ex.createOrder(LINEAR, 'market', 'buy', 500)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    for (let attempt = 0; attempt < 8; attempt++) {
      const bid = fake.market.last('BTCUSDT')?.bid.toNumber() as number;
      const o = await ex.createOrder(LINEAR, 'limit', 'buy', 0.002, bid);
      const end = Date.now() + 1500;
      while (Date.now() < end && fake.futures.find('BTCUSDT', Number(idOf(o)), null).status === 'NEW') await sleep(50);
      if (fake.futures.find('BTCUSDT', Number(idOf(o)), null).status === 'NEW') {
        await ex.cancelOrder(idOf(o), LINEAR);
        continue;
      }
      expect(await ex.fetchOrder(idOf(o), LINEAR)).toMatchObject({ status: 'closed', average: bid, filled: 0.002 });
      expect(fake.futures.userTrades('BTCUSDT').at(-1)).toMatchObject({ orderId: Number(idOf(o)), maker: true });
      await ex.createOrder(LINEAR, 'market', 'sell', 0.002, undefined, { reduceOnly: true });
      return;
    }
    throw new Error('the limit order never filled');
  });

  it('futures: a stop triggers on the last price and its market order fills', async () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const last = fake.market.last('BTCUSDT')?.last as NonNullable<ReturnType<FakeBinance['market']['last']>>['last'];
      const trigger = last.toNumber() + 0.1;
      const o = await ex.createOrder(LINEAR, 'market', 'buy', 0.002, undefined, { triggerPrice: trigger }).catch(() => null);
      if (!o) continue;
      const end = Date.now() + 1500;
      while (Date.now() < end && fake.algos.find('BTCUSDT', Number(idOf(o)), null).algoStatus === 'NEW') await sleep(50);
      const algo = fake.algos.find('BTCUSDT', Number(idOf(o)), null);
      if (algo.algoStatus === 'NEW') {
        await ex.cancelOrder(idOf(o), LINEAR, { trigger: true });
        continue;
      }
      expect(algo.algoStatus).toBe('FINISHED');
      expect(await ex.fetchOrder(idOf(o), LINEAR, { trigger: true })).toMatchObject({ status: 'closed' });
      const placed = fake.futures.find('BTCUSDT', algo.actualOrderId, null);
      expect(placed).toMatchObject({ status: 'FILLED', origType: 'STOP_MARKET', type: 'MARKET' });
      await ex.createOrder(LINEAR, 'market', 'sell', 0.002, undefined, { reduceOnly: true });
      return;
    }
    throw new Error('the stop never triggered');
  });

  it('spot: market buy moves balances; a resting limit order locks funds until cancelled', async () => {
    const usdt = (await ex.fetchBalance()).USDT?.free as number;
    const o = await ex.createOrder(SPOT, 'market', 'buy', 0.01);
    expect(o).toMatchObject({ status: 'closed', filled: 0.01 });
    const b = await ex.fetchBalance();
    expect(b.BTC?.free).toBe(0.01);
    expect(b.USDT?.free).toBeCloseTo(usdt - (o.cost as number) * 1.0004, 4);
    const price = Math.round((o.average as number) * 0.95 * 10) / 10;
    const limit = await ex.createOrder(SPOT, 'limit', 'buy', 0.01, price, { clientOrderId: 'fake-bn-spot-1' });
    expect((await ex.fetchBalance()).USDT?.used).toBeGreaterThan(0);
    expect(await ex.fetchOrder('', SPOT, { clientOrderId: 'fake-bn-spot-1' })).toMatchObject({ id: idOf(limit), status: 'open' });
    await ex.cancelOrder(idOf(limit), SPOT);
    expect((await ex.fetchBalance()).USDT?.used).toBe(0);
    await expect(ex.createOrder(SPOT, 'market', 'buy', 10)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
  });

  it('a wrong secret or key is an AuthenticationError; an unknown order is OrderNotFound', async () => {
    // With keys, loadMarkets itself signs (fetchCurrencies: /sapi/v1/capital/config/getall).
    const wrongSecret = await client({ apiKey: fake.apiKey, secret: 'not-the-secret' });
    await expect(wrongSecret.loadMarkets()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(fake.requests.at(-1)).toMatchObject({ signed: false, status: 400 });
    wrongSecret.options['fetchCurrencies'] = false;
    wrongSecret.options['fetchMargins'] = false;
    await wrongSecret.loadMarkets(true);
    await expect(wrongSecret.fetchBalance({ type: 'swap' })).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/fapi/v3/account', signed: false, status: 400 });
    const wrongKey = await client({ apiKey: 'nope', secret: fake.apiSecret });
    wrongKey.options['fetchCurrencies'] = false;
    wrongKey.options['fetchMargins'] = false;
    await wrongKey.loadMarkets();
    await expect(wrongKey.fetchOpenOrders(LINEAR)).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/fapi/v1/openOrders', status: 401 });
    await expect(ex.fetchOrder('123', LINEAR)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    await expect(ex.cancelOrder('123', SPOT)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('totalParams signing (query + body), recvWindow, and the fault switches', async () => {
    const sign = (s: string) => createHmac('sha256', fake.apiSecret).update(s).digest('hex');
    const post = async (query: string, body: string) =>
      fetch(`${fake.restUrl}/fapi/v1/order?${query}`, {
        method: 'POST',
        headers: { 'X-MBX-APIKEY': fake.apiKey, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const q = 'symbol=BTCUSDT&side=BUY';
    const body = `type=MARKET&quantity=0.001&newOrderRespType=RESULT&timestamp=${Date.now()}`;
    const ok = await post(q, `${body}&signature=${sign(q + body)}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'FILLED', executedQty: '0.001', positionSide: 'BOTH', origType: 'MARKET' });
    const stale = `type=MARKET&quantity=0.001&timestamp=${Date.now() - 10_000}`;
    const late = await post(q, `${stale}&signature=${sign(q + stale)}`);
    expect([late.status, await late.json()]).toEqual([400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }]);
    const bad = await post(q, `${body}&signature=${sign(body)}`);
    expect(await bad.json()).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
    await ex.createOrder(LINEAR, 'market', 'sell', 0.001, undefined, { reduceOnly: true });

    fake.faults.httpStatus = 429;
    fake.faults.httpStatusCount = 1;
    await expect(ex.fetchTime()).rejects.toBeInstanceOf(ccxt.DDoSProtection);
    expect(fake.requests.at(-1)).toMatchObject({ status: 429 });
    expect(await ex.fetchTime()).toBeGreaterThan(0);
    fake.faults.httpStatus = 503;
    fake.faults.httpStatusCount = 1;
    await expect(ex.fetchTime()).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    const set = await fetch(`${fake.restUrl}/__control/faults`, { method: 'POST', body: JSON.stringify({ malformed: true }) });
    expect(await set.json()).toMatchObject({ malformed: true });
    const broken = await fetch(`${fake.restUrl}/api/v3/time`);
    await expect(broken.json()).rejects.toThrow();
    fake.faults.reset();
  });
});

describe('fake Binance: WebSockets', () => {
  it('watchTicker / watchBidsAsks and watchTrades get live data', async () => {
    // ccxt 4.5.84: watchTicker subscribes <symbol>@miniTicker (no bid/ask) unless params.name says otherwise.
    const mini = await ex.watchTicker(LINEAR);
    expect(mini).toMatchObject({ symbol: LINEAR, last: expect.any(Number) });
    const spot = await ex.watchTicker(SPOT, { name: 'ticker' });
    expect(spot).toMatchObject({ symbol: SPOT });
    expect(spot.bid).toBeLessThan(spot.ask as number);
    const quotes = await ex.watchBidsAsks([LINEAR]);
    const perp = quotes[LINEAR];
    expect(perp?.bid).toBeLessThan(perp?.ask as number);
    const trades = await ex.watchTrades(LINEAR);
    expect(trades.at(-1)).toMatchObject({ symbol: LINEAR });
    const spotTrades = await ex.watchTrades(SPOT);
    expect(spotTrades.at(-1)).toMatchObject({ symbol: SPOT });
  });

  it('a new watch call reconnects after the connections are dropped', async () => {
    await ex.watchTrades(LINEAR);
    expect(fake.faults.dropConnections()).toBeGreaterThan(0);
    let trades: ccxt.Trade[] | null = null;
    for (let i = 0; i < 5 && !trades; i++) trades = await ex.watchTrades(LINEAR).catch(() => null);
    expect(trades?.at(-1)?.symbol).toBe(LINEAR);
  });

  it('watchOrders (user data streams) sees orders created on both venues', async () => {
    const find = async (symbol: string, clientOrderId: string) => {
      for (let i = 0; i < 20; i++) {
        const orders: Order[] = await ex.watchOrders(symbol);
        const o = orders.find((x) => x.clientOrderId === clientOrderId);
        if (o) return o;
      }
      return null;
    };
    const futuresSeen = find(LINEAR, 'fake-bn-ws-1');
    await sleep(300);
    await ex.createOrder(LINEAR, 'market', 'buy', 0.003, undefined, { clientOrderId: 'fake-bn-ws-1' });
    expect(await futuresSeen).toMatchObject({ symbol: LINEAR, side: 'buy', clientOrderId: 'fake-bn-ws-1' });
    await ex.createOrder(LINEAR, 'market', 'sell', 0.003, undefined, { reduceOnly: true });
    const spotSeen = find(SPOT, 'fake-bn-ws-2');
    await sleep(300);
    await ex.createOrder(SPOT, 'market', 'sell', 0.005, undefined, { clientOrderId: 'fake-bn-ws-2' });
    expect(await spotSeen).toMatchObject({ symbol: SPOT, side: 'sell', clientOrderId: 'fake-bn-ws-2' });
  });

  it('speaks the raw stream protocol: combined wrapping, SUBSCRIBE replies, refused upgrades', async () => {
    const ws = new WebSocket(`${fake.wsUrls.linear}/stream?streams=btcusdt@bookTicker`);
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((r) => ws.once('open', r));
    const wrapped = await until(() => messages.find((m) => m['stream'] === 'btcusdt@bookTicker'), 'a bookTicker');
    expect(wrapped['data']).toMatchObject({ e: 'bookTicker', s: 'BTCUSDT', b: expect.any(String), a: expect.any(String) });
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@kline_1m', 'ethusdt@aggTrade'], id: 7 }));
    expect(await until(() => messages.find((m) => m['id'] === 7), 'the reply')).toEqual({ result: null, id: 7 });
    const kline = await until(() => messages.find((m) => m['stream'] === 'ethusdt@kline_1m'), 'a kline');
    expect(kline['data']).toMatchObject({ e: 'kline', s: 'ETHUSDT', k: { i: '1m', x: false, s: 'ETHUSDT' } });
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 8 }));
    const list = await until(() => messages.find((m) => m['id'] === 8), 'the list');
    expect(list['result']).toEqual(['btcusdt@bookTicker', 'ethusdt@kline_1m', 'ethusdt@aggTrade']);
    fake.faults.silent = true;
    await sleep(100);
    const quietFrom = messages.length;
    await sleep(600);
    expect(messages.length).toBe(quietFrom);
    fake.faults.silent = false;
    ws.terminate();

    fake.faults.refuseWs = true;
    const refused = new WebSocket(`${fake.wsUrls.spot}/ws`);
    const error = await new Promise<Error>((r) => refused.once('error', r));
    expect(error.message).toMatch(/503/);
    fake.faults.reset();
  });
});
