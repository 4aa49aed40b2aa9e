import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rejection } from '../../../src/domain/rejection.js';
import { openDatabase, type SqliteDb } from '../../../src/persistence/sqlite/database.js';
import { SqliteDatasetStore } from '../../../src/persistence/sqlite/sqlite-datasets.js';
import { DatasetLibrary } from '../../../src/server/datasets/dataset-library.js';
import { DATASET, DATASETS_DIR } from '../../datasets.js';

const root = mkdtempSync(join(tmpdir(), 'dataset-library-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEAD = 'timestamp,open,high,low,close,volume';
const bars = (n: number, t0 = Date.UTC(2025, 0, 1)): string[] =>
  Array.from({ length: n }, (_, i) => `${new Date(t0 + i * 60_000).toISOString()},10,11,9,10.5,${i + 1}`);
const csv = (lines: string[]): string => `${lines.join('\n')}\n`;

function rejection(fn: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (err instanceof Rejection) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('not refused');
}

let dir: string;
let db: SqliteDb;
const libraries: SqliteDb[] = [];
const open = (bundledDirs: string[]): DatasetLibrary => {
  db = openDatabase(join(dir, 'trainer.db'));
  libraries.push(db);
  return new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs, cwd: dir, now: () => 1_700_000_000_000 });
};

beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
});
afterEach(() => {
  for (const d of libraries.splice(0)) d.close();
});

