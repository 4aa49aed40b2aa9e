import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { orderId } from '../../src/domain/ids.js';
import { coinbaseClient } from '../fakes/coinbase-ccxt-client.js';
import { startFakeCoinbase, type FakeCoinbase } from '../fakes/fake-coinbase.js';
import { waitFor } from '../wait-for.js';
import { client, expectError, startTestServer, type OrderJson, type TestServer } from './harness.js';
import { cancelHere, filled, goLive, positionSide, reconciliation, restingBuy, statusOf, tradeElsewhere, underBid, type Filled } from './live-venue.js';

const cbEnv = (f: FakeCoinbase, extra: Record<string, string> = {}) => ({ COINBASE_REST_URL: f.restUrl, COINBASE_WS_URL: f.wsUrl, ...extra });
const ORDERS = '/api/v3/brokerage/orders';

describe('live trading against the fake Coinbase Advanced Trade (spot, CDP keys signing ES256 JWTs)', () => {
  let cb: FakeCoinbase;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    cb = await startFakeCoinbase({ seed: 81, historyBars: 60 });
    srv = await startTestServer(cbEnv(cb));
    api = client(srv.url);
    await goLive(api, 'coinbase', { api_key: cb.apiKey, api_secret: cb.apiSecret, enabled: true });
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await cb?.close();
  });

  const fillsOf = (clientOrderId: string) => cb.orders.fills().filter((f) => f.order.clientOrderId === clientOrderId);

  it('the PEM secret is sealed at rest and never shown: only the key name, masked', async () => {
    const config = await api.get('/api/trading/config');
    expect(config.text).not.toContain('PRIVATE KEY');
    const view = (config.json as { exchanges: Record<string, { api_key: string; has_secret: boolean; usable: boolean }> }).exchanges.coinbase!;
    expect([view.api_key, view.has_secret, view.usable]).toEqual([`orga…${cb.apiKey.slice(-4)}`, true, true]);
    const body = cb.apiSecret.split('\n')[1]!;
    for (const f of ['trainer.db', 'trainer.db-wal'].map((x) => join(srv.dataDir, x)).filter(existsSync)) expect(readFileSync(f).includes(body)).toBe(false);
  });

  it("a market buy goes to Coinbase JWT-signed, sized in BTC, with our client id, and is booked from its fills with Coinbase's taker fee", async () => {
    const before = cb.requests.length;
    const res = await api.post('/api/trading/order', { exchange: 'coinbase', symbol: 'BTCUSD', side: 'BUY', quantity: 0.02, client_order_id: 'cblive1' });
    expect(res.status, res.text).toBe(200);
    const o = res.json as Filled & { mode: string };
    expect([o.status, o.mode, o.client_order_id, o.filled_quantity]).toEqual(['FILLED', 'live_trading', 'cblive1', 0.02]);
    const sent = cb.requests.slice(before).filter((r) => r.method === 'POST' && r.path === ORDERS);
    expect(sent.map((r) => r.signed)).toEqual([true]);
    expect(JSON.parse(sent[0]!.payload)).toMatchObject({ client_order_id: 'cblive1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { market_market_ioc: { base_size: '0.02' } } });
    const mine = fillsOf('cblive1');
    expect(mine.length).toBeGreaterThan(0);
    expect(o.fills.map((f) => [f.price, f.quantity, f.fee, f.fee_asset, f.liquidity])).toEqual(mine.map((f) => [f.price.toNumber(), f.size.toNumber(), f.commission.toNumber(), 'USD', 'TAKER']));
    for (const f of mine) expect(f.commission.eq(f.price.mul(f.size).mul(Decimal.parse('0.006')))).toBe(true);
    const pos = (await api.get('/api/position?symbol=BTCUSD&exchange=coinbase')).json as { side: string; quantity: number };
    expect([pos.side, pos.quantity]).toEqual(['LONG', 0.02]);
    expect(cb.orders.balance('BTC').available.toString()).toBe('0.02');
  });

  it('an order Coinbase refuses (INSUFFICIENT_FUND) is a clear error and leaves no open local order', async () => {
    const res = await api.post('/api/trading/order', { exchange: 'coinbase', symbol: 'BTCUSD', side: 'SELL', quantity: 5, client_order_id: 'cbtoobig' });
    const body = expectError(res, 422, 'INSUFFICIENT_BALANCE');
    expect(body.error.message).toMatch(/coinbase/i);
    // Refused by Coinbase (HTTP 200, success: false), not before it.
    expect(cb.requests.some((r) => r.path === ORDERS && r.status === 200 && (JSON.parse(r.payload) as { client_order_id: string }).client_order_id === 'cbtoobig')).toBe(true);
    expect(cb.orders.all().some((x) => x.clientOrderId === 'cbtoobig')).toBe(false);
    expect(await statusOf(api, 'cbtoobig')).toBe('REJECTED');
  });

  it('a stop-market is not offered on Coinbase (ccxt sends stop-limits only): a 422 NOT_SUPPORTED, nothing sent', async () => {
    const before = cb.requests.filter((r) => r.path === ORDERS).length;
    const last = cb.feed.lastTick('BTCUSDT')!.last.toNumber();
    const res = await api.post('/api/trading/order', { exchange: 'coinbase', symbol: 'BTCUSD', side: 'SELL', type: 'STOP_MARKET', stop_price: Math.floor(last * 0.9), quantity: 0.01, client_order_id: 'cbstop1' });
    expect(expectError(res, 422, 'NOT_SUPPORTED').error.message).toContain('only stop limit orders are supported');
    expect(await statusOf(api, 'cbstop1')).toBe('REJECTED');
    expect(cb.requests.filter((r) => r.path === ORDERS).length).toBe(before);
  });

  it('a bracket (take_profit / stop_loss) is refused up front on Coinbase: its exits would be refused once the entry filled, the position unprotected', async () => {
    const before = cb.requests.filter((r) => r.path === ORDERS).length;
    const last = cb.feed.lastTick('BTCUSDT')!.last.toNumber();
    const res = await api.post('/api/trading/order', { exchange: 'coinbase', symbol: 'BTCUSD', side: 'BUY', quantity: 0.01, take_profit: Math.floor(last * 1.1), stop_loss: Math.floor(last * 0.9), client_order_id: 'cbbracket1' });
    expect(expectError(res, 422, 'NOT_SUPPORTED').error.message).toMatch(/coinbase takes no stop/);
    expect(cb.requests.filter((r) => r.path === ORDERS).length).toBe(before);
    expect(await statusOf(api, 'cbbracket1')).toBeUndefined();
  });

  it('a resting limit order is canceled on Coinbase (batch_cancel), then here', async () => {
    const placed = await restingBuy(api, 'coinbase', 'BTCUSD', await underBid(api, 'coinbase', 'BTCUSD', 0.97, 2));
    const before = cb.requests.length;
    await cancelHere(api, 'coinbase', 'BTCUSD', placed.order_id);
    expect(cb.requests.slice(before).some((r) => r.method === 'POST' && r.path === `${ORDERS}/batch_cancel` && r.signed)).toBe(true);
    expect(cb.orders.all().at(-1)!.status).toBe('CANCELLED');
  });

  it('a resting limit that fills later on Coinbase is booked from the user channel at its price, with the maker fee', async () => {
    const price = await underBid(api, 'coinbase', 'BTCUSD', 0.98, 2);
    const placed = await restingBuy(api, 'coinbase', 'BTCUSD', price, { client_order_id: 'cbmaker1' });
    const tick = cb.feed.lastTick('BTCUSDT')!;
    cb.orders.onTick({ ...tick, last: Decimal.parse(String(price)), tradeQuantity: Decimal.parse('0.01') });
    const booked = await filled(api, (x) => x.order_id === placed.order_id, 10_000, 'the fill from the user channel');
    expect(booked.avg_price).toBe(price);
    const f = fillsOf('cbmaker1')[0]!;
    const fills = srv.app.engine.fillsOf(orderId(placed.order_id)).map((x) => [x.price.toNumber(), x.quantity.toNumber(), x.fee.toString(), x.liquidity]);
    expect(fills).toEqual([[price, 0.01, f.commission.normalize().toString(), 'MAKER']]);
    expect(f.commission.eq(Decimal.parse(String(price)).mul(Decimal.parse('0.01')).mul(Decimal.parse('0.004')))).toBe(true);
  });

  it("the live equity is Coinbase's USD plus the BTC held at the mark: a spot buy's cost stays in the account", async () => {
    const usd = () => cb.orders.balance('USD');
    const value = () => usd().available.add(usd().hold).toNumber() + cb.orders.balance('BTC').available.toNumber() * cb.feed.lastTick('BTCUSDT')!.last.toNumber();
    expect(cb.orders.balance('BTC').available.toString()).toBe('0.03');
    // The wallet is read again after each fill, in the background; the mark moves a little meanwhile.
    const equity = await waitFor(async () => {
      const e = ((await api.get('/api/trading/config/risk')).json as { state: { equity: number | null } }).state.equity;
      return e !== null && Math.abs(e - value()) < 5 ? e : null;
    }, 5_000, 'the live equity at the account value');
    // Counting only the USD left would have shown a loss of the 0.03 BTC's cost (~1,900 USD).
    expect(Math.abs(equity - usd().available.toNumber())).toBeGreaterThan(1_000);
  });

  it('closing the live position sells the BTC held on Coinbase; BTC bought elsewhere is reported, not overwritten', async () => {
    expect((await reconciliation(api, 'coinbase')).differences).toEqual([]);
    const res = await api.post('/api/position/close', { symbol: 'BTCUSD', exchange: 'coinbase' });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { status: string }).status).toBe('FILLED');
    const sell = JSON.parse(cb.requests.filter((r) => r.method === 'POST' && r.path === ORDERS).at(-1)!.payload) as Record<string, unknown>;
    // Spot has no reduce-only: a plain sell of the 0.03 BTC held.
    expect(sell).toMatchObject({ side: 'SELL', order_configuration: { market_market_ioc: { base_size: '0.03' } } });
    expect(cb.orders.balance('BTC').available.isZero()).toBe(true);
    expect(await positionSide(api, 'coinbase', 'BTCUSD')).toBe('FLAT');
    expect((await reconciliation(api, 'coinbase')).differences).toEqual([]);
    // Bought behind our back (Coinbase's own app).
    await tradeElsewhere(await coinbaseClient(cb, { apiKey: cb.apiKey, secret: cb.apiSecret }), async (ex) => {
      await ex.loadMarkets();
      await ex.createOrder('ETH/USD', 'market', 'buy', 0.1, undefined, { client_order_id: 'elsewhere-1', createMarketBuyOrderRequiresPrice: false, order_configuration: { market_market_ioc: { base_size: '0.1' } } });
    });
    const r = await reconciliation(api, 'coinbase');
    expect(r.differences).toEqual([{ symbol: 'ETHUSD', exchange_quantity: 0.1, local_quantity: 0 }]);
  });
});

