import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { DATASET } from '../datasets.js';
import { client, freshDataDir, testEnv } from '../server/harness.js';

const files = mkdtempSync(join(tmpdir(), 'replay-dataset-id-'));
const dirs: string[] = [files];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const start = (dataDir: string, extra: Record<string, string> = {}) => startApp(loadConfig(testEnv(dataDir, extra)), pino({ level: 'silent' }));
const firstKline = async (url: string, symbol: string): Promise<number | undefined> => {
  const res = await client(url).get(`/api/exchanges/sim/klines/${symbol}?limit=1000`);
  expect(res.status, res.text).toBe(200);
  return (res.json as { klines: { open_time: number }[] }).klines[0]?.open_time;
};

describe('SIM_REPLAY_FILES takes dataset ids as well as files', () => {
  it('replays a bundled dataset by its id', async () => {
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const app = await start(dataDir, { SIM_SOURCE: 'replay', SIM_REPLAY_FILES: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29' });
    try {
      expect(await firstKline(app.url, 'ETHUSDT')).toBe(Date.UTC(2025, 4, 30, 16, 39));
    } finally {
      await app.close();
    }
  });

  it('replays an imported dataset by its id after a restart, and refuses an id that is no dataset', async () => {
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const file = join(files, 'bybit_linear_SOLUSDT_1m.csv');
    const eth = readFileSync(DATASET.ethBybit1m, 'utf8').split('\n').slice(0, 200);
    writeFileSync(file, `${eth.join('\n')}\n`);
    const first = await start(dataDir);
    try {
      expect((await client(first.url).post('/api/datasets', { path: file })).status).toBe(201);
    } finally {
      await first.close();
    }
    const replay = await start(dataDir, { SIM_SOURCE: 'replay', SIM_REPLAY_FILES: 'imp-1' });
    try {
      expect(await firstKline(replay.url, 'SOLUSDT')).toBe(Date.UTC(2025, 4, 30, 16, 39));
    } finally {
      await replay.close();
    }
    await expect(start(dataDir, { SIM_SOURCE: 'replay', SIM_REPLAY_FILES: 'imp-9' })).rejects.toThrow(
      'invalid configuration SIM_REPLAY_FILES: imp-9 is neither a file nor a dataset id (GET /api/datasets lists them)',
    );
  });
});
