import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '../fakes/binance-ccxt-client.js';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { orderId } from '../../src/domain/ids.js';
import { waitFor } from '../wait-for.js';
import { client, d, expectError, startTestServer, testEnv, type OrderJson, type TestServer } from './harness.js';
import { binanceEnv, goLiveOnBinance, startLiveBinance, tradeThroughOnBinance, type LiveBinance } from './live-binance.js';
import { cancelHere, filled, positionSide, reconciliation, restingBuy, statusOf, tradeElsewhere, underBid, type Filled } from './live-venue.js';

describe('live trading against the fake Binance (signed orders)', () => {
  let live: LiveBinance;
  let binance: FakeBinance;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ({ binance, api } = live = await startLiveBinance({ seed: 41, historyBars: 60 }));
  }, 30_000);
  afterAll(() => live?.close());

  it('a market order goes to the exchange, signed, and its fill becomes the live position', async () => {
    const before = binance.requests.length;
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, client_order_id: 'live-1' });
    expect(res.status, res.text).toBe(200);
    const o = res.json as OrderJson & { mode: string };
    expect([o.status, o.mode, o.client_order_id, o.filled_quantity]).toEqual(['FILLED', 'live_trading', 'live-1', 0.01]);
    const sent = binance.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/fapi/v1/order');
    expect(sent.length).toBe(1);
    expect(sent[0]!.signed).toBe(true);
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { side: string; mode: string; quantity: number };
    expect([pos.side, pos.mode, pos.quantity]).toEqual(['LONG', 'live_trading', 0.01]);
  });

  it("a live fill is booked from the exchange's trade list: its price and the fee it charged", async () => {
    for (const side of ['BUY', 'SELL']) {
      const before = binance.futures.userTrades('BTCUSDT').length;
      const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side, quantity: 0.003 });
      expect(res.status, res.text).toBe(200);
      const trades = binance.futures.userTrades('BTCUSDT').slice(before);
      expect(trades.length).toBe(1);
      const t = trades[0]!;
      // The fake charges its own taker rate (0.0004), not ccxt's default table (0.0005): the ledger has what was charged.
      expect(t.fee.eq(t.price.mul(d('0.003')).mul(d('0.0004')).rescale(8, 'half-up'))).toBe(true);
      const fills = (res.json as Filled).fills.map((f) => [f.price, f.quantity, f.fee, f.fee_asset, f.liquidity]);
      expect(fills).toEqual([[t.price.toNumber(), 0.003, t.fee.toNumber(), 'USDT', 'TAKER']]);
    }
    expect(binance.requests.filter((r) => r.path === '/fapi/v1/userTrades').every((r) => r.signed)).toBe(true);
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { quantity: number };
    expect(pos.quantity).toBe(0.01);
  });

  it('an order the exchange refuses is a clear error and leaves no open local order', async () => {
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 500, client_order_id: 'live-too-big' });
    const body = expectError(res, 422, 'INSUFFICIENT_BALANCE');
    expect(body.error.message).toMatch(/binance/);
    const open = (await api.get('/api/trading/orders?status=open')).json as { orders: OrderJson[] };
    expect(open.orders.find((x) => x.client_order_id === 'live-too-big')).toBeUndefined();
    expect(await statusOf(api, 'live-too-big')).toBe('REJECTED');
  });

  it('a resting limit order is canceled on the exchange, then here', async () => {
    const placed = await restingBuy(api, 'binance', 'BTCUSDT', await underBid(api, 'binance', 'BTCUSDT', 0.97));
    const before = binance.requests.length;
    await cancelHere(api, 'binance', 'BTCUSDT', placed.order_id);
    expect(binance.requests.slice(before).some((r) => r.method === 'DELETE' && r.path === '/fapi/v1/order' && r.signed)).toBe(true);
  });

  it('a resting live order that fills later on the exchange is booked here (found by polling)', async () => {
    const price = await underBid(api, 'binance', 'BTCUSDT', 0.99);
    const placed = await restingBuy(api, 'binance', 'BTCUSDT', price);
    // The market trades through the order on the exchange.
    tradeThroughOnBinance(binance, price);
    const booked = await filled(api, (x) => x.order_id === placed.order_id, 8_000, 'the fill to be booked');
    expect(booked.avg_price).toBe(price);
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { quantity: number };
    expect(pos.quantity).toBe(0.02);
  });

  it("the live account is the exchange's: its balances, with the position's value as margin", async () => {
    const a = (await api.get('/api/trading/account/binance')).json as { mode: string; balances: { asset: string; total: number }[]; margin_used: number };
    expect(a.mode).toBe('live_trading');
    expect(a.balances.find((b) => b.asset === 'USDT')!.total).toBeGreaterThan(9_000);
    expect(a.margin_used).toBeGreaterThan(0);
  });

  it('closing the live position sells on the exchange and realizes the PnL', async () => {
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'binance' });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { status: string }).status).toBe('FILLED');
    expect(await positionSide(api, 'binance', 'BTCUSDT')).toBe('FLAT');
  });
});

