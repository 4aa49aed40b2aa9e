import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { orderId } from '../../src/domain/ids.js';
import { okxClient } from '../fakes/okx-ccxt-client.js';
import { startFakeOkx, type FakeOkx } from '../fakes/fake-okx.js';
import { client, expectError, startTestServer, type OrderJson, type TestServer } from './harness.js';
import { okxEnv, okxKeys } from './live-okx.js';
import { cancelHere, filled, goLive, positionSide, reconciliation, restingBuy, statusOf, tradeElsewhere, underBid, type Filled } from './live-venue.js';


describe('live trading against the fake OKX (v5, keys with a passphrase, orders in contracts)', () => {
  let okx: FakeOkx;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    okx = await startFakeOkx({ seed: 71, historyBars: 60 });
    srv = await startTestServer(okxEnv(okx));
    api = client(srv.url);
    await goLive(api, 'okx', okxKeys(okx));
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await okx?.close();
  });

  const fillsOf = (clOrdId: string) => okx.core.orders.fills().filter((f) => f.order.clOrdId === clOrdId);

  it("a market order goes to OKX signed in contracts, and is booked from its fills with OKX's fee", async () => {
    const before = okx.requests.length;
    const res = await api.post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.02, client_order_id: 'okxlive1' });
    expect(res.status, res.text).toBe(200);
    const o = res.json as Filled & { mode: string };
    expect([o.status, o.mode, o.client_order_id, o.filled_quantity]).toEqual(['FILLED', 'live_trading', 'okxlive1', 0.02]);
    const sent = okx.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/api/v5/trade/order');
    expect(sent.map((r) => r.signed)).toEqual([true]);
    // 0.02 BTC is 2 contracts of 0.01 BTC.
    expect(JSON.parse(sent[0]!.payload)).toMatchObject({ instId: 'BTC-USDT-SWAP', side: 'buy', ordType: 'market', sz: '2', tdMode: 'cross', clOrdId: 'okxlive1' });
    const mine = fillsOf('okxlive1');
    expect(mine.length).toBeGreaterThan(0);
    expect(o.fills.map((f) => [f.price, f.quantity, f.fee, f.fee_asset, f.liquidity])).toEqual(
      mine.map((f) => [f.fillPx.toNumber(), f.fillSz.mul(Decimal.parse('0.01')).toNumber(), f.fee.neg().toNumber(), 'USDT', 'TAKER']),
    );
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=okx')).json as { side: string; quantity: number };
    expect([pos.side, pos.quantity]).toEqual(['LONG', 0.02]);
    expect(okx.core.account.position('BTC-USDT-SWAP')!.pos.toString()).toBe('2');
  });

  it('an order OKX refuses (51008) is a clear error and leaves no open local order', async () => {
    const res = await api.post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side: 'BUY', quantity: 90, client_order_id: 'okxtoobig' });
    const body = expectError(res, 422, 'INSUFFICIENT_BALANCE');
    expect(body.error.message).toMatch(/okx/i);
    expect(await statusOf(api, 'okxtoobig')).toBe('REJECTED');
  });

  it('a resting limit order is canceled on OKX, then here', async () => {
    const placed = await restingBuy(api, 'okx', 'BTCUSDT', await underBid(api, 'okx', 'BTCUSDT', 0.97));
    const before = okx.requests.length;
    await cancelHere(api, 'okx', 'BTCUSDT', placed.order_id);
    expect(okx.requests.slice(before).some((r) => r.method === 'POST' && r.path === '/api/v5/trade/cancel-order' && r.signed)).toBe(true);
  });

  it('a resting limit that fills later on OKX is booked from the orders channel at its price, with the maker fee', async () => {
    const price = await underBid(api, 'okx', 'BTCUSDT', 0.98);
    const placed = await restingBuy(api, 'okx', 'BTCUSDT', price, { client_order_id: 'okxmaker1' });
    const tick = okx.feed.lastTick('BTCUSDT')!;
    okx.core.orders.onTick({ ...tick, last: Decimal.parse(String(price)), tradeQuantity: Decimal.parse('0.01') });
    const booked = await filled(api, (x) => x.order_id === placed.order_id, 10_000, 'the fill from the private stream');
    expect(booked.avg_price).toBe(price);
    const f = fillsOf('okxmaker1')[0]!;
    const fills = srv.app.engine.fillsOf(orderId(placed.order_id)).map((x) => [x.price.toNumber(), x.quantity.toNumber(), x.fee.toString(), x.liquidity]);
    expect(fills).toEqual([[price, 0.01, f.fee.neg().normalize().toString(), 'MAKER']]);
    expect(f.fee.neg().toNumber()).toBeCloseTo(price * 0.01 * 0.0002, 8);
  });

  it('a stop-loss is an OKX algo order: placed, triggered on OKX, and booked from the order it sent with its fee', async () => {
    const last = okx.feed.lastTick('BTCUSDT')!.last.toNumber();
    const stop = Math.floor(last * 0.9 * 10) / 10;
    const before = okx.requests.length;
    const res = await api.post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', stop_price: stop, quantity: 0.01, reduce_only: true, client_order_id: 'okxstop1' });
    expect(res.status, res.text).toBe(200);
    const placed = res.json as OrderJson;
    expect([placed.status, placed.type, placed.stop_price]).toEqual(['NEW', 'STOP_MARKET', stop]);
    const sent = okx.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/api/v5/trade/order-algo');
    expect(JSON.parse(sent!.payload)).toMatchObject({ instId: 'BTC-USDT-SWAP', side: 'sell', ordType: 'conditional', sz: '1', slTriggerPx: String(stop), slOrdPx: '-1', reduceOnly: true });
    // The market falls through the stop on OKX.
    const tick = okx.feed.lastTick('BTCUSDT')!;
    okx.core.orders.onTick({ ...tick, last: Decimal.parse(String(stop)), bid: Decimal.parse(String(stop)), tradeQuantity: Decimal.parse('0.01') });
    const algo = okx.core.orders.algoOrders().find((a) => a.algoClOrdId === 'okxstop1')!;
    expect(algo.state).toBe('effective');
    const booked = await filled(api, (x) => x.order_id === placed.order_id, 10_000, 'the triggered stop booked');
    const f = okx.core.orders.fills().find((x) => x.order.ordId === algo.ordId)!;
    expect(booked.avg_price).toBe(f.fillPx.toNumber());
    const fills = srv.app.engine.fillsOf(orderId(placed.order_id)).map((x) => [x.quantity.toNumber(), x.fee.toString()]);
    expect(fills).toEqual([[0.01, f.fee.neg().normalize().toString()]]);
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=okx')).json as { quantity: number };
    expect(pos.quantity).toBe(0.02);
  });

  it('a resting stop is canceled in OKX\'s algo book', async () => {
    const last = okx.feed.lastTick('BTCUSDT')!.last.toNumber();
    const placed = (await api.post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', stop_price: Math.floor(last * 0.8 * 10) / 10, quantity: 0.01, reduce_only: true })).json as OrderJson;
    expect(placed.status).toBe('NEW');
    await cancelHere(api, 'okx', 'BTCUSDT', placed.order_id);
    expect(okx.requests.some((r) => r.path === '/api/v5/trade/cancel-algos' && r.signed)).toBe(true);
    expect(okx.core.orders.algoOrders().at(-1)!.state).toBe('canceled');
  });

  it("the live equity is OKX's cash balance plus the position's unrealized PnL (its `eq` already holds it once)", async () => {
    // OKX's eq minus its upl is the cash; balance and positions are two requests, a few ticks apart.
    const risk = (await api.get('/api/trading/config/risk')).json as { state: { equity: number } };
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=okx')).json as { unrealized_pnl: number };
    expect(Math.abs(pos.unrealized_pnl)).toBeGreaterThan(0);
    expect(Math.abs(risk.state.equity - (okx.core.account.cash.toNumber() + pos.unrealized_pnl))).toBeLessThan(1);
  });

  it('closing the live position sells on OKX reduce-only; a position opened elsewhere is reported, not overwritten', async () => {
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'okx' });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { status: string }).status).toBe('FILLED');
    expect(okx.core.account.position('BTC-USDT-SWAP')!.pos.isZero()).toBe(true);
    expect(await positionSide(api, 'okx', 'BTCUSDT')).toBe('FLAT');
    expect((await reconciliation(api, 'okx')).differences).toEqual([]);
    // Traded behind our back (OKX's own app): 1 ETH contract = 0.1 ETH.
    await tradeElsewhere(await okxClient(okx, { apiKey: okx.apiKey, secret: okx.apiSecret, password: okx.passphrase }), async (ex) => {
      await ex.loadMarkets();
      await ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 1);
    });
    const r = await reconciliation(api, 'okx');
    expect(r.differences).toEqual([{ symbol: 'ETHUSDT', exchange_quantity: 0.1, local_quantity: 0 }]);
  });
});

