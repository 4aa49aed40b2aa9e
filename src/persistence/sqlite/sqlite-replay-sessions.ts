import { Decimal } from '../../domain/decimal.js';
import type { ReplaySessionInfo } from '../../engine/replay-session-info.js';
import type { SqliteDb } from './database.js';

/** A session's list entry with what changes as it runs. */
export interface ReplaySessionRow extends ReplaySessionInfo {
  readonly status: 'paused' | 'playing' | 'finished';
  readonly speed: string;
  readonly updatedAt: number;
}

interface Raw {
  id: number;
  name: string;
  dataset_id: string;
  start_time: number;
  random_start: number;
  blind: number;
  starting_cash: string;
  status: ReplaySessionRow['status'];
  speed: string;
  created_at: number;
  updated_at: number;
  price_factor: string | null;
  rewatch_of: number | null;
}

const fromRaw = (r: Raw): ReplaySessionRow => ({
  id: String(r.id),
  name: r.name,
  datasetId: r.dataset_id,
  startTime: r.start_time,
  randomStart: r.random_start === 1,
  blind: r.blind === 1,
  startingCash: Decimal.parse(r.starting_cash),
  status: r.status,
  speed: r.speed,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  priceFactor: r.price_factor === null ? null : Decimal.parse(r.price_factor),
  rewatchOf: r.rewatch_of === null ? null : String(r.rewatch_of),
});

/** The list of practice sessions in the main database (table replay_sessions, migration 11). */
export class SqliteReplaySessions {
  constructor(private readonly db: SqliteDb) {}

  insert(row: Omit<ReplaySessionRow, 'id' | 'updatedAt'>): ReplaySessionRow {
    const r = this.db
      .prepare(
        'INSERT INTO replay_sessions (name, dataset_id, start_time, random_start, blind, starting_cash, status, speed, created_at, updated_at, price_factor, rewatch_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        row.name,
        row.datasetId,
        row.startTime,
        row.randomStart ? 1 : 0,
        row.blind ? 1 : 0,
        row.startingCash.toString(),
        row.status,
        row.speed,
        row.createdAt,
        row.createdAt,
        row.priceFactor?.toString() ?? null,
        row.rewatchOf === null ? null : Number(row.rewatchOf),
      );
    return this.get(String(r.lastInsertRowid))!;
  }

  get(id: string): ReplaySessionRow | null {
    const r = this.db.prepare('SELECT * FROM replay_sessions WHERE id = ?').get(Number(id)) as Raw | undefined;
    return r ? fromRaw(r) : null;
  }

  list(): ReplaySessionRow[] {
    return (this.db.prepare('SELECT * FROM replay_sessions ORDER BY id').all() as Raw[]).map(fromRaw);
  }

  update(id: string, patch: { name?: string; status?: ReplaySessionRow['status']; speed?: string }): void {
    const cur = this.get(id);
    if (!cur) return;
    this.db
      .prepare('UPDATE replay_sessions SET name = ?, status = ?, speed = ?, updated_at = ? WHERE id = ?')
      .run(patch.name ?? cur.name, patch.status ?? cur.status, patch.speed ?? cur.speed, Date.now(), Number(id));
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM replay_sessions WHERE id = ?').run(Number(id));
  }
}