describe('live positions are reconciled with the exchange', () => {
  let live: LiveBinance;
  let binance: FakeBinance;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ({ binance, api } = live = await startLiveBinance({ seed: 42, historyBars: 60 }));
  }, 30_000);
  afterAll(() => live?.close());

  it('a position on the exchange that the local record lacks, and the reverse, are both reported', async () => {
    expect((await reconciliation(api, 'binance')).differences).toEqual([]);
    // Traded here: the local record and the exchange agree.
    expect((await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 })).status).toBe(200);
    expect((await reconciliation(api, 'binance')).differences).toEqual([]);
    // Traded elsewhere (another app, the exchange's own UI): ETH opened, BTC closed behind our back.
    await tradeElsewhere(await binanceClient(binance, { apiKey: binance.apiKey, secret: binance.apiSecret }), async (ex) => {
      await ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 0.1);
      await ex.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.01, undefined, { reduceOnly: true });
    });
    const r = await reconciliation(api, 'binance');
    expect(r.differences).toEqual([
      { symbol: 'BTCUSDT', exchange_quantity: 0, local_quantity: 0.01 },
      { symbol: 'ETHUSDT', exchange_quantity: 0.1, local_quantity: 0 },
    ]);
    expect(r.exchange_positions.map((p) => [p.symbol, p.quantity])).toEqual([['ETHUSDT', 0.1]]);
    expect(r.positions.map((p) => p.symbol)).toEqual(['BTCUSDT']); // reported, never overwritten
  });
});

