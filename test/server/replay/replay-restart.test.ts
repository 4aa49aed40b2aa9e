import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../../datasets.js';
import { readCsv } from '../../../src/sim/market/csv-bars.js';
import { client, freePort, freshDataDir, killHard, spawnServer, testEnv, waitForHealth, type ChildServer } from '../harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const rows = (() => {
  const d = readCsv(join(DATASETS_DIR, `${ETH}.csv`));
  if (d.kind !== 'klines') throw new Error('klines expected');
  return d.bars;
})();

const dataDir = freshDataDir();
const env = testEnv(dataDir, { LOG_LEVEL: 'warn' });
const children: ChildServer[] = [];
afterAll(async () => {
  for (const c of children) await killHard(c);
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(): Promise<ReturnType<typeof client>> {
  const s = spawnServer(env, await freePort());
  children.push(s);
  await waitForHealth(s);
  return client(s.url);
}

interface Session {
  session_id: string;
  status: string;
  clock: number;
  cursor: number;
}

describe('practice sessions across a kill -9', () => {
  it('reopen paused at the tick where they were, with every order, fill and position', async () => {
    let api = await boot();
    // A paused session with a position, a bracket and a resting order, stepped a few bars.
    const a = (await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: rows[8000]!.openTime, name: 'paused one' })).json as Session;
    const pa = `/api/replay/sessions/${a.session_id}`;
    const px = rows[8000]!.open.toNumber();
    expect((await api.post(`${pa}/order`, { side: 'BUY', quantity: 1, stop_loss: Math.round(px * 0.95), take_profit: Math.round(px * 1.05) })).status).toBe(200);
    expect((await api.post(`${pa}/order`, { side: 'BUY', type: 'LIMIT', quantity: 0.3, price: Math.round(px * 0.97) })).status).toBe(200);
    await api.post(`${pa}/control`, { action: 'step_bar', interval: '15m' });
    await api.post(`${pa}/control`, { action: 'step_tick' });
    const before = {
      session: (await api.get(pa)).json,
      orders: (await api.get(`${pa}/orders?status=all`)).json,
      positions: (await api.get(`${pa}/positions?status=all`)).json,
      klines: (await api.get(`${pa}/klines?interval=5m&limit=100`)).json,
    };
    // A session playing at 1000× with orders resting: killed mid-play ("max" now replays the whole
    // file in ~150 ms, so it could end before the kill).
    const b = (await api.post('/api/replay/sessions', { dataset_id: ETH, start_time: rows[100]!.openTime })).json as Session;
    const pb = `/api/replay/sessions/${b.session_id}`;
    const bx = rows[100]!.open.toNumber();
    for (const k of [0.999, 0.995, 0.99]) await api.post(`${pb}/order`, { side: 'BUY', type: 'LIMIT', quantity: 0.1, price: Math.round(bx * k) });
    expect((await api.post(`${pb}/control`, { action: 'play', speed: 1000 })).status).toBe(200);
    // Past one save of the playing cursor (every second while playing, and with every ledger commit).
    await new Promise((r) => setTimeout(r, 1_300));
    // A rebased blind session finished before its end, and a re-watch of it.
    const c = (await api.post('/api/replay/sessions', { dataset_id: ETH, random: true, blind: true, rebase_prices: true })).json as Session;
    const pc = `/api/replay/sessions/${c.session_id}`;
    await api.post(`${pc}/control`, { action: 'jump', bars: 20 });
    await api.post(`${pc}/control`, { action: 'finish' });
    const w = (await api.post(`${pc}/rewatch`, {})).json as Session;
    const finished = { session: (await api.get(pc)).json, klines: (await api.get(`${pc}/klines?interval=1m&limit=50`)).json, rewatch: (await api.get(`/api/replay/sessions/${w.session_id}`)).json };
    await killHard(children.at(-1)!);

    api = await boot();
    expect((await api.get(pa)).json).toEqual(before.session);
    expect((await api.get(`${pa}/orders?status=all`)).json).toEqual(before.orders);
    expect((await api.get(`${pa}/positions?status=all`)).json).toEqual(before.positions);
    expect((await api.get(`${pa}/klines?interval=5m&limit=100`)).json).toEqual(before.klines);
    const rb = (await api.get(pb)).json as Session;
    expect(rb.status).toBe('paused');
    expect(rb.cursor).toBeGreaterThan(b.cursor);
    // Whatever the ledger holds happened at or before the restored clock: the two were written together.
    const orders = ((await api.get(`${pb}/orders?status=all`)).json as { orders: { updated_at: number }[] }).orders;
    expect(orders).toHaveLength(3);
    expect(orders.every((o) => o.updated_at <= rb.clock)).toBe(true);
    // It carries on from there.
    const stepped = (await api.post(`${pb}/control`, { action: 'step_bar' })).json as Session;
    expect(stepped.cursor).toBeGreaterThan(rb.cursor);
    // Finished stays finished (at its clock, not the end of the file), rebased prices stay rebased alike.
    expect((await api.get(pc)).json).toEqual(finished.session);
    expect((await api.get(`${pc}/klines?interval=1m&limit=50`)).json).toEqual(finished.klines);
    expect((await api.get(`/api/replay/sessions/${w.session_id}`)).json).toEqual(finished.rewatch);
    expect((await api.post(`${pc}/control`, { action: 'step_bar' })).status).toBe(422);
  });
});
