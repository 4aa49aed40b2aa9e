/**
 * Practice sessions: "max" speed through the whole engine (the session's own engine, SimVenue, risk,
 * ledger file, candles) on the Bybit ETHUSDT 1m file with 3 resting orders and one open position,
 * against a bare loop over the same ticks; a jump of 10 days through the engine; and reopening a
 * session with 1,000 closed trades after a restart (file parse + ledger + candles up to the cursor).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DatasetLibrary } from '../src/server/datasets/dataset-library.js';
import { SqliteDatasetStore } from '../src/persistence/sqlite/sqlite-datasets.js';
import { REPLAY_EXCHANGE, ReplaySessions } from '../src/app/replay-sessions.js';
import { Decimal } from '../src/domain/decimal.js';
import { openDatabase } from '../src/persistence/sqlite/database.js';
import type { OpenReplaySession } from '../src/server/replay-port.js';
import { readCsv } from '../src/sim/market/csv-bars.js';
import { row, type Row } from './table.js';

const DATASETS = fileURLToPath(new URL('../datasets/', import.meta.url));
const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const DAY = 86_400_000;

function manager(dir: string) {
  const mainDb = openDatabase(join(dir, 'trainer.db'));
  const sessions = new ReplaySessions({
    mainDb,
    dir: join(dir, 'replay'),
    datasets: new DatasetLibrary({ store: new SqliteDatasetStore(mainDb), bundledDirs: [DATASETS] }),
    sync: 'normal',
    defaultLeverage: Decimal.fromInt(10),
    fillModel: 'through',
    slippageCapBps: 50,
  });
  return { sessions, close: () => (sessions.close(), mainDb.close()) };
}

/** One open position and 3 resting orders near the band's edge (they stay resting for most of the file). */
function loadUp(s: OpenReplaySession): void {
  const mark = s.engine.mark(REPLAY_EXCHANGE, 'ETHUSDT')!;
  const at = (k: string) => mark.mul(Decimal.parse(k)).rescale(2);
  const base = { mode: 'simulation' as const, exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT', timeInForce: 'GTC' as const };
  s.engine.submitOrder({ ...base, side: 'BUY', type: 'MARKET', quantity: Decimal.parse('1') });
  s.engine.submitOrder({ ...base, side: 'BUY', type: 'LIMIT', quantity: Decimal.parse('0.5'), price: at('0.951') });
  s.engine.submitOrder({ ...base, side: 'SELL', type: 'LIMIT', quantity: Decimal.parse('0.5'), price: at('1.049') });
  s.engine.submitOrder({ ...base, side: 'SELL', type: 'STOP_MARKET', quantity: Decimal.parse('1'), stopPrice: at('0.952'), reduceOnly: true });
}

async function untilDone(s: OpenReplaySession): Promise<void> {
  while (s.session.state().status === 'playing') await new Promise((r) => setTimeout(r, 2));
}

export async function runReplay(opts: { reps: number; trades: number; log: (l: string) => void }): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const rows: Row[] = [];
  try {
    const m = manager(dir);
    const first = readCsv(join(DATASETS, `${ETH}.csv`));
    const start = first.kind === 'klines' ? first.bars[0]!.openTime : 0;
    // --- max speed ----------------------------------------------------------------------------
    let best = Number.POSITIVE_INFINITY;
    let bare = Number.POSITIVE_INFINITY;
    let ticks = 0;
    let fills = 0;
    // Pass 0 warms the JIT up (not counted); then the best of `reps`.
    for (let rep = 0; rep <= opts.reps; rep++) {
      const s = m.sessions.create({ datasetId: ETH, startTime: start, startingCash: Decimal.fromInt(100_000), blind: false });
      loadUp(s);
      const from = s.session.state().cursor;
      const t0 = performance.now();
      s.session.play('max');
      await untilDone(s);
      if (rep > 0) best = Math.min(best, performance.now() - t0);
      ticks = s.session.state().cursor - from;
      fills = s.store.listOrders({ status: 'all' }).filter((o) => o.status === 'FILLED').length;
      // The baseline: the same ticks read in a bare loop (each tick built from the file, nothing else).
      const ds = s.session.cursor.dataset.ticks;
      const b0 = performance.now();
      let sink = 0;
      for (let i = from; i < ds.length; i++) sink += ds.tickAt(i).time & 1;
      if (rep > 0) bare = Math.min(bare, performance.now() - b0);
      if (sink < 0) throw new Error('unreachable');
      m.sessions.delete(s.info.id);
    }
    const ours = ticks / (best / 1000);
    const theirs = ticks / (bare / 1000);
    opts.log(`  max speed: ${ticks} ticks in ${best.toFixed(0)} ms = ${Math.round(ours)} ticks/s (goal 1,000,000); bare loop ${Math.round(theirs)} ticks/s; ${fills} orders filled on the way`);
    rows.push(row('replay: "max" through the engine (ETHUSDT 1m, 3 resting + 1 position)', 'ticks/s', 'bare loop over the same ticks', ours, theirs, ours / theirs));

    // --- a 10-day jump -------------------------------------------------------------------------
    let jump = Number.POSITIVE_INFINITY;
    let bareJump = Number.POSITIVE_INFINITY;
    let seekUs = 0;
    for (let rep = 0; rep < opts.reps; rep++) {
      const s = m.sessions.create({ datasetId: ETH, startTime: start, startingCash: Decimal.fromInt(100_000), blind: false });
      loadUp(s);
      const c = s.session.cursor;
      const from = c.position;
      const to = (c.clock() as number) + 10 * DAY;
      const k0 = performance.now();
      for (let k = 0; k < 1000; k++) c.indexAfter(to - k);
      seekUs = ((performance.now() - k0) / 1000) * 1000;
      const end = c.indexAfter(to);
      const b0 = performance.now();
      let sink = 0;
      for (let i = from; i < end; i++) sink += c.dataset.ticks.tickAt(i).time & 1;
      bareJump = Math.min(bareJump, performance.now() - b0);
      if (sink < 0) throw new Error('unreachable');
      const t0 = performance.now();
      s.session.jumpTo(to);
      jump = Math.min(jump, performance.now() - t0);
      m.sessions.delete(s.info.id);
    }
    opts.log(`  jump 10 days through the engine: ${jump.toFixed(1)} ms (goal < 200 ms); the cursor's seek alone ${seekUs.toFixed(2)} µs; bare tick loop ${bareJump.toFixed(1)} ms`);
    rows.push(row('replay: jump 10 days ahead through the engine (1m file)', 'ms', 'bare loop over the same ticks', jump, bareJump, bareJump / jump));

    // --- restore with 1,000 trades -------------------------------------------------------------
    const s = m.sessions.create({ datasetId: ETH, startTime: start, startingCash: Decimal.fromInt(1_000_000), blind: false });
    const base = { mode: 'simulation' as const, exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT' };
    for (let i = 0; i < opts.trades; i++) {
      s.engine.submitOrder({ ...base, side: 'BUY', type: 'MARKET', quantity: Decimal.parse('0.1') });
      s.session.stepTick();
      s.engine.submitOrder({ ...base, side: 'SELL', type: 'MARKET', quantity: Decimal.parse('0.1') });
      s.session.stepTick();
    }
    loadUp(s);
    const id = s.info.id;
    const closed = s.store.listPositions({ status: 'closed', limit: 100_000 }).length;
    m.close();
    let restore = Number.POSITIVE_INFINITY;
    let bareOpen = Number.POSITIVE_INFINITY;
    for (let rep = 0; rep < opts.reps; rep++) {
      const b0 = performance.now();
      readCsv(join(DATASETS, `${ETH}.csv`));
      openDatabase(join(dir, 'replay', `${id}.db`)).close();
      bareOpen = Math.min(bareOpen, performance.now() - b0);
      const t0 = performance.now();
      const again = manager(dir);
      again.sessions.restoreAll();
      restore = Math.min(restore, performance.now() - t0);
      const r = again.sessions.get(id);
      if (r.engine.positions('simulation').length !== 1) throw new Error('restored session lost its position');
      again.close();
    }
    opts.log(`  restore a session with ${closed} closed trades: ${restore.toFixed(0)} ms (goal < 500 ms); parsing the CSV and opening its ledger alone ${bareOpen.toFixed(0)} ms`);
    rows.push(row(`replay: reopen a session with ${closed} trades after a restart`, 'ms', 'parse the CSV + open the ledger file', restore, bareOpen, bareOpen / restore));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await runReplay({ reps: 3, trades: 1000, log: console.log });
  console.log(rows);
}