describe('live orders across a restart', () => {
  it('an open live order restored from the ledger is found on the exchange by its client id and can be canceled there', async () => {
    const binance = await startFakeBinance({ seed: 43, historyBars: 60, startBalance: '2500' });
    const env = binanceEnv(binance);
    const srv = await startTestServer(env);
    try {
      const api = client(srv.url);
      await goLiveOnBinance(api, binance);
      const placed = await restingBuy(api, 'binance', 'BTCUSDT', await underBid(api, 'binance', 'BTCUSDT', 0.97), { client_order_id: 'survivor' });
      await srv.app.close();
      const again = await startApp(loadConfig(testEnv(srv.dataDir, env)), pino({ level: 'silent' }));
      try {
        const before = binance.requests.length;
        const res = await fetch(`${again.url}/api/trading/order/binance/BTCUSDT/${placed.order_id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
        const body = (await res.json()) as OrderJson;
        expect(res.status, JSON.stringify(body)).toBe(200);
        expect([body.status, body.client_order_id]).toEqual(['CANCELED', 'survivor']);
        expect(binance.requests.slice(before).some((r) => r.method === 'DELETE' && r.path === '/fapi/v1/order' && r.signed)).toBe(true);
      } finally {
        await again.close();
      }
    } finally {
      await srv.close().catch(() => {});
      await binance.close();
    }
  });
});

describe('a live order that filled while the app was down', () => {
  it('is fetched by its client id when the venue connects at start-up, and booked at the trade price and fee', async () => {
    const binance = await startFakeBinance({ seed: 47, historyBars: 60 });
    const env = { ...binanceEnv(binance), LIVE_POLL_MS: '60000' };
    const srv = await startTestServer(env);
    try {
      const api = client(srv.url);
      await goLiveOnBinance(api, binance);
      const price = await underBid(api, 'binance', 'BTCUSDT', 0.99);
      await restingBuy(api, 'binance', 'BTCUSDT', price, { client_order_id: 'sleeper' });
      await srv.app.close();
      // While the app is down the market trades through the order: no longer among the open orders.
      tradeThroughOnBinance(binance, price);
      const [trade] = binance.futures.userTrades('BTCUSDT');
      expect(trade).toBeDefined();
      const again = await startApp(loadConfig(testEnv(srv.dataDir, env)), pino({ level: 'silent' }));
      try {
        const api2 = client(again.url);
        const booked = await filled(api2, (x) => x.client_order_id === 'sleeper', 8_000, 'the fill made while the app was down');
        const fills = again.engine.fillsOf(orderId(booked.order_id)).map((f) => [f.price.toString(), f.quantity.toString(), f.fee.toString()]);
        expect(fills).toEqual([[trade!.price.toString(), trade!.qty.toString(), trade!.fee.toString()]]);
        const open = (await api2.get('/api/positions?status=open')).json as { positions: { exchange: string; quantity: number }[] };
        expect(open.positions.filter((p) => p.exchange === 'binance').map((p) => p.quantity)).toEqual([0.01]);
      } finally {
        await again.close();
      }
    } finally {
      await srv.close().catch(() => {});
      await binance.close();
    }
  });
});

describe("live order updates from the venue's private stream", () => {
  it('a fill on the exchange reaches the ledger through the user data stream, with polling turned down to once a minute', async () => {
    const binance = await startFakeBinance({ seed: 44, historyBars: 60 });
    const srv = await startTestServer({
      BINANCE_REST_URL: binance.restUrl,
      BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
      BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
      LIVE_POLL_MS: '60000',
    });
    try {
      const api = client(srv.url);
      await goLiveOnBinance(api, binance);
      const price = await underBid(api, 'binance', 'BTCUSDT', 0.99);
      const placed = await restingBuy(api, 'binance', 'BTCUSDT', price);
      await new Promise((r) => setTimeout(r, 1_000)); // the stream connects (listen key, socket)
      tradeThroughOnBinance(binance, price);
      await filled(api, (x) => x.order_id === placed.order_id, 8_000, 'the streamed fill');
      expect(((await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { quantity: number }).quantity).toBe(0.01);
    } finally {
      await srv.close();
      await binance.close();
    }
  });
});

describe('reconciliation after the private stream reconnects', () => {
  it('a position changed on the exchange while the stream was down is reported once it is back', async () => {
    const binance = await startFakeBinance({ seed: 45, historyBars: 60 });
    const env = binanceEnv(binance);
    const dir = mkdtempSync(join(tmpdir(), 'st-live-recon-'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const app = await startApp(loadConfig(testEnv(dir, env)), logger);
    try {
      const api = client(app.url);
      await goLiveOnBinance(api, binance);
      expect((await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000)); // the private stream is up
      binance.faults.refuseWs = true;
      binance.faults.dropConnections();
      // Traded elsewhere while we were cut off.
      await tradeElsewhere(await binanceClient(binance, { apiKey: binance.apiKey, secret: binance.apiSecret }), (ex) => ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 0.1));
      binance.faults.refuseWs = false;
      await waitFor(() => lines.some((l) => l.includes('live positions differ') && l.includes('ETHUSDT') && l.includes('reconnected')), 15_000, 'the reconciliation report');
    } finally {
      await app.close();
      await binance.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("live risk is checked against the exchange's account, not the local ledger", () => {
  let binance: FakeBinance;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    binance = await startFakeBinance({ seed: 43, historyBars: 60, startBalance: '2500' });
    srv = await startTestServer({
      BINANCE_REST_URL: binance.restUrl,
      BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
      BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
      LIVE_POLL_MS: '200',
    });
    api = client(srv.url);
    await api.post('/api/trading/config/exchange/binance', { api_key: binance.apiKey, api_secret: binance.apiSecret, enabled: true });
    expect((await api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true })).status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await binance?.close();
  });

  interface Stats {
    daily_pnl: number;
    net_pnl: number;
    trades: number;
  }

  it('the live equity is the wallet the exchange reports', async () => {
    const stats = (await api.get('/api/trading/stats')).json as Stats;
    expect(stats.daily_pnl).toBe(0);
    const account = (await api.get('/api/trading/account/binance')).json as { balances: { asset: string; total: number }[] };
    const wallet = account.balances.find((b) => b.asset === 'USDT')!.total;
    // Equity is the exchange's wallet (+ unrealized PnL: no position is open), not the ledger's 10,000 starting cash.
    const risk = (await api.get('/api/trading/config/risk')).json as { state: { equity: number } };
    expect(risk.state.equity).toBeCloseTo(wallet, 6);
    expect(wallet).not.toBe(10_000);
  });

  it('a loss made on the exchange outside this app counts against the daily loss limit', async () => {
    expect((await api.post('/api/trading/config/risk', { max_daily_loss: 10 })).status).toBe(200);
    // Traded elsewhere: a round trip of 0.5 BTC costs two taker fees and the spread.
    const ex = await binanceClient(binance, { apiKey: binance.apiKey, secret: binance.apiSecret });
    try {
      await ex.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.5);
      await ex.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.5, undefined, { reduceOnly: true });
    } finally {
      await ex.close();
    }
    const lost = binance.futures.userTrades('BTCUSDT').reduce((s, t) => s.add(t.fee).sub(t.realized), d('0'));
    expect(lost.toNumber()).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 600)); // the wallet is read again every LIVE_POLL_MS (200 ms here)
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    const body = expectError(res, 422, 'RISK_DAILY_LOSS_LIMIT');
    expect(Number(body.error.details?.value)).toBeCloseTo(lost.toNumber(), 6);
    const stats = (await api.get('/api/trading/stats')).json as Stats;
    expect([stats.trades, stats.net_pnl]).toEqual([0, 0]); // the local ledger saw none of it
    expect(stats.daily_pnl).toBeCloseTo(-lost.toNumber(), 6);
    expect(binance.futures.userTrades('BTCUSDT').length).toBe(2); // the refused order never reached the exchange
  });
});

describe('switching modes while the exchange is slow', () => {
  let binance: FakeBinance;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    binance = await startFakeBinance({ seed: 44, historyBars: 30 });
    srv = await startTestServer(binanceEnv(binance));
    api = client(srv.url);
    await api.post('/api/trading/config/exchange/binance', { api_key: binance.apiKey, api_secret: binance.apiSecret, enabled: true });
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await binance?.close();
  });

  it('the later switch wins: a switch to live still reading the wallet does not undo a switch to paper after it', async () => {
    binance.faults.delayMs = 400; // the wallet read on switching to live takes a while
    const toLive = api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true });
    await new Promise((r) => setTimeout(r, 50));
    expect((await api.post('/api/trading/config/mode', { mode: 'paper_trading' })).status).toBe(200);
    expect((await toLive).status).toBe(200);
    binance.faults.delayMs = 0;
    expect(((await api.get('/api/trading/config')).json as { mode: string }).mode).toBe('paper_trading');
  });
});
