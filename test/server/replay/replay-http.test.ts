import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../../datasets.js';
import { readCsv } from '../../../src/sim/market/csv-bars.js';
import { expectError, serverForSuite } from '../harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const TRADES = 'binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample';
const MINUTE = 60_000;
const rows = (() => {
  const d = readCsv(join(DATASETS_DIR, `${ETH}.csv`));
  if (d.kind !== 'klines') throw new Error('klines expected');
  return d.bars;
})();
const row = (i: number) => {
  const r = rows[i]!;
  return { open_time: r.openTime, open: r.open.toNumber(), high: r.high.toNumber(), low: r.low.toNumber(), close: r.close.toNumber(), volume: r.volume.toNumber(), close_time: r.openTime + MINUTE - 1 };
};

interface Session {
  session_id: string;
  status: string;
  clock: number;
  cursor: number;
  speed: number | string;
  symbol: string;
  [k: string]: unknown;
}
interface Kline {
  open_time: number;
  close: number;
  [k: string]: unknown;
}

const { srv: server, api } = serverForSuite();

const create = async (body: Record<string, unknown>) => {
  const r = await api.post('/api/replay/sessions', body);
  expect(r.status, r.text).toBe(200);
  return r.json as Session;
};
const control = (id: string, body: Record<string, unknown>) => api.post(`/api/replay/sessions/${id}/control`, body);

