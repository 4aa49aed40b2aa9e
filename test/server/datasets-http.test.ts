import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import { DATASET } from '../datasets.js';
import { client, expectError, freshDataDir, testEnv } from './harness.js';

interface DatasetJson {
  id: string;
  path: string;
  file: string;
  name: string;
  symbol: string;
  venue: string | null;
  market: string | null;
  interval: string;
  first_time: number;
  last_time: number;
  rows: number;
  source: 'bundled' | 'imported';
}

const BUNDLED_IDS = [
  'binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample',
  'binance_futures_um_AVAXUSDT_1m_2023-02',
  'binance_spot_BTCUSDT_1m_2025-08-01_2025-08-11',
  'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29',
];

const files = mkdtempSync(join(tmpdir(), 'datasets-http-'));
const dataDir = freshDataDir();
let app: Running;
let api: ReturnType<typeof client>;
const start = async (): Promise<void> => {
  app = await startApp(loadConfig(testEnv(dataDir)), pino({ level: 'silent' }));
  api = client(app.url);
};
const list = async (): Promise<DatasetJson[]> => ((await api.get('/api/datasets')).json as { datasets: DatasetJson[] }).datasets;

/** The first `lines` lines of the bundled Bybit file (header included), as a new file. */
function bybitHead(name: string, lines: number, edit: (rows: string[]) => string[] = (r) => r): string {
  const rows = readFileSync(DATASET.ethBybit1m, 'utf8').split('\n').slice(0, lines);
  const file = join(files, name);
  writeFileSync(file, `${edit(rows).join('\n')}\n`);
  return file;
}

