import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import pino from 'pino';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { client, expectError, serverForSuite, startTestServer, testEnv, type TestServer } from './harness.js';

describe('trading modes', () => {
  let binance: FakeBinance;
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  const env = () => ({
    BINANCE_REST_URL: binance.restUrl,
    BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
    BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
  });

  beforeAll(async () => {
    binance = await startFakeBinance({ seed: 31, historyBars: 60 });
    srv = await startTestServer(env());
    api = client(srv.url);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await binance?.close();
  });

  it('starts in simulation and switches to paper trading', async () => {
    expect(((await api.get('/api/trading/config')).json as { mode: string }).mode).toBe('simulation');
    expect((await api.post('/api/trading/config/mode', { mode: 'paper_trading' })).json).toEqual({ mode: 'paper_trading' });
    expect(((await api.get('/api/trading/config')).json as { mode: string }).mode).toBe('paper_trading');
  });

  it('a paper order on Binance fills on its live prices by our engine, and never reaches the exchange', async () => {
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    expect(res.status, res.text).toBe(200);
    const order = res.json as { status: string; mode: string; fills: { price: number; fee: number }[] };
    expect([order.status, order.mode]).toEqual(['FILLED', 'paper_trading']);
    const ticker = (await api.get('/api/exchanges/binance/ticker/BTCUSDT')).json as { ask: number };
    expect(Math.abs(order.fills[0]!.price - ticker.ask) / ticker.ask).toBeLessThan(0.01);
    expect(binance.requests.filter((r) => r.path.includes('/order')).length).toBe(0);
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { side: string; mode: string; quantity: number };
    expect([pos.side, pos.mode, pos.quantity]).toEqual(['LONG', 'paper_trading', 0.01]);
  });

  it('keeps positions per mode: simulation does not see the paper position', async () => {
    await api.post('/api/trading/config/mode', { mode: 'simulation' });
    const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { side: string };
    expect(pos.side).toBe('FLAT');
    const paper = (await api.get('/api/positions?mode=paper_trading')).json as { positions: { exchange: string }[] };
    expect(paper.positions.map((p) => p.exchange)).toEqual(['binance']);
    const sim = (await api.get('/api/positions?mode=simulation')).json as { positions: unknown[] };
    expect(sim.positions).toEqual([]);
  });

  it('live trading needs confirm and an exchange with usable keys', async () => {
    expectError(await api.post('/api/trading/config/mode', { mode: 'live_trading' }), 422, 'CONFIRMATION_REQUIRED');
    expectError(await api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true }), 422, 'NO_LIVE_EXCHANGE');
    await api.post('/api/trading/config/exchange/binance', { api_key: binance.apiKey, api_secret: binance.apiSecret, enabled: true });
    expectError(await api.post('/api/trading/config/mode', { mode: 'backtest' }), 400, 'VALIDATION_ERROR');
    expect(((await api.get('/api/trading/config')).json as { mode: string }).mode).toBe('simulation');
    expect((await api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true })).json).toEqual({ mode: 'live_trading' });
    // The embedded exchange is simulated: no live orders there.
    expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 }), 422, 'MODE_NOT_AVAILABLE');
    await api.post('/api/trading/config/mode', { mode: 'simulation' });
  });

  it('the mode survives a restart', async () => {
    await api.post('/api/trading/config/mode', { mode: 'paper_trading' });
    await srv.app.close();
    const again = await startApp(loadConfig(testEnv(srv.dataDir, env())), pino({ level: 'silent' }));
    try {
      const res = await fetch(`${again.url}/api/trading/config`);
      expect(((await res.json()) as { mode: string }).mode).toBe('paper_trading');
    } finally {
      await again.close();
    }
  });
});

describe('risk over HTTP', () => {
  const { api } = serverForSuite();

  it('sets limits and refuses an order over one with a 422 naming the rule, the limit and the value', async () => {
    const set = await api.post('/api/trading/config/risk', { max_position_size: 0.01, max_daily_loss: 500 });
    expect(set.status, set.text).toBe(200);
    expect((set.json as { limits: Record<string, unknown> }).limits).toMatchObject({ max_position_size: 0.01, max_daily_loss: 500, max_leverage: null });
    expect((await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 })).status).toBe(200);
    const refused = expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.002 }), 422, 'RISK_MAX_POSITION_SIZE');
    expect(refused.error.details).toMatchObject({ limit: '0.01', value: '0.012' });
    expectError(await api.post('/api/trading/config/risk', { max_position_size: -1 }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/trading/config/risk', { max_open_positions: 1.5 }), 400, 'VALIDATION_ERROR');
  });

  it('the kill switch flattens and halts; closing passes, opening does not; resume lifts it', async () => {
    const halt = await api.post('/api/trading/halt', { reason: 'test' });
    expect(halt.status, halt.text).toBe(200);
    expect((halt.json as { trading_state: string; closing_orders: unknown[] }).closing_orders.length).toBe(1);
    expect(((await api.get('/api/positions')).json as { positions: unknown[] }).positions).toEqual([]);
    expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.001 }), 422, 'RISK_TRADING_HALTED');
    const state = (await api.get('/api/trading/config/risk')).json as { state: { trading_state: string; reason: string } };
    expect(state.state).toMatchObject({ trading_state: 'HALTED', reason: 'test' });
    expect(((await api.post('/api/trading/resume')).json as { trading_state: string }).trading_state).toBe('ACTIVE');
    expect((await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.005 })).status).toBe(200);
  });

  it('statistics count closed positions net of fees', async () => {
    const s = (await api.get('/api/trading/stats')).json as { mode: string; trades: number; fees: number; net_pnl: number; daily_loss_remaining: number };
    expect(s.mode).toBe('simulation');
    expect(s.trades).toBe(1); // the position the kill switch closed
    expect(s.fees).toBeGreaterThan(0);
    expect(s.net_pnl).toBeLessThan(0); // spread and fees
    expect(s.daily_loss_remaining).toBeLessThanOrEqual(500);
    expectError(await api.get('/api/trading/stats?mode=nope'), 400, 'VALIDATION_ERROR');
  });
});
