import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { readCsv } from '../../../src/sim/market/csv-bars.js';
import { DATASETS_DIR } from '../../datasets.js';
import { expectError, serverForSuite, type FillJson, type PositionJson } from '../harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const rows = (() => {
  const d = readCsv(join(DATASETS_DIR, `${ETH}.csv`));
  if (d.kind !== 'klines') throw new Error('klines expected');
  return d.bars;
})();

interface Session {
  session_id: string;
  status: string;
  clock: number;
  tick_size: number;
  rebased: boolean;
  rewatch_of: string | null;
  [k: string]: unknown;
}
interface Kline {
  open_time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}
type Fills = { source_session_id: string; fills: (FillJson & { symbol: string })[] };

const { srv: server, api } = serverForSuite();

const create = async (body: Record<string, unknown>) => {
  const r = await api.post('/api/replay/sessions', body);
  expect(r.status, r.text).toBe(200);
  return r.json as Session;
};
const control = async (id: string, body: Record<string, unknown>) => {
  const r = await api.post(`/api/replay/sessions/${id}/control`, body);
  expect(r.status, r.text).toBe(200);
  return r.json as Session;
};
const at = (id: string) => `/api/replay/sessions/${id}`;

describe("a practice session's own account", () => {
  it('has its own statistics, risk state and fills; the stream tells of each fill', async () => {
    const s = await create({ dataset_id: ETH, start_time: rows[2000]!.openTime, starting_cash: 5000 });
    const ws = new WebSocket(`${server.wsUrl}/ws/replay/${s.session_id}`, { headers: { host: new URL(server.url).host } });
    const msgs: { type: string; price?: number; side?: string }[] = [];
    ws.on('message', (m) => msgs.push(JSON.parse(String(m)) as { type: string }));
    await new Promise((r) => ws.once('open', r));

    expect((await api.get(`${at(s.session_id)}/stats`)).json).toMatchObject({ mode: 'simulation', trades: 0, net_pnl: 0 });
    expect((await api.get(`${at(s.session_id)}/risk`)).json).toMatchObject({ state: { trading_state: 'ACTIVE', equity: 5000 } });
    expect(((await api.get(`${at(s.session_id)}/fills`)).json as Fills).fills).toEqual([]);

    expect((await api.post(`${at(s.session_id)}/order`, { side: 'BUY', quantity: 1 })).status).toBe(200);
    await control(s.session_id, { action: 'step_bar', interval: '5m' });
    const close = await api.post(`${at(s.session_id)}/close`, {});
    expect(close.status, close.text).toBe(200);

    const positions = ((await api.get(`${at(s.session_id)}/positions?status=closed`)).json as { positions: PositionJson[] }).positions;
    expect(positions).toHaveLength(1);
    const p = positions[0]!;
    const net = Decimal.parse(p.realized_pnl).sub(Decimal.parse(p.fees_paid));
    const stats = (await api.get(`${at(s.session_id)}/stats`)).json as { trades: number; net_pnl: number; fees: number };
    expect(stats.trades).toBe(1);
    expect(Decimal.parse(stats.net_pnl).eq(net)).toBe(true);
    expect(Decimal.parse(stats.fees).eq(Decimal.parse(p.fees_paid))).toBe(true);
    const risk = (await api.get(`${at(s.session_id)}/risk`)).json as { state: { equity: number } };
    expect(Decimal.parse(risk.state.equity).eq(Decimal.fromInt(5000).add(net))).toBe(true);
    // The live account saw none of it.
    expect(((await api.get('/api/trading/stats?mode=simulation')).json as { trades: number }).trades).toBe(0);

    const fills = (await api.get(`${at(s.session_id)}/fills`)).json as Fills;
    expect(fills.source_session_id).toBe(s.session_id);
    expect(fills.fills.map((f) => f.side)).toEqual(['BUY', 'SELL']);
    await expect.poll(() => msgs.filter((m) => m.type === 'fill').map((m) => m.side)).toEqual(['BUY', 'SELL']);
    expect(msgs.filter((m) => m.type === 'fill').map((m) => m.price)).toEqual(fills.fills.map((f) => f.price));
    await expect.poll(() => msgs.some((m) => m.type === 'account')).toBe(true);
    ws.close();
  });

  it('finish ends a session where it stands: no play, step or order, what is open stays', async () => {
    const s = await create({ dataset_id: ETH, start_time: rows[500]!.openTime });
    expect((await api.post(`${at(s.session_id)}/order`, { side: 'SELL', quantity: 0.5 })).status).toBe(200);
    await control(s.session_id, { action: 'play', speed: 10 });
    const f = await control(s.session_id, { action: 'finish' });
    expect(f.status).toBe('finished');
    expect(((await api.get(at(s.session_id))).json as Session).clock).toBe(f.clock);
    expectError(await api.post(`${at(s.session_id)}/control`, { action: 'step_bar' }), 422, 'REPLAY_FINISHED');
    expectError(await api.post(`${at(s.session_id)}/control`, { action: 'play' }), 422, 'REPLAY_FINISHED');
    expectError(await api.post(`${at(s.session_id)}/order`, { side: 'BUY', quantity: 0.5 }), 422, 'REPLAY_FINISHED');
    expect((await control(s.session_id, { action: 'finish' })).clock).toBe(f.clock);
    expect(((await api.get(`${at(s.session_id)}/positions`)).json as { positions: PositionJson[] }).positions).toEqual([expect.objectContaining({ side: 'SHORT' })]);
  });
});