describe('the Coinbase sandbox: COINBASE_SANDBOX=1 and its own origins', () => {
  it('starts the adapter in the sandbox and trades there; the production origin hears nothing', async () => {
    const prod = await startFakeCoinbase({ seed: 82, historyBars: 30 });
    const sandbox = await startFakeCoinbase({ seed: 83, historyBars: 30 });
    const srv = await startTestServer({ ...cbEnv(prod), COINBASE_SANDBOX: '1', COINBASE_SANDBOX_REST_URL: sandbox.restUrl, COINBASE_SANDBOX_WS_URL: sandbox.wsUrl });
    try {
      const api = client(srv.url);
      expect(((await api.get('/api/exchanges')).json as { exchanges: { id: string; testnet: boolean }[] }).exchanges.find((e) => e.id === 'coinbase')?.testnet).toBe(true);
      await goLive(api, 'coinbase', { api_key: sandbox.apiKey, api_secret: sandbox.apiSecret, testnet: true });
      const res = await api.post('/api/trading/order', { exchange: 'coinbase', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, client_order_id: 'cbsandbox1' });
      expect(res.status, res.text).toBe(200);
      expect((res.json as OrderJson).status).toBe('FILLED');
      expect(sandbox.requests.some((r) => r.path === ORDERS && r.signed)).toBe(true);
      expect(prod.requests).toEqual([]);
    } finally {
      await srv.close();
      await prod.close();
      await sandbox.close();
    }
  });
});