describe('practice sessions over HTTP', () => {
  it('never answer klines past the clock; a step makes the last candle exactly the next bar of the file', async () => {
    const s = await create({ dataset_id: ETH, start_time: rows[3000]!.openTime, starting_cash: 20000 });
    expect(s).toMatchObject({ status: 'paused', clock: rows[3000]!.openTime, dataset_id: ETH, symbol: 'ETHUSDT', exchange: 'replay', starting_cash: 20000 });
    const base = `/api/replay/sessions/${s.session_id}`;
    const far = rows[3000]!.openTime + 30 * 86_400_000;
    let k = (await api.get(`${base}/klines?interval=1m&limit=1500&end_time=${far}`)).json as { klines: Kline[] };
    expect(k.klines.length).toBe(1500);
    expect(k.klines.every((x) => x.open_time <= s.clock)).toBe(true);
    // The forming bar as it stood at the clock: one tick, the open.
    expect(k.klines.at(-1)).toMatchObject({ open_time: rows[3000]!.openTime, close: rows[3000]!.open.toNumber(), high: rows[3000]!.open.toNumber() });
    expect(((await api.get(`${base}/klines?interval=1m&start_time=${s.clock + 1}`)).json as { klines: Kline[] }).klines).toEqual([]);
    const stepped = (await control(s.session_id, { action: 'step_bar' })).json as Session;
    expect(stepped).toMatchObject({ status: 'paused', clock: rows[3000]!.openTime + 45_000 });
    k = (await api.get(`${base}/klines?interval=1m&limit=2&end_time=${far}`)).json as { klines: Kline[] };
    expect(k.klines.at(-1)).toEqual(row(3000));
    await control(s.session_id, { action: 'step_bar' });
    k = (await api.get(`${base}/klines?interval=1m&limit=2`)).json as { klines: Kline[] };
    expect(k.klines.at(-1)).toEqual(row(3001));
    // 5m from the same 1m bars: the forming one as it stands.
    const five = (await api.get(`${base}/klines?interval=5m&limit=1&end_time=${far}`)).json as { klines: Kline[] };
    expect(five.klines[0]!.open_time).toBe(Math.floor(rows[3001]!.openTime / (5 * MINUTE)) * 5 * MINUTE);
    expect(five.klines[0]!.close).toBe(rows[3001]!.close.toNumber());
    const ticker = (await api.get(`${base}/ticker`)).json as { last: number; timestamp: number; symbol: string };
    expect(ticker).toMatchObject({ last: rows[3001]!.close.toNumber(), timestamp: rows[3001]!.openTime + 45_000, symbol: 'ETHUSDT' });
  });

  it('trade with the main routes\' bodies and answers: orders rest while paused and fill on the replayed ticks', async () => {
    const s = await create({ dataset_id: ETH, start_time: rows[5000]!.openTime });
    const base = `/api/replay/sessions/${s.session_id}`;
    const price = rows[5000]!.open;
    const tp = Math.round(price.toNumber() * 1.003 * 100) / 100;
    const market = await api.post(`${base}/order`, { side: 'BUY', type: 'MARKET', quantity: 1, stop_loss: Math.round(price.toNumber() * 0.97), take_profit: tp });
    expect(market.status, market.text).toBe(200);
    expect(market.json).toMatchObject({ status: 'FILLED', mode: 'simulation', exchange: 'replay', symbol: 'ETHUSDT' });
    const limit = await api.post(`${base}/order`, { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.5, price: Math.round(price.toNumber() * 0.96) });
    expect(limit.json).toMatchObject({ status: 'NEW' });
    const open = (await api.get(`${base}/orders`)).json as { orders: { order_id: string; type: string }[] };
    expect(open.orders.map((o) => o.type).sort()).toEqual(['LIMIT', 'STOP_MARKET', 'TAKE_PROFIT_MARKET']);
    const lid = (limit.json as { order_id: string }).order_id;
    expect((await api.del(`${base}/orders/${lid}`)).json).toMatchObject({ status: 'CANCELED' });
    const pos = (await api.get(`${base}/positions`)).json as { positions: { quantity: number; side: string }[] };
    expect(pos.positions).toMatchObject([{ quantity: 1, side: 'LONG' }]);
    // Jump: the take-profit fills on a replayed tick (the bracket's other leg is canceled).
    const tpBar = rows.findIndex((r, i) => i >= 5000 && r.high.toNumber() > tp);
    expect((await control(s.session_id, { action: 'jump', to_time: rows[tpBar + 2]!.openTime })).status).toBe(200);
    expect(((await api.get(`${base}/positions`)).json as { positions: unknown[] }).positions).toEqual([]);
    const closed = (await api.get(`${base}/positions?status=closed`)).json as { positions: { closed_at: number; realized_pnl: number }[] };
    expect(Math.floor(closed.positions[0]!.closed_at / MINUTE) * MINUTE).toBe(rows[tpBar]!.openTime);
    expect(closed.positions[0]!.realized_pnl).toBeGreaterThan(0);
    const acct = (await api.get(`${base}/account`)).json as { equity: number; mode: string };
    expect(acct.mode).toBe('simulation');
    expect(acct.equity).toBeGreaterThan(10_000);
    // The session's ledger is its own: the main one saw nothing.
    expect(((await api.get('/api/trading/orders?status=all')).json as { orders: unknown[] }).orders).toEqual([]);
    // The session's own journal: the trade with its stop (R) and its excursions from the replayed ticks.
    const journal = (await api.get(`${base}/journal`)).json as { trades: { trade_id: string; r_multiple: number; mfe: number; mae: number; stop_price: number; exit_time: number }[] };
    expect(journal.trades).toHaveLength(1);
    const trade = journal.trades[0]!;
    expect(trade.stop_price).toBe(Math.round(price.toNumber() * 0.97));
    expect(trade.r_multiple).toBeGreaterThan(0);
    expect(trade.mfe).toBeGreaterThan(0);
    expect(trade.exit_time).toBe(closed.positions[0]!.closed_at);
    const note = await api.send('PATCH', `${base}/journal/${trade.trade_id}`, { json: { notes: 'waited for the pullback', tags: ['pullback'], rating: 4 } });
    expect(note.status, note.text).toBe(200);
    expectError(await api.send('PATCH', `${base}/journal/${trade.trade_id}`, { json: { notes: 'x'.repeat(10_241) } }), 400, 'VALIDATION_ERROR');
    expect(((await api.get(`${base}/journal?tag=pullback`)).json as { trades: unknown[] }).trades).toHaveLength(1);
    expect((await api.get(`${base}/journal/review`)).json).toMatchObject({ trades: 1, wins: 1 });
    expect(((await api.get('/api/journal')).json as { trades: unknown[] }).trades).toEqual([]);
    const again = await api.post(`${base}/order`, { side: 'SELL', type: 'MARKET', quantity: 0.2 });
    expect(again.status, again.text).toBe(200);
    expect((await api.post(`${base}/close`, {})).json).toMatchObject({ status: 'FILLED', side: 'BUY' });
  });

  it('blind sessions name neither the dataset nor its dates nor the symbol', async () => {
    const s = await create({ dataset_id: ETH, random: true, blind: true });
    for (const k of ['dataset_id', 'start_time', 'first_time', 'last_time']) expect(s).not.toHaveProperty(k);
    expect(s.symbol).toBe('BLIND');
    const base = `/api/replay/sessions/${s.session_id}`;
    const texts = [JSON.stringify(s), (await api.get('/api/replay/sessions')).text, (await api.get(`${base}/ticker`)).text, (await api.get(`${base}/klines?limit=5`)).text];
    const order = await api.post(`${base}/order`, { side: 'BUY', type: 'MARKET', quantity: 0.1 });
    texts.push(order.text, (await api.get(`${base}/positions`)).text);
    for (const t of texts.slice(2)) expect(t).not.toMatch(/ETH|bybit|2025-/);
    expect(texts[1]).toContain(ETH); // the other, non-blind sessions of the list do name theirs
    expect(JSON.stringify((JSON.parse(texts[1]!) as { sessions: Session[] }).sessions.find((x) => x.session_id === s.session_id))).not.toMatch(/ETH|bybit|2025-/);
  });

  it('refuse bad input in the error shape and leave the session as it was', async () => {
    expectError(await api.post('/api/replay/sessions', { dataset_id: 'no_such_file', start_time: 0 }), 404, 'UNKNOWN_DATASET');
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: 1000 }), 400, 'REPLAY_START_OUT_OF_RANGE');
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: rows.at(-1)!.openTime + 86_400_000 }), 400, 'REPLAY_START_OUT_OF_RANGE');
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH }), 400, 'MISSING_FIELD');
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: rows[10]!.openTime, random: true }), 400, 'INVALID_FIELD');
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH, start_tim: 5 }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: rows[10]!.openTime, starting_cash: -5 }), 400, 'VALIDATION_ERROR');
    expectError(await control('999999', { action: 'play' }), 404, 'REPLAY_SESSION_NOT_FOUND');
    expectError(await api.get('/api/replay/sessions/999999/klines'), 404, 'REPLAY_SESSION_NOT_FOUND');
    expectError(await api.get('/api/replay/sessions/abc'), 400, 'VALIDATION_ERROR');
    const s = await create({ dataset_id: ETH, start_time: rows[200]!.openTime });
    await control(s.session_id, { action: 'step_bar', interval: '5m' });
    const before = (await api.get(`/api/replay/sessions/${s.session_id}`)).json;
    expectError(await control(s.session_id, { action: 'play', speed: 3 }), 400, 'REPLAY_BAD_SPEED');
    expectError(await control(s.session_id, { action: 'play', speed: 'fast' }), 400, 'REPLAY_BAD_SPEED');
    expectError(await control(s.session_id, { action: 'step_bar', interval: '2m' }), 400, 'VALIDATION_ERROR');
    expectError(await control(s.session_id, { action: 'rewind' }), 400, 'VALIDATION_ERROR');
    const back = expectError(await control(s.session_id, { action: 'jump', to_time: rows[200]!.openTime }), 422, 'REPLAY_NO_BACKWARDS');
    expect(back.error.message).toMatch(/new session/);
    expectError(await control(s.session_id, { action: 'jump', to_time: rows.at(-1)!.openTime + 86_400_000 }), 422, 'REPLAY_PAST_END');
    expectError(await control(s.session_id, { action: 'jump', bars: 1_000_000 }), 422, 'REPLAY_PAST_END');
    expectError(await control(s.session_id, { action: 'jump' }), 400, 'INVALID_FIELD');
    expectError(await api.post(`/api/replay/sessions/${s.session_id}/order`, { symbol: 'BTCUSDT', side: 'BUY', quantity: 1 }), 404, 'UNKNOWN_SYMBOL');
    expectError(await api.post(`/api/replay/sessions/${s.session_id}/order`, { side: 'BUY', quantity: 1, stoploss: 5 }), 400, 'VALIDATION_ERROR');
    expectError(await api.get(`/api/replay/sessions/${s.session_id}/klines?interval=7m`), 400, 'INVALID_FIELD');
    expect((await api.get(`/api/replay/sessions/${s.session_id}`)).json).toEqual(before);
    // A finished session: steps and new orders are refused, it stays for review.
    const t = await create({ dataset_id: TRADES, start_time: 0 + firstTrade() });
    const last = lastTrade();
    expect(((await control(t.session_id, { action: 'jump', to_time: last })).json as Session).status).toBe('finished');
    expectError(await control(t.session_id, { action: 'step_tick' }), 422, 'REPLAY_FINISHED');
    expectError(await control(t.session_id, { action: 'play' }), 422, 'REPLAY_FINISHED');
    expectError(await api.post(`/api/replay/sessions/${t.session_id}/order`, { side: 'BUY', quantity: 0.01 }), 422, 'REPLAY_FINISHED');
    expect(((await api.get(`/api/replay/sessions/${t.session_id}`)).json as Session).status).toBe('finished');
  });

  it('renames and deletes', async () => {
    const s = await create({ dataset_id: ETH, start_time: rows[100]!.openTime, name: 'first' });
    expect((await api.send('PATCH', `/api/replay/sessions/${s.session_id}`, { json: { name: 'second' } })).json).toMatchObject({ name: 'second' });
    expect((await api.del(`/api/replay/sessions/${s.session_id}`)).json).toEqual({ deleted: s.session_id });
    expectError(await api.get(`/api/replay/sessions/${s.session_id}`), 404, 'REPLAY_SESSION_NOT_FOUND');
  });

  it('streams ticks at most ~60 a second and never one past the clock', async () => {
    const s = await create({ dataset_id: ETH, start_time: rows[0]!.openTime });
    const ws = new WebSocket(`${server.wsUrl}/ws/replay/${s.session_id}`, { headers: { host: new URL(server.url).host } });
    const msgs: { type: string; time?: number; clock?: number; status?: string; at: number }[] = [];
    ws.on('message', (m) => msgs.push({ ...(JSON.parse(String(m)) as { type: string }), at: performance.now() }));
    await new Promise((r) => ws.once('open', r));
    await control(s.session_id, { action: 'play', speed: 'max' });
    await new Promise((r) => setTimeout(r, 400));
    const st = (await control(s.session_id, { action: 'pause' })).json as Session;
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    const ticks = msgs.filter((m) => m.type === 'tick');
    expect(msgs[0]!.type).toBe('clock');
    expect(ticks.length).toBeGreaterThan(5);
    expect(ticks.length).toBeLessThan(40);
    let clock = -1;
    for (const m of msgs) {
      if (m.type === 'clock') clock = m.clock!;
      if (m.type === 'tick') expect(m.time!).toBeGreaterThanOrEqual(0);
    }
    expect(ticks.every((t) => t.time! <= st.clock)).toBe(true);
    expect(clock).toBe(st.clock);
    expect(st.cursor).toBeGreaterThan(20_000);
    expect(msgs.filter((m) => m.type === 'state').map((m) => m.status).slice(0, 2)).toEqual(['paused', 'playing']);
    expect(msgs.filter((m) => m.type === 'state').at(-1)!.status).toBe(st.status);
  });
});

