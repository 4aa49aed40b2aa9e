import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '../domain/decimal.js';
import { Rejection } from '../domain/rejection.js';
import { ExecutionEngine } from '../engine/execution-engine.js';
import type { DatasetCatalog } from '../engine/dataset-catalog.js';
import { RiskEngine } from '../engine/risk-engine.js';
import { ReplaySession, isReplaySpeed, type ReplaySpeed } from '../engine/replay-session.js';
import { openDatabase, type SqliteDb, type SyncMode } from '../persistence/sqlite/database.js';
import { ReplayLedgerStore } from '../persistence/sqlite/replay-ledger-store.js';
import { SqliteReplaySessions, type ReplaySessionRow } from '../persistence/sqlite/sqlite-replay-sessions.js';
import { SqliteRiskStore } from '../persistence/sqlite/sqlite-risk-store.js';
import type { NewReplaySession, OpenReplaySession, ReplayPort } from '../server/replay-port.js';
import { readCsv, type CsvData } from '../sim/market/csv-bars.js';
import { rebaseFactor } from '../sim/market/price-rebase.js';
import { ReplayCursor, randomStart } from '../sim/market/replay-cursor.js';
import { replayDatasetOf, type ReplayDataset } from '../sim/market/replay-dataset.js';
import type { FillModel } from '../sim/matching-core.js';
import { SimVenue } from '../sim/sim-venue.js';
import { ledgerJournal, type LedgerJournal } from './ledger-journal.js';
import { perpTermsOf } from '../engine/perp-terms.js';
import { datasetFunding } from './dataset-funding.js';
import type { MarginMode } from '../domain/perp-margin.js';

/** The exchange id every practice session trades on. */
export const REPLAY_EXCHANGE = 'replay';
/** The symbol a blind session trades under. */
export const BLIND_SYMBOL = 'BLIND';
/** 1m bars of history a random start leaves before it. */
export const RANDOM_HISTORY_BARS = 300;

export interface ReplaySessionsOptions {
  readonly mainDb: SqliteDb;
  /** Directory of the sessions' ledgers (DATA_DIR/replay). */
  readonly dir: string;
  /** Where a session's dataset is found by id (the dataset catalog). */
  readonly datasets: DatasetCatalog;
  readonly sync: SyncMode;
  readonly defaultLeverage: Decimal;
  /** Funding of a session's perpetual when its dataset has no funding file beside it (null/absent: none). */
  readonly fundingRate?: Decimal | null;
  /** Where `import` places funding-rate files (DATA_DIR/datasets), looked in besides the dataset's own folder. */
  readonly fundingDir?: string;
  /** The margin mode of a session's perpetual (default cross). */
  readonly defaultMarginMode?: MarginMode;
  readonly fillModel: FillModel;
  readonly slippageCapBps: number;
}

interface Open extends OpenReplaySession {
  readonly db: SqliteDb;
  readonly ledgerJournal: LedgerJournal;
}

/**
 * Every practice session, each with its own ledger file, engine, venue, risk and cash (DESIGN13):
 * opened at start-up paused at the tick its ledger stands at, created, renamed and deleted here.
 */
export class ReplaySessions implements ReplayPort {
  private readonly list_ = new Map<string, Open>();
  private readonly rows: SqliteReplaySessions;
  private readonly parsed = new Map<string, CsvData>();

  constructor(private readonly opts: ReplaySessionsOptions) {
    this.rows = new SqliteReplaySessions(opts.mainDb);
  }

  /** Opens every listed session, paused where it was (a playing one when the server stopped is paused). */
  restoreAll(onError: (id: string, error: unknown) => void = (_id, e) => { throw e; }): void {
    for (const row of this.rows.list()) {
      try {
        const open = this.open(row, this.dataset(row.datasetId, row.blind, row.priceFactor));
        this.list_.set(row.id, open);
        if (row.status === 'playing') this.rows.update(row.id, { status: 'paused' });
      } catch (error) {
        onError(row.id, error);
      }
    }
  }

