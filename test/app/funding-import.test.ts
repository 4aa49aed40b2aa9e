import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetFunding } from '../../src/app/dataset-funding.js';
import { importFiles } from '../../src/app/dataset-import.js';
import { Rejection } from '../../src/domain/rejection.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { SqliteDatasetStore } from '../../src/persistence/sqlite/sqlite-datasets.js';
import { DatasetLibrary } from '../../src/server/datasets/dataset-library.js';
import { DATASET } from '../datasets.js';

// Binance public data, futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-06.zip: its layout, three rows.
const FUNDING = 'calc_time,funding_interval_hours,last_funding_rate\n1717200000000,8,0.00010000\n1717228800000,8,0.00005130\n1717257600000,8,-0.00001020\n';

const roots: string[] = [];
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'funding-import-'));
  roots.push(root);
  const input = join(root, 'in');
  mkdirSync(input);
  const db = openDatabase(join(root, 'trainer.db'));
  const library = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: [] });
  return { root, input, library, datasetsDir: join(root, 'datasets'), close: () => db.close() };
}

describe("importing Binance's funding-rate files", () => {
  it('a .csv or a .zip of one is checked and placed in DATA_DIR/datasets, not recorded as market data; a session finds it', () => {
    const s = setup();
    writeFileSync(join(s.input, 'BTCUSDT-fundingRate-2024-06.csv'), FUNDING);
    writeFileSync(join(s.input, 'ETHUSDT-fundingRate-2024-06.zip'), zipSync({ 'ETHUSDT-fundingRate-2024-06.csv': strToU8(FUNDING) }));
    const told: string[] = [];
    const results = importFiles(s.library, ['BTCUSDT-fundingRate-2024-06.csv', 'ETHUSDT-fundingRate-2024-06.zip', DATASET.ethBybit1m], {
      datasetsDir: s.datasetsDir, cwd: s.input, onFunding: (n, rows) => told.push(`${n}:${rows}`),
    });
    expect(results.map((r) => r.dataset.symbol)).toEqual(['ETHUSDT']); // only the kline file is a dataset
    expect(told).toEqual(['BTCUSDT-fundingRate-2024-06.csv:3', 'ETHUSDT-fundingRate-2024-06.csv:3']);
    expect(readFileSync(join(s.datasetsDir, 'ETHUSDT-fundingRate-2024-06.csv'), 'utf8')).toBe(FUNDING);
    // The ETH dataset stays where it is; its session looks beside it and in DATA_DIR/datasets.
    const f = datasetFunding(DATASET.ethBybit1m, 'ETHUSDT', null, s.datasetsDir)!;
    expect(f.nextAfter(0)).toBe(1717200000000);
    expect(f.rateAt('ETHUSDT', 1717257600000)!.toString()).toBe('-0.0000102');
    expect(datasetFunding(DATASET.ethBybit1m, 'SOLUSDT', null, s.datasetsDir)).toBeNull();
    s.close();
  });

  it('a funding file with a bad line is refused with the rest of the import: nothing placed, nothing recorded', () => {
    const s = setup();
    writeFileSync(join(s.input, 'BTCUSDT-fundingRate-2024-07.csv'), FUNDING + '1717286400000,8,oops\n');
    let code = '';
    try {
      importFiles(s.library, ['BTCUSDT-fundingRate-2024-07.csv', DATASET.ethBybit1m], { datasetsDir: s.datasetsDir, cwd: s.input });
    } catch (e) {
      code = e instanceof Rejection ? `${e.code}: ${e.message}` : String(e);
    }
    expect(code).toMatch(/BTCUSDT-fundingRate-2024-07\.csv.*line 5: not a funding row/);
    expect(existsSync(join(s.datasetsDir, 'BTCUSDT-fundingRate-2024-07.csv'))).toBe(false);
    expect(s.library.list().filter((d) => d.source === 'imported')).toEqual([]);
    s.close();
  });
});
