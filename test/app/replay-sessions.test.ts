import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../datasets.js';
import { Decimal } from '../../src/domain/decimal.js';
import { Rejection } from '../../src/domain/rejection.js';
import { DatasetLibrary } from '../../src/server/datasets/dataset-library.js';
import { SqliteDatasetStore } from '../../src/persistence/sqlite/sqlite-datasets.js';
import { REPLAY_EXCHANGE, ReplaySessions } from '../../src/app/replay-sessions.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { readCsv } from '../../src/sim/market/csv-bars.js';
import type { Kline } from '../../src/sim/market/market-types.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const TRADES = 'binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample';
const MINUTE = 60_000;
const rows = (() => {
  const d = readCsv(join(DATASETS_DIR, `${ETH}.csv`));
  if (d.kind !== 'klines') throw new Error('klines expected');
  return d.bars;
})();
const d = Decimal.parse;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function manager(dir = mkdtempSync(join(tmpdir(), 'replay-sessions-'))) {
  if (!dirs.includes(dir)) dirs.push(dir);
  const mainDb = openDatabase(join(dir, 'trainer.db'));
  const sessions = new ReplaySessions({
    mainDb,
    dir: join(dir, 'replay'),
    datasets: new DatasetLibrary({ store: new SqliteDatasetStore(mainDb), bundledDirs: [DATASETS_DIR] }),
    sync: 'normal',
    defaultLeverage: Decimal.fromInt(10),
    fillModel: 'through',
    slippageCapBps: 50,
  });
  sessions.restoreAll();
  return { dir, sessions, close: () => (sessions.close(), mainDb.close()) };
}

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof Rejection) return e.code;
    throw e;
  }
  throw new Error('not refused');
};

describe('practice sessions', () => {
  it('stand on the start tick, step a bar to exactly the next file row, fill resting orders on the replayed ticks during a jump', () => {
    const m = manager();
    const bar = 2_000;
    const s = m.sessions.create({ datasetId: ETH, startTime: rows[bar]!.openTime, startingCash: d('50000'), blind: false });
    expect(s.session.state()).toMatchObject({ status: 'paused', clock: rows[bar]!.openTime, cursor: bar * 4 + 1 });
    s.session.stepBars(MINUTE);
    const last = s.session.candles.klines('1m', 1)[0] as Kline;
    expect([last.openTime, last.open, last.high, last.low, last.close, last.volume].map(String)).toEqual(
      [rows[bar]!.openTime, rows[bar]!.open, rows[bar]!.high, rows[bar]!.low, rows[bar]!.close, rows[bar]!.volume].map(String),
    );
    // A buy limit below the market: it fills on the first later tick that trades through it.
    const next = rows.slice(bar + 1);
    const target = next.findIndex((r, i) => i > 5 && r.low.lt(rows[bar]!.close.mul(d('0.995'))));
    expect(target).toBeGreaterThan(5);
    const limit = rows[bar]!.close.mul(d('0.995')).rescale(2);
    s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', quantity: d('0.1'), price: limit, timeInForce: 'GTC' });
    const before = s.session.state();
    expect(refusal(() => s.session.jumpTo(before.clock - 1))).toBe('REPLAY_NO_BACKWARDS');
    expect(s.session.state()).toEqual(before);
    s.session.jumpTo(next[target + 10]!.openTime);
    const pos = s.engine.positions('simulation')[0]!;
    expect(pos.quantity.toString()).toBe('0.1');
    const fill = s.store.listOrders({ status: 'all' })[0]!;
    expect(fill.status).toBe('FILLED');
    const filledBar = next.find((r) => r.low.lte(limit))!;
    expect(Math.floor(fill.updatedAt / MINUTE) * MINUTE).toBe(filledBar.openTime);
    m.close();
  });

  it('reopen after a restart paused where they were, with their orders and positions', () => {
    const m = manager();
    const s = m.sessions.create({ datasetId: ETH, startTime: rows[100]!.openTime, startingCash: d('10000'), blind: true, name: 'blind one' });
    expect(s.instrument.symbol).toBe('BLIND');
    s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'BLIND', side: 'BUY', type: 'MARKET', quantity: d('0.5') });
    s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'BLIND', side: 'SELL', type: 'LIMIT', quantity: d('0.5'), price: d('2650'), timeInForce: 'GTC' });
    s.session.stepBars(5 * MINUTE, 3);
    const state = s.session.state();
    const candles = s.session.candles.klines('5m', 50).map((k) => k.close.toString());
    m.close();
    const again = manager(m.dir);
    const r = again.sessions.get(s.info.id);
    expect(r.session.state()).toEqual({ ...state, status: 'paused' });
    expect(r.info).toMatchObject({ name: 'blind one', blind: true });
    expect(r.engine.positions('simulation').map((p) => p.quantity.toString())).toEqual(['0.5']);
    expect(r.engine.openOrderList().map((o) => o.price?.toString())).toEqual(['2650']);
    expect(r.session.candles.klines('5m', 50).map((k) => k.close.toString())).toEqual(candles);
    again.close();
  });

  it('play at "max" to the end; a finished session refuses steps; play at 1000× moves the clock; delete removes the file', async () => {
    const m = manager();
    const s = m.sessions.create({ datasetId: TRADES, startTime: 0 + readCsvFirst(), startingCash: d('10000'), blind: false });
    s.session.play('max');
    while (s.session.state().status === 'playing') await new Promise((r) => setTimeout(r, 5));
    expect(s.session.state()).toMatchObject({ status: 'finished', cursor: 9_999 });
    expect(refusal(() => s.session.stepTick())).toBe('REPLAY_FINISHED');
    expect(refusal(() => s.session.play())).toBe('REPLAY_FINISHED');
    const e = m.sessions.create({ datasetId: ETH, startTime: rows[0]!.openTime, startingCash: d('10000'), blind: false });
    expect(refusal(() => e.session.play(3 as never))).toBe('REPLAY_BAD_SPEED');
    e.session.play(1000);
    await new Promise((r) => setTimeout(r, 300));
    e.session.pause();
    const paused = e.session.state();
    expect(paused.clock - rows[0]!.openTime).toBeGreaterThanOrEqual(150_000);
    expect(paused.clock - rows[0]!.openTime).toBeLessThan(600_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(e.session.state()).toEqual(paused);
    const file = join(m.dir, 'replay', `${e.info.id}.db`);
    expect(existsSync(file)).toBe(true);
    m.sessions.delete(e.info.id);
    expect(existsSync(file)).toBe(false);
    expect(refusal(() => m.sessions.get(e.info.id))).toBe('REPLAY_SESSION_NOT_FOUND');
    expect(refusal(() => m.sessions.create({ datasetId: 'nope', startTime: 0, startingCash: d('1'), blind: false }))).toBe('UNKNOWN_DATASET');
    expect(refusal(() => m.sessions.create({ datasetId: ETH, startTime: 1, startingCash: d('1'), blind: false }))).toBe('REPLAY_START_OUT_OF_RANGE');
    m.close();
  });
});

function readCsvFirst(): number {
  const t = readCsv(join(DATASETS_DIR, `${TRADES}.csv`));
  return t.kind === 'trades' ? t.trades[0]!.time : 0;
}
