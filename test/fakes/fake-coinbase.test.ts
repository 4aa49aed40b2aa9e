/**
 * The fake Coinbase Advanced Trade driven by ccxt 4.5.84 itself (REST and pro WebSockets), which
 * proves the wire protocol; raw requests check the JWT rules ccxt never breaks (another key, another
 * request's `uri`, an expired or over-long token, none at all).
 */
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { AuthenticationError, InsufficientFunds, ExchangeError } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Decimal } from '../../src/domain/decimal.js';
import { cdpKeys } from './coinbase-auth.js';
import { coinbaseClient, type CoinbasePro } from './coinbase-ccxt-client.js';
import { startFakeCoinbase, type FakeCoinbase } from './fake-coinbase.js';

let fake: FakeCoinbase;
let pub: CoinbasePro;
let priv: CoinbasePro;

beforeAll(async () => {
  fake = await startFakeCoinbase({ seed: 44, historyBars: 120 });
  pub = await coinbaseClient(fake);
  priv = await coinbaseClient(fake, { apiKey: fake.apiKey, secret: fake.apiSecret });
  await Promise.all([pub.loadMarkets(), priv.loadMarkets()]);
});
afterAll(async () => {
  for (const ex of [pub, priv]) await ex?.close();
  await fake?.close();
});