describe('the dataset library', () => {
  it('lists the bundled files of every folder once by name, the first folder winning, and only the valid ones', () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    writeFileSync(join(shared, 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv'), csv([HEAD, ...bars(3)]));
    writeFileSync(join(shared, 'bybit_spot_SOLUSDT_1m.csv'), csv([HEAD, ...bars(5)]));
    writeFileSync(join(shared, 'broken_SOLUSDT.csv'), csv([HEAD, ...bars(2), 'oops']));
    writeFileSync(join(shared, 'SOURCES.md'), '# not data');
    const lib = open([DATASETS_DIR, shared, join(dir, 'absent')]);
    const list = lib.list();
    expect(list.map((d) => [d.id, d.rows, d.source])).toEqual([
      ['binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample', 9_999, 'bundled'],
      ['binance_futures_um_AVAXUSDT_1m_2023-02', 40_320, 'bundled'],
      ['binance_spot_BTCUSDT_1m_2025-08-01_2025-08-11', 14_401, 'bundled'],
      ['bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29', 43_200, 'bundled'],
      ['bybit_spot_SOLUSDT_1m', 5, 'bundled'],
    ]);
    expect(lib.get('bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29')).toEqual({
      id: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29',
      path: DATASET.ethBybit1m,
      file: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv',
      name: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29',
      symbol: 'ETHUSDT',
      venue: 'bybit',
      market: 'linear',
      interval: '1m',
      first_time: Date.UTC(2025, 4, 30, 16, 39),
      last_time: Date.UTC(2025, 5, 29, 16, 38),
      rows: 43_200,
      source: 'bundled',
    });
    expect([lib.get('broken_SOLUSDT'), lib.get('nope'), lib.get('imp-1')]).toEqual([null, null, null]);
  });

  it('reads a file once per version, remembered across restarts: same size and mtime is not read again, a new mtime is', () => {
    const bundled = join(dir, 'bundled');
    mkdirSync(bundled);
    const file = join(bundled, 'bybit_linear_ETHUSDT_1m.csv');
    writeFileSync(file, csv([HEAD, ...bars(4)]));
    const mtime = new Date(1_750_000_000_000);
    const atime = mtime;
    utimesSync(file, atime, mtime);
    expect(open([bundled]).list()[0]?.rows).toBe(4);
    db.close();
    libraries.length = 0;
    // The same bytes count, the old mtime: a reader that looked would see 2 rows, not 4.
    const { size } = statSync(file);
    const two = csv([HEAD, ...bars(2)]);
    writeFileSync(file, two + ' '.repeat(size - two.length));
    utimesSync(file, atime, mtime);
    const lib = open([bundled]);
    expect(lib.list()[0]?.rows).toBe(4);
    utimesSync(file, atime, new Date(mtime.getTime() + 5_000));
    expect(lib.list()[0]?.rows).toBe(2);
  });

  it('imports a valid file whole, answers the same file again (any spelling of its path) with the same entry, and never reuses an id', () => {
    const lib = open([DATASETS_DIR]);
    const file = join(dir, 'mine_SOLUSDT_5m.csv');
    writeFileSync(file, csv([HEAD, ...bars(3).map((l, i) => l.replace(/T00:0\d/, `T00:${String(i * 5).padStart(2, '0')}`))]));
    const first = lib.import(file, 'my SOL');
    expect(first.created).toBe(true);
    expect(first.dataset).toMatchObject({ id: 'imp-1', name: 'my SOL', symbol: 'SOLUSDT', interval: '5m', rows: 3, source: 'imported', path: file });
    symlinkSync(file, join(dir, 'link.csv'));
    for (const again of [relative(dir, file), join(dir, 'x', '..', 'mine_SOLUSDT_5m.csv'), join(dir, 'link.csv')]) {
      expect(lib.import(again, 'other')).toEqual({ dataset: first.dataset, created: false });
    }
    expect(lib.import(relative(dir, DATASET.btcTrades))).toEqual({ dataset: lib.get('binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample'), created: false });
    expect(lib.list().map((d) => d.id).slice(4)).toEqual(['imp-1']);
    lib.remove('imp-1');
    expect(lib.get('imp-1')).toBeNull();
    expect(lib.import(file).dataset).toMatchObject({ id: 'imp-2', name: 'mine_SOLUSDT_5m' });
    expect(rejection(() => lib.remove('imp-1'))).toEqual({ code: 'UNKNOWN_DATASET', details: { id: 'imp-1' } });
    expect(rejection(() => lib.remove('bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29')).code).toBe('DATASET_NOT_REMOVABLE');
  });

  it('records nothing of a file with a bad line, and hides an imported file that turned bad or vanished', () => {
    const lib = open([]);
    const bad = join(dir, 'bad_BTCUSDT.csv');
    writeFileSync(bad, csv([HEAD, ...bars(3), 'not,a,bar,at,all,!', ...bars(2, Date.UTC(2025, 0, 2))]));
    expect(rejection(() => lib.import(bad))).toEqual({ code: 'DATASET_INVALID', details: { path: bad, line: 5, reason: "bad time 'not' in timestamp" } });
    expect(lib.list()).toEqual([]);
    expect(db.prepare('SELECT (SELECT count(*) FROM datasets) + (SELECT count(*) FROM dataset_files)').pluck().get()).toBe(0);
    const good = join(dir, 'good_BTCUSDT.csv');
    writeFileSync(good, csv([HEAD, ...bars(3)]));
    const { id } = lib.import(good).dataset;
    const whole = readFileSync(good, 'utf8');
    writeFileSync(good, whole.slice(0, -10));
    utimesSync(good, new Date(), new Date(Date.now() + 2_000));
    expect([lib.list(), lib.get(id)]).toEqual([[], null]);
    expect(rejection(() => lib.import(good)).details).toMatchObject({ line: 4, reason: expect.stringMatching(/^truncated last line/) });
    writeFileSync(good, whole);
    utimesSync(good, new Date(), new Date(Date.now() + 4_000));
    expect(lib.list().map((d) => [d.id, d.rows])).toEqual([[id, 3]]);
    rmSync(good);
    expect(lib.list()).toEqual([]);
    lib.remove(id);
  });

  it('refuses what is not a readable .csv file before reading it', () => {
    const lib = open([]);
    mkdirSync(join(dir, 'folder.csv'));
    writeFileSync(join(dir, 'notes.txt'), 'timestamp,open,high,low,close,volume\n');
    symlinkSync('/etc/passwd', join(dir, 'passwd.csv'));
    copyFileSync(DATASET.btcTrades, join(dir, 'copy.CSV'));
    expect(rejection(() => lib.import('nothing-here.csv'))).toEqual({ code: 'DATASET_FILE_NOT_FOUND', details: { path: 'nothing-here.csv' } });
    expect(rejection(() => lib.import('folder.csv'))).toMatchObject({ code: 'DATASET_FILE_UNREADABLE', details: { reason: 'it is a directory' } });
    expect(rejection(() => lib.import('notes.txt'))).toMatchObject({ code: 'DATASET_FILE_UNREADABLE', details: { reason: 'not a .csv file' } });
    expect(rejection(() => lib.import('passwd.csv'))).toMatchObject({ code: 'DATASET_FILE_UNREADABLE', details: { reason: 'not a .csv file' } });
    expect(rejection(() => lib.import('../../../../../../../../etc/passwd'))).toMatchObject({ code: 'DATASET_FILE_UNREADABLE', details: { reason: 'not a .csv file' } });
    expect(lib.import('copy.CSV').dataset).toMatchObject({ rows: 9_999, interval: 'trades' });
    const small = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: [], cwd: dir, maxBytes: 1_000 });
    expect(rejection(() => small.import(DATASET.btcTrades)).details.reason).toBe('it is 845298 bytes, over the 1000-byte limit');
  });
});