describe('OKX demo trading: every request carries x-simulated-trading', () => {
  it('OKX_DEMO=1 starts the adapter in demo trading; stored demo keys (testnet: true) trade there; a demo key is refused outside it (50101)', async () => {
    const okx = await startFakeOkx({ seed: 72, historyBars: 30, demo: true });
    // Demo trading has its own origins (OKX_DEMO_*; by default OKX's, the streams on wspap.okx.com).
    const demoEnv = Object.fromEntries(Object.entries(okxEnv(okx)).map(([k, v]) => [k.replace(/^OKX_/, 'OKX_DEMO_'), v]));
    const srv = await startTestServer({ ...okxEnv(okx), ...demoEnv, OKX_DEMO: '1' });
    try {
      const api = client(srv.url);
      expect(((await api.get('/api/exchanges')).json as { exchanges: { id: string; testnet: boolean }[] }).exchanges.find((e) => e.id === 'okx')?.testnet).toBe(true);
      // Stored as mainnet keys, the demo key is refused by OKX with 50101.
      await api.post('/api/trading/config/exchange/okx', { api_key: okx.apiKey, api_secret: okx.apiSecret, api_passphrase: okx.passphrase, testnet: false });
      expect(expectError(await api.post('/api/exchanges/okx/connect', {}), 403, 'EXCHANGE_AUTH_FAILED').error.message).toContain('50101');
      expect(okx.requests.some((r) => r.status === 401)).toBe(true);
      const before = okx.requests.length;
      await goLive(api, 'okx', { testnet: true });
      const res = await api.post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side: 'SELL', quantity: 0.01, client_order_id: 'okxdemo1' });
      expect(res.status, res.text).toBe(200);
      expect((res.json as OrderJson).status).toBe('FILLED');
      expect(((await api.get('/api/exchanges')).json as { exchanges: { id: string; testnet: boolean }[] }).exchanges.find((e) => e.id === 'okx')?.testnet).toBe(true);
      expect(okx.requests.slice(before).filter((r) => r.signed).length).toBeGreaterThan(0);
      expect(okx.requests.slice(before).some((r) => r.status === 401)).toBe(false);
    } finally {
      await srv.close();
      await okx.close();
    }
  });
});
