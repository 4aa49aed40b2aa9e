/**
 * The dataset listing (GET /api/datasets' work: server/datasets/dataset-library.ts) over the bundled
 * files: cold (a fresh database: every file read and checked line by line, the verdicts written),
 * warm (the same process again), and after a restart (a new process on the same database file:
 * only stat() and the kept verdicts). Baseline of the cold listing: a bare read of the same files
 * split into lines (the I/O floor). Medians of `runs`, each cold run on a new database.
 * Standalone: `npx tsx bench/datasets.ts` (not part of `npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledDatasetDirs } from '../src/app/create-app.js';
import { openDatabase } from '../src/persistence/sqlite/database.js';
import { SqliteDatasetStore } from '../src/persistence/sqlite/sqlite-datasets.js';
import { DatasetLibrary } from '../src/server/datasets/dataset-library.js';
import { row, table, type Row } from './table.js';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function timedList(dbFile: string): { ms: number; count: number } {
  const db = openDatabase(dbFile);
  try {
    const lib = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: bundledDatasetDirs(ROOT) });
    const t0 = performance.now();
    const count = lib.list().length;
    return { ms: performance.now() - t0, count };
  } finally {
    db.close();
  }
}

function bareRead(): number {
  const t0 = performance.now();
  let lines = 0;
  const dir = join(ROOT, 'datasets');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) lines += readFileSync(join(dir, f), 'utf8').split('\n').length;
  if (lines === 0) throw new Error('no bundled files');
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

export function runDatasets(runs = 5, log: (line: string) => void = console.log): Row[] {
  const t = { cold: [] as number[], warm: [] as number[], restart: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'scalping-bench-datasets-'));
    try {
      const dbFile = join(dir, 'trainer.db');
      t.bare.push(bareRead());
      const db = openDatabase(dbFile);
      const lib = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: bundledDatasetDirs(ROOT) });
      let t0 = performance.now();
      const n = lib.list().length;
      t.cold.push(performance.now() - t0);
      t0 = performance.now();
      lib.list();
      t.warm.push(performance.now() - t0);
      db.close();
      const child = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', dbFile], { cwd: ROOT, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`datasets bench child failed: ${child.stderr}`);
      const after = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { ms: number; count: number };
      if (after.count !== n) throw new Error(`the restarted listing has ${after.count} datasets, not ${n}`);
      t.restart.push(after.ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const show = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(', ');
  log(`  cold ${show(t.cold)} ms | warm ${show(t.warm)} ms | after a restart ${show(t.restart)} ms | bare read ${show(t.bare)} ms`);
  const [cold, warm, restart, bare] = [median(t.cold), median(t.warm), median(t.restart), median(t.bare)];
  return [
    row('datasets: cold listing of the bundled files (ratio = bare/ours)', 'ms', 'readFileSync + split lines of the same files', cold, bare, bare / cold),
    row('datasets: warm listing, same process (ratio = cold/warm)', 'ms', 'the cold listing', warm, cold, cold / warm),
    row('datasets: listing after a restart, new process (ratio = cold/restart)', 'ms', 'the cold listing', restart, cold, cold / restart),
  ];
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(timedList(process.argv[3] as string)));
} else if (process.argv[1] === SELF) {
  console.log(table(runDatasets(Number(process.env.BENCH_RUNS ?? 5))));
}