/** A JWT made by hand, with the parts a test wants wrong. */
function jwt(o: { pem?: string; sub?: string; uri?: string; nbf?: number; exp?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sub = o.sub ?? fake.apiKey;
  const head = b64({ alg: 'ES256', typ: 'JWT', kid: sub, nonce: randomBytes(16).toString('hex') });
  const nbf = o.nbf ?? now;
  const body = b64({ aud: ['retail_rest_api_proxy'], iss: 'coinbase-cloud', nbf, exp: o.exp ?? nbf + 120, sub, iat: nbf, uri: o.uri ?? `GET 127.0.0.1:${fake.port}/api/v3/brokerage/accounts` });
  const sig = sign('sha256', Buffer.from(`${head}.${body}`), { key: createPrivateKey(o.pem ?? fake.apiSecret), dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `${head}.${body}.${sig}`;
}

const accounts = (token?: string) => fetch(`${fake.restUrl}/api/v3/brokerage/accounts`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('fake Coinbase: REST', () => {
  it('lists spot products as ccxt reads them: BTC-USD is BTC/USD with its increments; the account fee tier once keys sign', () => {
    const m = pub.market('BTC/USD');
    expect([m.id, m.type, m.spot, m.precision.price, m.precision.amount]).toEqual(['BTC-USD', 'spot', true, 0.01, 1e-8]);
    expect(Object.keys(pub.markets ?? {}).sort()).toEqual(['BTC/USD', 'BTC/USDC', 'BTC/USDT', 'ETH/USD', 'ETH/USDT']);
    expect([priv.market('BTC/USD').maker, priv.market('BTC/USD').taker]).toEqual([0.004, 0.006]);
    expect(fake.requests.some((r) => r.path === '/api/v3/brokerage/transaction_summary' && r.signed)).toBe(true);
    expect(fake.requests.some((r) => r.path.startsWith('/v2/'))).toBe(false);
  });

  it('answers ticker, candles and the book from the generator', async () => {
    const t = await pub.fetchTicker('BTC/USD');
    expect(t.bid! < t.ask!).toBe(true);
    const bars = await pub.fetchOHLCV('BTC/USD', '1m', undefined, 20);
    expect(bars.length).toBe(20);
    expect(bars[1]![0]! - bars[0]![0]!).toBe(60_000);
    const book = await pub.fetchOrderBook('BTC/USD', 5);
    expect(book.bids[0]![0]! < book.asks[0]![0]!).toBe(true);
    const tooMany = await fetch(`${fake.restUrl}/api/v3/brokerage/market/products/BTC-USD/candles?granularity=ONE_MINUTE&start=0&end=60000`);
    expect([tooMany.status, ((await tooMany.json()) as { error: string }).error]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('refuses a missing, foreign, misdirected, expired or too long-lived JWT with 401; takes a good one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = cdpKeys('organizations/x/apiKeys/y');
    expect((await accounts(jwt())).status).toBe(200);
    const bad = [
      undefined,
      jwt({ pem: other.privateKeyPem }),
      jwt({ sub: other.name }),
      jwt({ uri: `GET 127.0.0.1:${fake.port}/api/v3/brokerage/orders/historical/batch` }),
      jwt({ uri: `GET http://127.0.0.1:${fake.port}/api/v3/brokerage/accounts` }),
      jwt({ nbf: now - 300, exp: now - 180 }),
      jwt({ nbf: now, exp: now + 600 }),
    ];
    for (const token of bad) {
      const res = await accounts(token);
      expect([res.status, await res.text()]).toEqual([401, 'Unauthorized\n']);
    }
    const refused = fake.requests.filter((r) => r.status === 401).map((r) => r.refused);
    expect(refused).toEqual(['missing bearer token', 'signature does not verify', 'unknown key', expect.stringContaining('not GET'), expect.stringContaining('not GET'), 'token expired', 'token lives longer than 120 s']);
    const stranger = await coinbaseClient(fake, { apiKey: other.name, secret: other.privateKeyPem });
    try {
      await expect(stranger.fetchBalance()).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await stranger.close();
    }
  });

  it("fills a market buy sized in base at the book with the taker fee; a resting limit fills later as maker; balances move by the fees", async () => {
    const usd0 = fake.orders.balance('USD').available;
    const o = await priv.createOrder('BTC/USD', 'market', 'buy', 0.01, undefined, { client_order_id: 'cb-m1', createMarketBuyOrderRequiresPrice: false, order_configuration: { market_market_ioc: { base_size: '0.01' } } });
    const got = await priv.fetchOrder(o.id!, 'BTC/USD');
    expect([got.status, got.filled, got.clientOrderId, got.type]).toEqual(['closed', 0.01, 'cb-m1', 'market']);
    const fills = await priv.fetchMyTrades('BTC/USD', undefined, undefined, { order_ids: o.id! });
    const notional = fills.reduce((s, f) => s.add(Decimal.parse(String(f.price)).mul(Decimal.parse(String(f.amount)))), Decimal.ZERO);
    const fee = fills.reduce((s, f) => s.add(Decimal.parse(String(f.fee!.cost))), Decimal.ZERO);
    expect(fills.every((f) => f.takerOrMaker === 'taker' && f.fee!.currency === 'USD')).toBe(true);
    expect(fee.eq(notional.mul(Decimal.parse('0.006')))).toBe(true);
    expect(fake.orders.balance('USD').available.eq(usd0.sub(notional).sub(fee))).toBe(true);
    expect(fake.orders.balance('BTC').available.toString()).toBe('0.01');

    const bid = fake.feed.lastTick('BTCUSDT')!.bid;
    const price = bid.mul(Decimal.parse('0.98')).rescale(2, 'floor');
    const l = await priv.createOrder('BTC/USD', 'limit', 'buy', 0.01, price.toNumber(), { client_order_id: 'cb-l1' });
    expect((await priv.fetchOpenOrders('BTC/USD')).map((x) => x.id)).toContain(l.id);
    fake.orders.onTick({ ...fake.feed.lastTick('BTCUSDT')!, last: price, tradeQuantity: Decimal.parse('0.01') });
    const [maker] = await priv.fetchMyTrades('BTC/USD', undefined, undefined, { order_ids: l.id! });
    expect([maker!.price, maker!.amount, maker!.takerOrMaker]).toEqual([price.toNumber(), 0.01, 'maker']);
    expect(Decimal.parse(String(maker!.fee!.cost)).eq(price.mul(Decimal.parse('0.01')).mul(Decimal.parse('0.004')))).toBe(true);
  });

  it("answers Coinbase's refusals: success:false with error_response, batch_cancel results, NOT_FOUND", async () => {
    await expect(priv.createOrder('BTC/USD', 'limit', 'buy', 100, 50_000, { client_order_id: 'cb-big' })).rejects.toBeInstanceOf(InsufficientFunds);
    const raw = fake.requests.filter((r) => r.path === '/api/v3/brokerage/orders').at(-1)!;
    expect(raw.status).toBe(200);
    // ccxt rounds prices to the increment; off the grid by hand, the order is refused with HTTP 200.
    const off = await fetch(`${fake.restUrl}/api/v3/brokerage/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt({ uri: `POST 127.0.0.1:${fake.port}/api/v3/brokerage/orders` })}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_order_id: 'cb-tick', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '50000.005' } } }),
    });
    expect([off.status, await off.json()]).toEqual([
      200,
      expect.objectContaining({ success: false, error_response: expect.objectContaining({ error: 'INVALID_LIMIT_PRICE_PRECISION', preview_failure_reason: 'PREVIEW_INVALID_LIMIT_PRICE_PRECISION' }) }),
    ]);
    const err = await priv.fetchOrder('no-such-order', 'BTC/USD').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect(String((err as Error).message)).toContain('order with this orderID was not found');
    const price = fake.feed.lastTick('BTCUSDT')!.bid.mul(Decimal.parse('0.9')).rescale(2, 'floor').toNumber();
    const o = await priv.createOrder('BTC/USD', 'limit', 'buy', 0.01, price, { client_order_id: 'cb-c1' });
    await priv.cancelOrder(o.id!, 'BTC/USD');
    expect((await priv.fetchOrder(o.id!, 'BTC/USD')).status).toBe('canceled');
    await expect(priv.cancelOrder(o.id!, 'BTC/USD')).rejects.toThrow(/cancelOrders\(\) has failed/);
    // The same client_order_id again is the same order (Coinbase is idempotent on it).
    const again = await priv.createOrder('BTC/USD', 'limit', 'buy', 0.01, price, { client_order_id: 'cb-c1' });
    expect(again.id).toBe(o.id);
  });
});

describe('fake Coinbase: WebSocket', () => {
  it('streams ticker, level2 and market_trades as ccxt reads them', async () => {
    const t = await pub.watchTicker('BTC/USD');
    expect(t.bid! < t.ask!).toBe(true);
    const book = await pub.watchOrderBook('BTC/USD');
    expect(book.bids.length).toBeGreaterThan(0);
    const again = await pub.watchOrderBook('BTC/USD');
    expect(again.bids[0]![0]! < again.asks[0]![0]!).toBe(true);
    const trades = await pub.watchTrades('BTC/USD');
    expect(trades.length).toBeGreaterThan(0);
  });

  it('answers a subscription with the subscriptions message and sends heartbeats every second, numbered', async () => {
    const ws = new WebSocket(fake.wsUrl);
    await new Promise((r) => ws.once('open', r));
    const msgs: Record<string, unknown>[] = [];
    ws.on('message', (m: Buffer) => msgs.push(JSON.parse(m.toString('utf8')) as Record<string, unknown>));
    ws.send(JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'heartbeats' }));
    ws.send(JSON.stringify({ type: 'subscribe', product_ids: ['NOPE-USD'], channel: 'ticker' }));
    await new Promise((r) => setTimeout(r, 1_300));
    ws.close();
    expect(msgs[0]).toMatchObject({ channel: 'subscriptions', sequence_num: 0, events: [{ subscriptions: { heartbeats: ['BTC-USD'] } }] });
    expect(msgs[1]).toEqual({ type: 'error', message: 'Failed to subscribe: invalid product_ids' });
    const beat = msgs.find((m) => m.channel === 'heartbeats') as { sequence_num: number; events: { heartbeat_counter: string }[] } | undefined;
    expect([beat?.sequence_num, beat?.events[0]?.heartbeat_counter]).toEqual([1, '1']);
  });

  it('the user channel needs the JWT: a snapshot of open orders, then every order change', async () => {
    expect(await priv.watchOrders()).toEqual([]); // the snapshot: nothing open
    const price = fake.feed.lastTick('BTCUSDT')!.bid.mul(Decimal.parse('0.9')).rescale(2, 'floor').toNumber();
    const opened = priv.watchOrders();
    const o = await priv.createOrder('BTC/USD', 'limit', 'buy', 0.01, price, { client_order_id: 'cb-ws1' });
    expect((await opened).find((x) => x.id === o.id)).toMatchObject({ clientOrderId: 'cb-ws1', status: 'open' });
    const canceled = priv.watchOrders();
    await priv.cancelOrder(o.id!, 'BTC/USD');
    expect((await canceled).filter((x) => x.id === o.id).at(-1)).toMatchObject({ status: 'canceled' });

    const ws = new WebSocket(fake.wsUrl);
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<string>((r) => ws.once('message', (m: Buffer) => r(m.toString('utf8'))));
    ws.send(JSON.stringify({ type: 'subscribe', product_ids: [], channel: 'user', jwt: jwt({ pem: cdpKeys().privateKeyPem }) }));
    expect(JSON.parse(await reply)).toEqual({ type: 'error', message: 'authentication failure' });
    ws.close();
  });
});