describe('re-watching a finished session', () => {
  it('is a read-only session over the same market that draws the original fills as the clock reaches them', async () => {
    const o = await create({ dataset_id: ETH, start_time: rows[4000]!.openTime, name: 'to re-watch' });
    expectError(await api.post(`${at(o.session_id)}/rewatch`, {}), 422, 'REPLAY_NOT_FINISHED');
    await api.post(`${at(o.session_id)}/order`, { side: 'BUY', quantity: 1 });
    await control(o.session_id, { action: 'jump', bars: 10 });
    await api.post(`${at(o.session_id)}/close`, {});
    await control(o.session_id, { action: 'jump', bars: 5 });
    const end = await control(o.session_id, { action: 'finish' });
    const original = ((await api.get(`${at(o.session_id)}/fills`)).json as Fills).fills;
    expect(original).toHaveLength(2);

    const r = await api.post(`${at(o.session_id)}/rewatch`, {});
    expect(r.status, r.text).toBe(200);
    const w = r.json as Session;
    expect(w).toMatchObject({ status: 'paused', rewatch_of: o.session_id, clock: rows[4000]!.openTime, start_time: rows[4000]!.openTime, dataset_id: ETH });
    expect(w.session_id).not.toBe(o.session_id);
    expectError(await api.post(`${at(w.session_id)}/order`, { side: 'BUY', quantity: 1 }), 422, 'REPLAY_READ_ONLY');

    const fillsAt = async () => (await api.get(`${at(w.session_id)}/fills`)).json as Fills;
    // The entry at the start, the exit not yet: nothing from past the clock.
    expect((await fillsAt()).fills.map((f) => f.side)).toEqual(['BUY']);
    expect((await fillsAt()).source_session_id).toBe(o.session_id);
    // Its journal is the original's, up to its clock: the trade appears once the market reaches its exit.
    const journalAt = async () => ((await api.get(`${at(w.session_id)}/journal`)).json as { trades: { trade_id: string }[] }).trades;
    const originalTrades = ((await api.get(`${at(o.session_id)}/journal`)).json as { trades: { trade_id: string }[] }).trades;
    expect(originalTrades).toHaveLength(1);
    expect(await journalAt()).toEqual([]);
    expectError(await api.send('PATCH', `${at(w.session_id)}/journal/${originalTrades[0]!.trade_id}`, { json: { notes: 'too early' } }), 404, 'TRADE_NOT_FOUND');
    await control(w.session_id, { action: 'jump', bars: 10 });
    expect((await fillsAt()).fills).toEqual(original);
    expect(await journalAt()).toEqual(originalTrades);
    // Annotated while re-watching: the note is the original trade's.
    expect((await api.send('PATCH', `${at(w.session_id)}/journal/${originalTrades[0]!.trade_id}`, { json: { notes: 'seen again' } })).status).toBe(200);
    expect(((await api.get(`${at(o.session_id)}/journal`)).json as { trades: { notes: string }[] }).trades[0]!.notes).toBe('seen again');
    // The same market as the original: its candles up to the same clock.
    await control(w.session_id, { action: 'jump', to_time: end.clock });
    const k = (id: string) => api.get(`${at(id)}/klines?interval=1m&limit=30`).then((x) => x.json as { klines: Kline[] });
    expect((await k(w.session_id)).klines).toEqual((await k(o.session_id)).klines);
    // A re-watch of the re-watch (once finished) re-watches the original; the original is untouched.
    await control(w.session_id, { action: 'finish' });
    const ww = (await api.post(`${at(w.session_id)}/rewatch`, {})).json as Session;
    expect(ww.rewatch_of).toBe(o.session_id);
    expect(((await api.get(at(o.session_id))).json as Session).status).toBe('finished');
  });
});