describe('the replay API surface', () => {
  it('is in the OpenAPI document, and the stream refuses a session that does not exist', async () => {
    const doc = (await api.get('/openapi.json')).json as { paths: Record<string, Record<string, { summary?: string }>> };
    for (const [path, method] of [
      ['/api/replay/sessions', 'post'],
      ['/api/replay/sessions', 'get'],
      ['/api/replay/sessions/{id}', 'patch'],
      ['/api/replay/sessions/{id}/control', 'post'],
      ['/api/replay/sessions/{id}/order', 'post'],
      ['/api/replay/sessions/{id}/orders/{order_id}', 'delete'],
      ['/api/replay/sessions/{id}/klines', 'get'],
      ['/api/replay/sessions/{id}/ticker', 'get'],
      ['/api/replay/sessions/{id}/rewatch', 'post'],
      ['/api/replay/sessions/{id}/stats', 'get'],
      ['/api/replay/sessions/{id}/risk', 'get'],
      ['/api/replay/sessions/{id}/fills', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.summary, `${method} ${path}`).toBeTruthy();
    }
    const ws = new WebSocket(`${server.wsUrl}/ws/replay/424242`, { headers: { host: new URL(server.url).host } });
    const first = await new Promise<string>((r) => ws.once('message', (m) => r(String(m))));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(JSON.parse(first)).toMatchObject({ type: 'error', error: { code: 'REPLAY_SESSION_NOT_FOUND' } });
    expect(code).toBe(1008);
  });
});

function firstTrade(): number {
  const t = readCsv(join(DATASETS_DIR, `${TRADES}.csv`));
  return t.kind === 'trades' ? t.trades[0]!.time : 0;
}
function lastTrade(): number {
  const t = readCsv(join(DATASETS_DIR, `${TRADES}.csv`));
  return t.kind === 'trades' ? t.trades.at(-1)!.time : 0;
}
