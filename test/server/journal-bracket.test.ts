import { describe, expect, it } from 'vitest';
import { serverForSuite, type OrderJson } from './harness.js';

describe('a trade closed by its own bracket, in the journal', () => {
  const { api } = serverForSuite();

  it('the exit is the take-profit or stop-loss child; the stop at entry is the bracket stop', async () => {
    // A tight bracket (so it closes within seconds) from the quote just read: the market may move past
    // it before the order lands, which is refused as INVALID_BRACKET with nothing done; then again.
    let stop = 0;
    let res = null as Awaited<ReturnType<typeof api.post>> | null;
    for (let attempt = 0; attempt < 5 && (res === null || res.status === 400); attempt++) {
      const t = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { bid: number; ask: number };
      stop = +(t.bid - 3).toFixed(1);
      res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, stop_loss: stop, take_profit: +(t.ask + 3).toFixed(1) });
      if (res.status === 400) expect((res.json as { error: { code: string } }).error.code).toBe('INVALID_BRACKET');
    }
    expect(res!.status, res!.text).toBe(200);
    const entry = res!.json as OrderJson;
    const until = Date.now() + 20_000;
    while (((await api.get('/api/position?symbol=BTCUSDT')).json as { side: string }).side !== 'FLAT') {
      expect(Date.now(), 'the bracket should close the position within 20 s').toBeLessThan(until);
      await new Promise((r) => setTimeout(r, 50));
    }
    const orders = ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders;
    const exit = orders.find((o) => o.parent_order_id === entry.order_id && o.status === 'FILLED')!;
    expect(['TAKE_PROFIT_MARKET', 'STOP_MARKET']).toContain(exit.type);
    const [trade] = ((await api.get('/api/journal')).json as { trades: Record<string, number | null>[] }).trades;
    expect(trade!.stop_price).toBe(stop);
    expect(trade!.avg_entry_price).toBe(entry.avg_price);
    expect(trade!.avg_exit_price).toBe(exit.avg_price);
    expect(trade!.planned_risk).toBeCloseTo((entry.avg_price! - stop) * 0.01, 9);
    expect(Math.sign(trade!.r_multiple!)).toBe(Math.sign(trade!.net_pnl!));
    expect(trade!.worst_price).toBeLessThanOrEqual(Math.min(entry.avg_price!, exit.avg_price!));
    expect(trade!.best_price).toBeGreaterThanOrEqual(Math.max(entry.avg_price!, exit.avg_price!));
    const review = (await api.get('/api/journal/review')).json as { trades: number; r_trades: number; expectancy_r: number };
    expect([review.trades, review.r_trades, review.expectancy_r]).toEqual([1, 1, trade!.r_multiple]);
  }, 30_000);
});
