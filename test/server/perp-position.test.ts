import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { waitFor } from '../wait-for.js';
import { d, expectError, serverForSuite, type PositionJson } from './harness.js';

interface PerpJson extends PositionJson {
  leverage: number | null;
  margin_mode: 'cross' | 'isolated' | null;
  initial_margin: number | null;
  maintenance_margin: number | null;
  margin_ratio: number | null;
  liquidation_price: number | null;
}

/**
 * A perpetual position of the simulated account shows its leverage, margin mode, initial and
 * maintenance margin, margin ratio and liquidation price (the sim exchange trades on Binance's
 * BTCUSDT brackets: tier 1 to 50,000 notional, 0.4 %, cum 0).
 */
describe('perpetual positions: margin figures, margin mode and max leverage', () => {
  const { srv, api } = serverForSuite();
  const position = async () => (await api.get('/api/position?symbol=BTCUSDT')).json as PerpJson;

  it('a flat symbol has none of the figures', async () => {
    expect(await position()).toMatchObject({ side: 'FLAT', leverage: null, margin_mode: null, liquidation_price: null, margin_ratio: null });
  });

  it('isolated at 20×: IM |q| × mark / 20, MM 0.4 % of the notional, LP (IM₀ − q × EP)/(q × 0.004 − q) floored to the tick', async () => {
    expect((await api.post('/api/trading/config/leverage', { exchange: 'sim', symbol: 'BTCUSDT', leverage: 20 })).status).toBe(200);
    const set = await api.post('/api/trading/config/margin-mode', { exchange: 'sim', symbol: 'BTCUSDT', margin_mode: 'isolated' });
    expect(set.json).toEqual({ exchange: 'sim', symbol: 'BTCUSDT', margin_mode: 'isolated' });
    const res = await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.05 });
    expect(res.status, res.text).toBe(200);
    // The margin is measured at the mark price: the sim streams none, so the mid of its bid and ask
    // (read while no tick came between it and the answer).
    const sim = srv.app.exchanges.get('sim')!;
    const { p, t } = await waitFor(async () => {
      const before = sim.lastTick('BTCUSDT');
      const answer = await position();
      return before !== null && sim.lastTick('BTCUSDT') === before ? { p: answer, t: before } : null;
    }, 5_000, 'a position read between two ticks');
    expect(p).toMatchObject({ side: 'LONG', quantity: 0.05, leverage: 20, margin_mode: 'isolated' });
    const q = d('0.05');
    const ep = d(p.entry_price); // one fill: the entry is the fill's price, on the 0.1 tick
    const mark = t.bid.add(t.ask).div(d(2), 8);
    expect(p.initial_margin).toBe(q.mul(mark).div(d(20), 8, 'up').toNumber());
    expect(p.maintenance_margin).toBe(q.mul(mark).mul(d('0.004')).toNumber());
    const im0 = q.mul(ep).div(d(20), 8);
    const lp = im0.sub(q.mul(ep)).div(q.mul(d('0.004')).sub(q), 8).rescale(1, 'floor');
    expect(p.liquidation_price).toBe(lp.toNumber());
    // Roughly 1/20 below the entry, less the maintenance margin.
    expect(p.liquidation_price! / p.entry_price).toBeGreaterThan(0.95);
    expect(p.liquidation_price! / p.entry_price).toBeLessThan(0.955);
    const balance = im0.add(q.mul(mark.sub(ep)));
    expect(p.margin_ratio).toBe(q.mul(mark).mul(d('0.004')).div(balance, 6, 'up').toNumber());
    // The list answers the same figures.
    const list = (await api.get('/api/positions')).json as { positions: PerpJson[] };
    expect(list.positions[0]).toMatchObject({ liquidation_price: p.liquidation_price, margin_mode: 'isolated' });
  });

  it('refuses a margin-mode change while the position is open (422 MARGIN_MODE_LOCKED), allows it once flat', async () => {
    expectError(await api.post('/api/trading/config/margin-mode', { exchange: 'sim', symbol: 'BTCUSDT', margin_mode: 'cross' }), 422, 'MARGIN_MODE_LOCKED');
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
    expect((await api.post('/api/trading/config/margin-mode', { exchange: 'sim', symbol: 'BTCUSDT', margin_mode: 'cross' })).status).toBe(200);
    expectError(await api.post('/api/trading/config/margin-mode', { exchange: 'sim', symbol: 'BTCUSDT', margin_mode: 'hedge' }), 400, 'VALIDATION_ERROR');
  });

  it('cross at 20×: the 10,000 USDT wallet backs the position (0.05 BTC cannot be liquidated; 2 BTC at tier 2: 0.5 %, cum 50)', async () => {
    const buy = (quantity: number) => api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity });
    expect((await buy(0.05)).status).toBe(200);
    expect(await position()).toMatchObject({ margin_mode: 'cross', liquidation_price: null });
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
    const res = await buy(2);
    expect(res.status, res.text).toBe(200);
    const p = await position();
    const q = d('2');
    const ep = d(p.entry_price);
    // WB = 10,000 + Σ realized − Σ fees of every position so far (this one's opening fee included).
    const all = ((await api.get('/api/positions?status=all')).json as { positions: PerpJson[] }).positions;
    const wb = all.reduce((s, x) => s.add(d(x.realized_pnl)).sub(d(x.fees_paid)), Decimal.fromInt(10_000));
    const lp = wb.add(d(50)).sub(q.mul(ep)).div(q.mul(d('0.005')).sub(q), 8).rescale(1, 'floor');
    expect(p.liquidation_price).toBe(lp.toNumber());
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
  });

  it('refuses a leverage above the risk config\'s max_leverage (422 RISK_MAX_LEVERAGE, limit and value named)', async () => {
    expect((await api.post('/api/trading/config/risk', { max_leverage: 30 })).status).toBe(200);
    const body = expectError(await api.post('/api/trading/config/leverage', { exchange: 'sim', symbol: 'BTCUSDT', leverage: 50 }), 422, 'RISK_MAX_LEVERAGE');
    expect(body.error.details).toMatchObject({ limit: 30, value: 50 });
    expect((await api.post('/api/trading/config/leverage', { exchange: 'sim', symbol: 'BTCUSDT', leverage: 30 })).status).toBe(200);
    expect((await api.post('/api/trading/config/risk', { max_leverage: null })).status).toBe(200);
  });
});
