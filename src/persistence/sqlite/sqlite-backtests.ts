import type { BacktestRecord, BacktestStatus, BacktestStore } from '../../engine/backtest-store.js';
import type { SqliteDb } from './database.js';

interface Row {
  seq: number;
  request: string;
  status: BacktestStatus;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  summary: string | null;
  result: string | null;
  error: string | null;
}

const COLUMNS = 'seq, request, status, created_at, started_at, finished_at, summary, result, error';

const record = (r: Row): BacktestRecord => ({
  seq: r.seq,
  request: JSON.parse(r.request) as Record<string, unknown>,
  status: r.status,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  summary: r.summary === null ? null : (JSON.parse(r.summary) as Record<string, unknown>),
  result: r.result === null ? null : (JSON.parse(r.result) as Record<string, unknown>),
  error: r.error,
});

/** Backtests (table `backtests`, migration 14). */
export class SqliteBacktestStore implements BacktestStore {
  constructor(private readonly db: SqliteDb) {}

  add(request: Readonly<Record<string, unknown>>, createdAt: number): BacktestRecord {
    const seq = Number(this.db.prepare("INSERT INTO backtests (request, status, created_at) VALUES (?, 'queued', ?)").run(JSON.stringify(request), createdAt).lastInsertRowid);
    return this.get(seq) as BacktestRecord;
  }

  list(): BacktestRecord[] {
    const rows = this.db.prepare(`SELECT seq, request, status, created_at, started_at, finished_at, summary, NULL AS result, error FROM backtests ORDER BY seq`).all() as Row[];
    return rows.map(record);
  }

  get(seq: number): BacktestRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM backtests WHERE seq = ?`).get(seq) as Row | undefined;
    return row === undefined ? null : record(row);
  }

  started(seq: number, at: number): void {
    this.db.prepare("UPDATE backtests SET status = 'running', started_at = ? WHERE seq = ? AND status = 'queued'").run(at, seq);
  }

  finished(seq: number, at: number, summary: Readonly<Record<string, unknown>>, result: Readonly<Record<string, unknown>>): void {
    this.db.prepare("UPDATE backtests SET status = 'done', finished_at = ?, summary = ?, result = ? WHERE seq = ?").run(at, JSON.stringify(summary), JSON.stringify(result), seq);
  }

  failed(seq: number, at: number, error: string): void {
    this.db.prepare("UPDATE backtests SET status = 'failed', finished_at = ?, error = ? WHERE seq = ?").run(at, error, seq);
  }

  failUnfinished(at: number, error: string): number {
    return this.db.prepare("UPDATE backtests SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')").run(at, error).changes;
  }
}
