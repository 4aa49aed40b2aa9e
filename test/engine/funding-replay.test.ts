import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATASET } from '../datasets.js';
import { Decimal } from '../../src/domain/decimal.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { DatasetLibrary } from '../../src/server/datasets/dataset-library.js';
import { SqliteDatasetStore } from '../../src/persistence/sqlite/sqlite-datasets.js';
import { REPLAY_EXCHANGE, ReplaySessions } from '../../src/app/replay-sessions.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import type { SqliteLedgerStore } from '../../src/persistence/sqlite/sqlite-ledger-store.js';
import { readCsv } from '../../src/sim/market/csv-bars.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const H8 = 8 * 3_600_000;
const d = Decimal.parse;
const bars = (() => {
  const f = readCsv(DATASET.ethBybit1m);
  if (f.kind !== 'klines') throw new Error('klines expected');
  return f.bars;
})();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The ETHUSDT file in a folder of its own, with a Binance-style funding-rate file beside it. */
function sessionsWithFunding(rows: string) {
  const dir = mkdtempSync(join(tmpdir(), 'funding-'));
  dirs.push(dir);
  const data = join(dir, 'data');
  mkdirSync(data);
  copyFileSync(DATASET.ethBybit1m, join(data, `${ETH}.csv`));
  writeFileSync(join(data, 'ETHUSDT-fundingRate-2025-06.csv'), `calc_time,funding_interval_hours,last_funding_rate\n${rows}`);
  const mainDb = openDatabase(join(dir, 'trainer.db'));
  const library = new DatasetLibrary({ store: new SqliteDatasetStore(mainDb), bundledDirs: [data] });
  const s = new ReplaySessions({ mainDb, dir: join(dir, 'replay'), datasets: library, sync: 'normal', defaultLeverage: Decimal.fromInt(10), fillModel: 'through', slippageCapBps: 50 });
  return { s, library, close: () => (s.close(), mainDb.close()) };
}

describe('funding in a practice session, from the dataset\'s funding-rate file', () => {
  it('books one ledger entry per funding time at the mark of that moment, into the wallet and the journal', () => {
    const start = bars.findIndex((b) => b.openTime % H8 === 2 * 3_600_000); // 02:00 UTC: the next funding is at 08:00
    const t1 = bars[start]!.openTime + 6 * 3_600_000;
    const [t2, t3] = [t1 + H8, t1 + 2 * H8];
    const m = sessionsWithFunding(`${t1},8,0.00010000\n${t2},8,-0.00005000\n${t3},8,0.00020000\n`);
    expect(m.library.list().map((x) => x.id)).toEqual([ETH]); // the funding file is no dataset
    const s = m.s.create({ datasetId: ETH, startTime: bars[start]!.openTime, startingCash: d('10000'), blind: false });
    const events: DomainEvent[] = [];
    s.engine.subscribe((e) => events.push(e));
    const buy = s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: d('2') });
    const fee = buy.fills[0]!.fee;
    s.session.jumpTo(t3 + 60_000);

    // By hand: each funding time is a bar's open, the first tick at it; the mark is that open.
    const openAt = (t: number) => bars.find((b) => b.openTime === t)!.open;
    const expected = [
      [t1, d('2').mul(openAt(t1)).mul(d('0.0001')).neg()],
      [t2, d('2').mul(openAt(t2)).mul(d('-0.00005')).neg()],
      [t3, d('2').mul(openAt(t3)).mul(d('0.0002')).neg()],
    ] as const;
    const booked = s.store.listFunding!({ mode: 'simulation' });
    expect(booked.map((f) => [f.time, f.markPrice.toString(), f.amount.toString()])).toEqual(expected.map(([t, a]) => [t, openAt(t).toString(), a.rescale(8).toString()]));
    expect(events.filter((e) => e.type === 'FundingPaid')).toHaveLength(3);
    // The wallet: 10,000 − the fee + Σ funding; equity adds the open PnL at the mark.
    const sum = expected.reduce((acc, [, a]) => acc.add(a), Decimal.ZERO);
    const pos = s.engine.positions()[0]!;
    const mark = s.engine.mark(REPLAY_EXCHANGE, 'ETHUSDT')!;
    expect(s.engine.accountView('simulation').equity.toString()).toBe(d('10000').sub(fee).add(sum).add(pos.quantity.mul(mark).sub(pos.cost)).toString());
    // The ledger's journal (its events, as GET …/journal's source reads them) names each payment.
    const journal = (s.store as SqliteLedgerStore).events().map((e) => e.event).filter((e) => e.type === 'FundingPaid');
    expect(journal.map((e) => [e.time, e.amount])).toEqual(expected.map(([t, a]) => [t, a.rescale(8).toString()]));
    m.close();
  });

  it('reopens with the funding read back from the ledger', () => {
    const start = bars.findIndex((b) => b.openTime % H8 === 2 * 3_600_000);
    const t1 = bars[start]!.openTime + 6 * 3_600_000;
    const m = sessionsWithFunding(`${t1},8,0.00010000\n`);
    const s = m.s.create({ datasetId: ETH, startTime: bars[start]!.openTime, startingCash: d('10000'), blind: false });
    s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: d('1') });
    s.session.jumpTo(t1 + 60_000);
    const before = s.engine.accountView('simulation').equity.toString();
    const id = s.info.id;
    m.s.close();
    m.s.restoreAll();
    const reopened = m.s.get(id)!;
    expect(reopened.engine.accountView('simulation').equity.toString()).toBe(before);
    expect(reopened.store.ledgerTotals()[0]!.funding!.toString()).toBe(d('1').mul(bars.find((b) => b.openTime === t1)!.open).mul(d('0.0001')).neg().toString());
    m.close();
  });
});
