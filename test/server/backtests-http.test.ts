import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { DATASET } from '../datasets.js';
import { client, expectError, freshDataDir, testEnv } from './harness.js';

interface BacktestJson {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  request: Record<string, unknown>;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  progress: { done: number; total: number } | null;
  summary: Record<string, unknown> | null;
  error: string | null;
  result?: Record<string, unknown> | null;
}

// The first 3,000 bars of the bundled AVAXUSDT file (real rows), imported as a dataset.
const files = mkdtempSync(join(tmpdir(), 'backtests-http-'));
const CSV = join(files, 'binance_futures_um_AVAXUSDT_1m_head.csv');
writeFileSync(CSV, `${readFileSync(DATASET.avaxUm1m, 'utf8').split('\n').slice(0, 3001).join('\n')}\n`);
const dataDir = freshDataDir();
let app: Running;
let api: ReturnType<typeof client>;
let dataset: string;
const start = async (): Promise<void> => {
  app = await startApp(loadConfig(testEnv(dataDir)), pino({ level: 'silent' }));
  api = client(app.url);
};

async function finished(id: string, timeoutMs = 60_000): Promise<BacktestJson> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const b = (await api.get(`/api/backtests/${id}`)).json as BacktestJson;
    if (b.status === 'done' || b.status === 'failed') return b;
    if (Date.now() > until) throw new Error(`backtest ${id} still ${b.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await start();
  const res = await api.post('/api/datasets', { path: CSV });
  expect(res.status).toBe(201);
  dataset = (res.json as { id: string }).id;
});
afterAll(async () => {
  await app?.close();
  rmSync(files, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/api/backtests on a real port', () => {
  it('runs a backtest on a worker and keeps the same result as the runner gives', async () => {
    const res = await api.post('/api/backtests', { dataset, strategy: 'sma_cross', params: { fast: 5, slow: 20 }, fee_bps: 1.1 });
    expect(res.status, res.text).toBe(202);
    const queued = res.json as BacktestJson;
    expect(queued).toMatchObject({ id: 'bt-1', summary: null, error: null, finished_at: null });
    expect(['queued', 'running']).toContain(queued.status);
    expect(queued.request).toMatchObject({ dataset, strategy: 'sma_cross', params: { fast: 5, slow: 20, quantity: 1 }, fee_bps: 1.1, slippage_bps: 0, cash: 10_000, symbol: 'AVAXUSDT', interval: '1m' });
    const done = await finished('bt-1');
    expect(done.status, done.error ?? '').toBe('done');
    const direct = await runBacktest({ data: CSV, strategy: 'sma_cross', params: { fast: 5, slow: 20 }, feeBps: 1.1, cash: 10_000, fillModel: 'through' });
    expect(done.result).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(done.summary).toMatchObject({ symbol: 'AVAXUSDT', bars: 3000, trade_count: direct.trade_count, net_pnl: direct.net_pnl });
    expect(done.started_at).toBeGreaterThanOrEqual(done.created_at);
    expect(done.finished_at).toBeGreaterThanOrEqual(done.started_at!);
    const list = (await api.get('/api/backtests')).json as { backtests: BacktestJson[] };
    expect(list.backtests.map((b) => [b.id, b.status])).toEqual([['bt-1', 'done']]);
    expect(list.backtests[0]).not.toHaveProperty('result');
  }, 90_000);

  it('streams its state and progress over WS /ws/backtests/{id}, then closes', async () => {
    const res = await api.post('/api/backtests', { dataset: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29', strategy: 'sma_cross', params: { fast: 10, slow: 30 }, fee_bps: 4 });
    const id = (res.json as BacktestJson).id;
    const url = app.url.replace(/^http/, 'ws');
    const ws = new WebSocket(`${url}/ws/backtests/${id}`, { headers: { host: new URL(app.url).host } });
    const msgs: (BacktestJson & { type: string })[] = [];
    ws.on('message', (m) => msgs.push(JSON.parse(String(m)) as BacktestJson & { type: string }));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1000);
    expect(msgs.every((m) => m.type === 'backtest' && m.id === id)).toBe(true);
    expect(msgs.at(-1)).toMatchObject({ status: 'done', progress: null });
    expect(msgs.at(-1)!.summary).toMatchObject({ bars: 43_200 });
    const done = msgs.filter((m) => m.status === 'running' && m.progress!.total > 0).map((m) => m.progress!.done);
    expect(done.length).toBeGreaterThanOrEqual(1); // the worker tells it at most every 200 ms: a fast run has few
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(msgs.some((m) => 'result' in m)).toBe(false);
    // A finished one answers its state and closes; an unknown one an error and 1008.
    const again = new WebSocket(`${url}/ws/backtests/${id}`, { headers: { host: new URL(app.url).host } });
    const last = await new Promise<string>((r) => again.once('message', (m) => r(String(m))));
    expect(JSON.parse(last)).toMatchObject({ type: 'backtest', status: 'done' });
    const nope = new WebSocket(`${url}/ws/backtests/bt-999`, { headers: { host: new URL(app.url).host } });
    const err = await new Promise<string>((r) => nope.once('message', (m) => r(String(m))));
    expect(JSON.parse(err)).toMatchObject({ type: 'error', error: { code: 'BACKTEST_NOT_FOUND' } });
    expect(await new Promise<number>((r) => nope.once('close', (c) => r(c)))).toBe(1008);
  }, 90_000);

  it('lists the built-in strategies with their parameters', async () => {
    const res = await api.get('/api/backtests/strategies');
    expect(res.status).toBe(200);
    const s = (res.json as { strategies: { name: string; params: Record<string, { default: number }> }[] }).strategies;
    expect(s.find((x) => x.name === 'sma_cross')?.params).toMatchObject({ fast: { default: 10 }, slow: { default: 30 }, quantity: { default: 1 } });
  });

  it('refuses bad input with the error shape and records nothing', async () => {
    const before = ((await api.get('/api/backtests')).json as { backtests: unknown[] }).backtests.length;
    const ok = { dataset, strategy: 'sma_cross', fee_bps: 4 };
    expectError(await api.post('/api/backtests', { ...ok, dataset: 'nope' }), 404, 'UNKNOWN_DATASET');
    expectError(await api.post('/api/backtests', { ...ok, strategy: 'martingale' }), 404, 'UNKNOWN_STRATEGY');
    const p = expectError(await api.post('/api/backtests', { ...ok, params: { fast: 30, slow: 20 } }), 400, 'INVALID_FIELD');
    expect(p.error.message).toBe('params: fast (30) must be shorter than slow (20)');
    expect(expectError(await api.post('/api/backtests', { ...ok, params: { fastest: 3 } }), 400, 'INVALID_FIELD').error.message).toContain('has no parameter fastest');
    expectError(await api.post('/api/backtests', { ...ok, fee_bps: -1 }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/backtests', { ...ok, fee_bps: 1.234 }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/backtests', { dataset, strategy: 'sma_cross' }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/backtests', { ...ok, path: '/etc/passwd' }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/backtests', { ...ok, strategy: '../strategies/sma_cross' }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/backtests', { ...ok, from: Date.UTC(2024, 0, 1) }), 400, 'INVALID_FIELD');
    expectError(await api.post('/api/backtests', { ...ok, from: 1675300000000, to: 1675290000000 }), 400, 'INVALID_FIELD');
    expectError(await api.get('/api/backtests/bt-999'), 404, 'BACKTEST_NOT_FOUND');
    expectError(await api.get('/api/backtests/x'), 404, 'BACKTEST_NOT_FOUND');
    expect(((await api.get('/api/backtests')).json as { backtests: unknown[] }).backtests).toHaveLength(before);
  });

  it('keeps results over a restart; what a stopped server left unfinished is failed, not lost', async () => {
    // One at a time: the second waits behind the first, and the server stops meanwhile.
    await api.post('/api/backtests', { dataset: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29', strategy: 'sma_cross', fee_bps: 2 });
    const res = await api.post('/api/backtests', { dataset, strategy: 'sma_cross', params: { fast: 8, slow: 21 }, fee_bps: 2 });
    expect(res.status).toBe(202);
    const id = (res.json as BacktestJson).id;
    expect((res.json as BacktestJson).status).toBe('queued');
    await app.close();
    await start();
    const after = (await api.get(`/api/backtests/${id}`)).json as BacktestJson;
    expect(after).toMatchObject({ status: 'failed', error: 'the server stopped before this backtest finished: submit it again' });
    const first = (await api.get('/api/backtests/bt-1')).json as BacktestJson;
    expect(first.status).toBe('done');
    expect((first.result as { trade_count: number }).trade_count).toBe(first.summary!.trade_count);
  }, 60_000);
});