  create(input: NewReplaySession): OpenReplaySession {
    let ds = this.dataset(input.datasetId, input.blind, null);
    const first = ds.ticks.timeAt(0);
    const last = ds.ticks.timeAt(ds.ticks.length - 1);
    let start: number;
    if (input.random) start = randomStart(ds, randomInt(2 ** 31), Math.min(RANDOM_HISTORY_BARS, Math.floor(ds.bars.length / 2)));
    else if (input.startTime === undefined) throw new Rejection('MISSING_FIELD', 'start_time is required unless random is true', { field: 'start_time' });
    else start = input.startTime;
    // At least one tick after the start: the session stands on the first and has the rest to replay.
    if (start < first || new ReplayCursor(ds).indexAt(start) >= ds.ticks.length - 1) {
      throw new Rejection('REPLAY_START_OUT_OF_RANGE', `start_time must be within the dataset, ${first} to ${last}`, { field: 'start_time', first_time: first, last_time: last });
    }
    // Rebased: the price the session starts on is brought near 100 (price-rebase.ts).
    const factor = input.rebasePrices ? rebaseFactor(ds.ticks.tickAt(Math.min(ds.ticks.length - 1, new ReplayCursor(ds).indexAt(start))).last) : null;
    if (factor) ds = this.dataset(input.datasetId, input.blind, factor);
    return this.insertAndOpen(ds, {
      name: input.name ?? `Session ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
      datasetId: input.datasetId,
      startTime: start,
      randomStart: input.random ?? false,
      blind: input.blind,
      startingCash: input.startingCash,
      status: 'paused',
      speed: String(input.speed ?? 1),
      createdAt: Date.now(),
      priceFactor: factor,
      rewatchOf: null,
    });
  }

  /**
   * A read-only session over a finished one's dataset, from the same start, with the same prices
   * (rebased alike): it replays the market while the original's fills are drawn (GET …/fills).
   * A re-watch of a re-watch re-watches the original.
   */
  rewatch(id: string): OpenReplaySession {
    const s = this.get(id);
    if (s.session.state().status !== 'finished') {
      throw new Rejection('REPLAY_NOT_FINISHED', 'only a finished session can be re-watched: finish it first', { session_id: id });
    }
    const i = s.info;
    const ds = this.dataset(i.datasetId, i.blind, i.priceFactor);
    return this.insertAndOpen(ds, {
      name: `${i.name} (re-watch)`.slice(0, 100),
      datasetId: i.datasetId,
      startTime: i.startTime,
      randomStart: i.randomStart,
      blind: i.blind,
      startingCash: i.startingCash,
      status: 'paused',
      speed: '1',
      createdAt: Date.now(),
      priceFactor: i.priceFactor,
      rewatchOf: i.rewatchOf ?? i.id,
    });
  }

  private insertAndOpen(ds: ReplayDataset, fields: Omit<ReplaySessionRow, 'id' | 'updatedAt'>): OpenReplaySession {
    const row = this.rows.insert(fields);
    const open = this.open(row, ds);
    this.list_.set(row.id, open);
    return open;
  }

  list(): OpenReplaySession[] {
    return [...this.list_.values()];
  }

  get(id: string): OpenReplaySession {
    const s = this.list_.get(id);
    if (!s) throw new Rejection('REPLAY_SESSION_NOT_FOUND', `no practice session ${id}`, { session_id: id });
    return s;
  }

  rename(id: string, name: string): OpenReplaySession {
    const s = this.get(id) as Open;
    this.rows.update(id, { name });
    const renamed: Open = { ...s, info: { ...s.info, name } };
    this.list_.set(id, renamed);
    return renamed;
  }

  delete(id: string): void {
    const s = this.get(id) as Open;
    this.shut(s);
    this.list_.delete(id);
    this.rows.delete(id);
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.file(id) + suffix, { force: true });
  }

  /** Pauses every session, saves its cursor and closes its ledger (server shutdown). */
  close(): void {
    for (const s of this.list_.values()) this.shut(s);
    this.list_.clear();
  }

  private shut(s: Open): void {
    s.session.close();
    s.ledgerJournal.stop();
    s.db.close();
  }

  private file(id: string): string {
    return join(this.opts.dir, `${id}.db`);
  }

  private dataset(id: string, blind: boolean, priceFactor: Decimal | null): ReplayDataset {
    const entry = this.opts.datasets.get(id);
    if (!entry) throw new Rejection('UNKNOWN_DATASET', `no dataset ${id}`, { dataset_id: id });
    let raw = this.parsed.get(entry.path);
    if (!raw) {
      raw = readCsv(entry.path);
      this.parsed.set(entry.path, raw);
    }
    const ds = replayDatasetOf(raw, entry.path, { exchange: REPLAY_EXCHANGE, symbol: blind ? BLIND_SYMBOL : undefined, priceFactor });
    if (ds.ticks.length === 0) throw new Rejection('UNKNOWN_DATASET', `dataset ${id} holds no rows`, { dataset_id: id });
    return ds;
  }

  private open(row: ReplaySessionRow, ds: ReplayDataset): Open {
    const db = openDatabase(this.file(row.id), this.opts.sync);
    let cursor: ReplayCursor | null = null;
    const store = new ReplayLedgerStore(db, () => cursor?.position ?? 0);
    const saved = store.loadCursor();
    // A new session stands on its first tick: the market has a price before the first order.
    cursor = new ReplayCursor(ds, saved ?? Math.min(ds.ticks.length, new ReplayCursor(ds).indexAt(row.startTime) + 1));
    const c = cursor;
    const clock = { now: () => c.clock() ?? row.startTime };
    const inst = ds.instrument;
    const { defaultLeverage, fillModel, slippageCapBps } = this.opts;
    const entry = this.opts.datasets.get(row.datasetId);
    const venue = entry?.venue ?? 'sim';
    const funding = entry ? datasetFunding(entry.path, entry.symbol, this.opts.fundingRate ?? null, this.opts.fundingDir) : null;
    let engine: ExecutionEngine | null = null;
    const risk = new RiskEngine(new SqliteRiskStore(db), clock);
    engine = new ExecutionEngine({
      store,
      clock,
      venueFor: (mode, exchange) => {
        if (exchange !== REPLAY_EXCHANGE) throw new Rejection('UNKNOWN_EXCHANGE', `a practice session trades on ${REPLAY_EXCHANGE} only`, { exchange });
        if (mode !== 'simulation') throw new Rejection('MODE_NOT_AVAILABLE', 'a practice session is simulated', { mode, exchange });
        return new SimVenue([inst], (o) => engine!.positionOf(o), { fillModel, slippageCapBps });
      },
      instrument: (exchange, symbol) => (exchange === REPLAY_EXCHANGE && symbol === inst.symbol ? inst : null),
      risk,
      startingBalance: row.startingCash,
      leverage: (_mode, i) => (i.marketType === 'spot' ? Decimal.ONE : defaultLeverage),
      // The dataset's venue gives the tiers and the formula (the sim exchange's, Binance's, when unnamed).
      funding: funding ?? undefined,
      perp: perpTermsOf({ leverage: () => defaultLeverage, marginMode: () => this.opts.defaultMarginMode ?? 'cross', venue: () => venue }),
    });
    if (c.position > 0) {
      // The market as it stood, without trading on it again: a quote (no trade size) matches nothing.
      const t = ds.ticks.tickAt(c.position - 1);
      engine.onTick(REPLAY_EXCHANGE, { symbol: t.symbol, time: t.time, bid: t.bid, ask: t.ask, last: t.last, aggressor: t.aggressor, bids: t.bids, asks: t.asks, tradeQuantity: Decimal.ZERO });
    }
    if (saved === null) store.saveCursor(c.position);
    const speed: ReplaySpeed = isReplaySpeed(row.speed === 'max' ? 'max' : Number(row.speed)) ? ((row.speed === 'max' ? 'max' : Number(row.speed)) as ReplaySpeed) : 1;
    const session = new ReplaySession({ engine, cursor: c, exchange: REPLAY_EXCHANGE, candles: c.candles(), saveCursor: (p) => store.saveCursor(p), speed, finished: row.status === 'finished' });
    // The session's journal: excursions from its own replayed ticks, annotations in its own file.
    const journal = ledgerJournal(db, engine, store, { mode: () => 'simulation', durable: () => engine!.durable(), now: clock.now });
    session.onTick((t) => journal.onTick(REPLAY_EXCHANGE, t));
    session.subscribe((e) => {
      if (e.type === 'state') this.rows.update(row.id, { status: e.state.status, speed: String(e.state.speed) });
    });
    const info = { id: row.id, name: row.name, datasetId: row.datasetId, startTime: row.startTime, randomStart: row.randomStart, blind: row.blind, startingCash: row.startingCash, createdAt: row.createdAt, priceFactor: row.priceFactor, rewatchOf: row.rewatchOf };
    return { info, session, engine, risk, store, journal: journal.source, ledgerJournal: journal, instrument: inst, db, firstTime: ds.ticks.timeAt(0), lastTime: ds.ticks.timeAt(ds.ticks.length - 1) };
  }
}