describe('rebased prices', () => {
  it('multiply every price and the tick by one exact factor; an order on the rebased grid fills exactly on it', async () => {
    const start = rows[6000]!.openTime;
    const plain = await create({ dataset_id: ETH, start_time: start });
    const reb = await create({ dataset_id: ETH, start_time: start, blind: true, rebase_prices: true });
    expect(reb).toMatchObject({ rebased: true, blind: true, symbol: 'BLIND' });
    expect(plain.rebased).toBe(false);
    const k = Decimal.parse(reb.tick_size).div(Decimal.parse(plain.tick_size), 20).normalize();
    expect(k.scale).toBeLessThan(8); // a short, exact factor
    for (const id of [plain.session_id, reb.session_id]) await control(id, { action: 'jump', bars: 30 });
    const kl = async (id: string) => ((await api.get(`${at(id)}/klines?interval=1m&limit=300`)).json as { klines: Kline[] }).klines;
    const [a, b] = [await kl(plain.session_id), await kl(reb.session_id)];
    expect(b).toHaveLength(a.length);
    for (let i = 0; i < a.length; i++) {
      for (const f of ['open', 'high', 'low', 'close'] as const) expect(Decimal.parse(a[i]![f]).mul(k).eq(Decimal.parse(b[i]![f])), `${i} ${f}`).toBe(true);
      expect(b[i]!.volume).toBe(a[i]!.volume);
      expect(b[i]!.open_time).toBe(a[i]!.open_time);
    }
    // The price the session started on is within 0.5 % of 100.
    const first = b.find((x) => x.open_time === start)!;
    expect(Math.abs(first.open - 100)).toBeLessThan(0.5);

    // An order off the rebased grid is refused; one on it rests and fills at exactly its price.
    const last = Decimal.parse(b.at(-1)!.close);
    const tick = Decimal.parse(reb.tick_size);
    const below = last.div(tick, 0, 'floor').sub(Decimal.fromInt(3)).mul(tick);
    expectError(await api.post(`${at(reb.session_id)}/order`, { side: 'BUY', type: 'LIMIT', quantity: 1, price: below.add(tick.div(Decimal.fromInt(2), 12)).toNumber() }), 400, 'INVALID_PRICE');
    const placed = await api.post(`${at(reb.session_id)}/order`, { side: 'BUY', type: 'LIMIT', quantity: 1, price: below.toNumber() });
    expect(placed.status, placed.text).toBe(200);
    let fills: Fills['fills'] = [];
    for (let i = 0; i < 200 && fills.length === 0; i++) {
      await control(reb.session_id, { action: 'step_bar' });
      fills = ((await api.get(`${at(reb.session_id)}/fills`)).json as Fills).fills;
    }
    expect(fills).toHaveLength(1);
    expect(Decimal.parse(fills[0]!.price).eq(below)).toBe(true);
    expect(Decimal.parse(fills[0]!.price).isMultipleOf(tick)).toBe(true);
  });

  it('refuses a bad rebase_prices, nothing created', async () => {
    const before = ((await api.get('/api/replay/sessions')).json as { sessions: unknown[] }).sessions.length;
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH, random: true, rebase_prices: 'yes' }), 400, 'VALIDATION_ERROR');
    expect(((await api.get('/api/replay/sessions')).json as { sessions: unknown[] }).sessions).toHaveLength(before);
  });
});