beforeAll(start);
afterAll(async () => {
  await app?.close();
  rmSync(files, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/api/datasets on a real port', () => {
  it('lists the bundled files out of the box, with what each holds', async () => {
    const res = await api.get('/api/datasets');
    expect(res.status).toBe(200);
    const all = (res.json as { datasets: DatasetJson[] }).datasets;
    expect(all.map((d) => d.id)).toEqual(BUNDLED_IDS);
    expect(all.every((d) => d.source === 'bundled')).toBe(true);
    expect(all[0]).toEqual({
      id: BUNDLED_IDS[0],
      path: DATASET.btcTrades,
      file: `${BUNDLED_IDS[0]}.csv`,
      name: BUNDLED_IDS[0],
      symbol: 'BTCUSDT',
      venue: 'binance',
      market: 'linear',
      interval: 'trades',
      first_time: 1582329602111,
      last_time: 1582337147728,
      rows: 9_999,
      source: 'bundled',
    });
    expect(all.map((d) => [d.symbol, d.venue, d.market, d.interval, d.rows])).toEqual([
      ['BTCUSDT', 'binance', 'linear', 'trades', 9_999],
      ['AVAXUSDT', 'binance', 'linear', '1m', 40_320],
      ['BTCUSDT', 'binance', 'spot', '1m', 14_401],
      ['ETHUSDT', 'bybit', 'linear', '1m', 43_200],
    ]);
    const one = await api.get(`/api/datasets/${BUNDLED_IDS[3]}`);
    expect([one.status, (one.json as DatasetJson).first_time]).toEqual([200, Date.UTC(2025, 4, 30, 16, 39)]);
    expect(expectError(await api.get('/api/datasets/no_such_file'), 404, 'UNKNOWN_DATASET').error.details).toEqual({ id: 'no_such_file' });
  });

  it('imports a valid file (201), lists it as imported, and answers the same file again with the same entry (200)', async () => {
    const file = bybitHead('bybit_linear_ETHUSDT_1m_first-hour.csv', 61);
    const res = await api.post('/api/datasets', { path: file, name: 'ETH first hour' });
    expect(res.status, res.text).toBe(201);
    const made = res.json as DatasetJson;
    expect(made).toEqual({ ...made, id: 'imp-1', path: file, name: 'ETH first hour', symbol: 'ETHUSDT', venue: 'bybit', market: 'linear', interval: '1m', rows: 60, source: 'imported' });
    expect(made.last_time - made.first_time).toBe(59 * 60_000);
    const again = await api.post('/api/datasets', { path: join(files, '..', files.split('/').pop()!, 'bybit_linear_ETHUSDT_1m_first-hour.csv') });
    expect([again.status, again.json]).toEqual([200, made]);
    const bundled = await api.post('/api/datasets', { path: DATASET.avaxUm1m });
    expect([bundled.status, (bundled.json as DatasetJson).id]).toEqual([200, BUNDLED_IDS[1]]);
    expect((await list()).map((d) => [d.id, d.source])).toEqual([...BUNDLED_IDS.map((id) => [id, 'bundled']), ['imp-1', 'imported']]);
    expect((await api.get('/api/datasets/imp-1')).json).toEqual(made);
  });

  it('refuses a bad file with the first bad line and the reason, and lists nothing of it', async () => {
    const before = await list();
    const whole = readFileSync(bybitHead('cut.csv', 200), 'utf8');
    const cut = join(files, 'bybit_linear_ETHUSDT_cut.csv');
    const cutText = whole.slice(0, whole.indexOf('\n', 5_000) + 12); // ends 11 characters into a line
    writeFileSync(cut, cutText);
    const middle = bybitHead('bybit_linear_ETHUSDT_middle.csv', 300, (r) => r.map((l, i) => (i === 150 ? l.replace(/,[\d.]+$/, ',12,5') : l)));
    const envelope = bybitHead('bybit_linear_ETHUSDT_envelope.csv', 100, (r) => r.map((l, i) => (i === 42 ? l.replace(/^([^,]+),([\d.]+),([\d.]+)/, '$1,$2,1.5') : l)));
    const json = join(files, 'bybit_linear_ETHUSDT_json.csv');
    writeFileSync(json, '{"datasets": []}\n');
    const empty = join(files, 'ETHUSDT_empty.csv');
    writeFileSync(empty, '');
    const invalid: [string, number, string | RegExp][] = [
      [cut, cutText.split('\n').length, /^truncated last line: 1 fields where the header has 6/],
      [middle, 151, '7 fields where the header has 6'],
      [envelope, 43, /^high 1.5 is below (open|close) /],
      [json, 1, /^not a known market-data layout/],
      [empty, 1, 'the file is empty'],
    ];
    for (const [path, line, reason] of invalid) {
      const body = expectError(await api.post('/api/datasets', { path }), 400, 'DATASET_INVALID');
      expect(body.error.details).toEqual({ path, line, reason: expect.stringMatching(reason) });
      expect(body.error.message).toContain(`line ${line}`);
    }
    mkdirSync(join(files, 'a_folder.csv'));
    const folder = expectError(await api.post('/api/datasets', { path: join(files, 'a_folder.csv') }), 400, 'DATASET_FILE_UNREADABLE');
    expect(folder.error.details).toEqual({ path: join(files, 'a_folder.csv'), reason: 'it is a directory' });
    expectError(await api.post('/api/datasets', { path: `${files}/../../../../../../../etc/passwd` }), 400, 'DATASET_FILE_UNREADABLE');
    expectError(await api.post('/api/datasets', { path: '../../../../../../../../etc/shadow' }), 400, 'DATASET_FILE_UNREADABLE');
    const missing = expectError(await api.post('/api/datasets', { path: join(files, 'never-written.csv') }), 404, 'DATASET_FILE_NOT_FOUND');
    expect(missing.error.message).toContain(join(files, 'never-written.csv'));
    expectError(await api.post('/api/datasets', {}), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/datasets', { path: 'x.csv\u0000.txt' }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/datasets', { path: join(files, 'cut.csv'), nmae: 'typo' }), 400, 'VALIDATION_ERROR');
    expect(await list()).toEqual(before);
  });

  it('deletes an imported dataset but not a bundled one, and keeps imports across a restart', async () => {
    const kept = (await api.post('/api/datasets', { path: bybitHead('bybit_linear_ETHUSDT_1m_kept.csv', 11) })).json as DatasetJson;
    const gone = (await api.post('/api/datasets', { path: bybitHead('bybit_linear_ETHUSDT_1m_gone.csv', 21) })).json as DatasetJson;
    expect([kept.id, gone.id]).toEqual(['imp-2', 'imp-3']);
    const del = await api.del(`/api/datasets/${gone.id}`);
    expect([del.status, del.json]).toEqual([200, { id: 'imp-3', removed: true }]);
    expectError(await api.get('/api/datasets/imp-3'), 404, 'UNKNOWN_DATASET');
    expectError(await api.del('/api/datasets/imp-3'), 404, 'UNKNOWN_DATASET');
    expect(expectError(await api.del(`/api/datasets/${BUNDLED_IDS[2]}`), 422, 'DATASET_NOT_REMOVABLE').error.details).toEqual({ id: BUNDLED_IDS[2] });
    const before = await list();
    await app.close();
    await start();
    expect(await list()).toEqual(before);
    expect(before.filter((d) => d.source === 'imported').map((d) => d.id)).toEqual(['imp-1', 'imp-2']);
    const next = await api.post('/api/datasets', { path: join(files, 'bybit_linear_ETHUSDT_1m_gone.csv') });
    expect([next.status, (next.json as DatasetJson).id]).toEqual([201, 'imp-4']);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await api.get('/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/datasets'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/datasets/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
  });
});
