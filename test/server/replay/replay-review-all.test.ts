import { describe, expect, it } from 'vitest';
import { expectError, serverForSuite } from '../harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';

interface Trade {
  trade_id: string;
  net_pnl: number;
  exit_time: number;
}
interface Review {
  trades: number;
  sessions: number;
  net_pnl: number;
  fees: number;
  starting_equity: number;
  open_trades: number;
  equity_curve: { time: number; equity: number }[];
  [k: string]: unknown;
}

const { api } = serverForSuite();

/** A session starting `day` days into the file with `n` closed round trips (market in, a few ticks, close), and one position left open when `leaveOpen`. */
async function sessionWithTrades(cash: number, day: number, n: number, leaveOpen = false): Promise<{ id: string; trades: Trade[] }> {
  const sets = (await api.get('/api/datasets')).json as { datasets: { id: string; first_time: number }[] };
  const first = sets.datasets.find((d) => d.id === ETH)!.first_time;
  const s = (await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: first + day * 86_400_000, starting_cash: cash })).json as { session_id: string };
  const base = `/api/replay/sessions/${s.session_id}`;
  for (let i = 0; i < n + (leaveOpen ? 1 : 0); i++) {
    expect((await api.post(`${base}/order`, { side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity: 0.5 })).status).toBe(200);
    for (let k = 0; k < 3; k++) expect((await api.post(`${base}/control`, { action: 'step_bar' })).status).toBe(200);
    if (i < n) expect((await api.post(`${base}/close`, {})).status).toBe(200);
  }
  const trades = ((await api.get(`${base}/journal`)).json as { trades: Trade[] }).trades;
  expect(trades).toHaveLength(n);
  return { id: s.session_id, trades };
}

describe('the review of every practice session', () => {
  it('reviews the trades of all sessions as one record, with the filters of a session', async () => {
    const empty = (await api.get('/api/replay/journal/review')).json as Review;
    expect(empty).toMatchObject({ trades: 0, sessions: 0, net_pnl: 0, win_rate: null, equity_curve: [] });

    const a = await sessionWithTrades(10_000, 12, 2);
    const b = await sessionWithTrades(30_000, 3, 1, true);
    const all = (await api.get('/api/replay/journal/review')).json as Review;
    const nets = [...a.trades, ...b.trades];
    expect(all.sessions).toBe(2);
    expect(all.trades).toBe(3);
    expect(all.open_trades).toBe(1);
    expect(all.starting_equity).toBe(20_000); // the mean of 10,000 and 30,000
    const sum = nets.reduce((x, t) => x + t.net_pnl, 0);
    expect(all.net_pnl).toBeCloseTo(sum, 6);
    // The curve: the start, then one point per trade in order of exit, ending at start + Σ net.
    expect(all.equity_curve).toHaveLength(4);
    expect(all.equity_curve[0]!.equity).toBe(20_000);
    expect(all.equity_curve.at(-1)!.equity).toBeCloseTo(20_000 + sum, 6);
    const exits = all.equity_curve.slice(1).map((p) => p.time);
    expect(exits).toEqual([...nets.map((t) => t.exit_time)].sort((x, y) => x - y));
    // Each session's own review is its part of it.
    const ra = (await api.get(`/api/replay/sessions/${a.id}/journal/review`)).json as Review;
    const rb = (await api.get(`/api/replay/sessions/${b.id}/journal/review`)).json as Review;
    expect(ra.trades + rb.trades).toBe(3);
    expect(all.fees).toBeCloseTo(ra.fees + rb.fees, 8);

    // A tag on one trade: only that one is reviewed.
    const tagged = b.trades[0]!;
    expect((await api.send('PATCH', `/api/replay/sessions/${b.id}/journal/${tagged.trade_id}`, { json: { tags: ['fade'], setup: 'VWAP' } })).status).toBe(200);
    const fade = (await api.get('/api/replay/journal/review?tag=fade&setup=VWAP')).json as Review;
    expect(fade).toMatchObject({ trades: 1, sessions: 2 });
    expect(fade.net_pnl).toBeCloseTo(tagged.net_pnl, 8);
    const after = (await api.get(`/api/replay/journal/review?from=${tagged.exit_time + 1}`)).json as Review;
    expect(after.trades).toBe(nets.filter((t) => t.exit_time > tagged.exit_time).length);

    // Bad filters are the same 400 as a session's.
    expectError(await api.get('/api/replay/journal/review?tag=no%20spaces'), 400, 'VALIDATION_ERROR');
    expectError(await api.get('/api/replay/journal/review?from=5&to=1'), 400, 'VALIDATION_ERROR');
  }, 60_000);
});
