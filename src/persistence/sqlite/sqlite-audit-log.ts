import type { TradingMode } from '../../domain/ids.js';
import type { AuditAction, AuditEntry, AuditLog } from '../../engine/audit-log.js';
import type { SqliteDb } from './database.js';

interface Row {
  seq: number;
  time: number;
  action: string;
  actor: string;
  address: string;
  exchange: string | null;
  from_mode: string;
  to_mode: string | null;
  outcome: string;
  code: string | null;
  detail: string | null;
}

/** The audit_log table (migration 9): its triggers refuse every UPDATE and DELETE. */
export class SqliteAuditLog implements AuditLog {
  private readonly insert;
  private readonly select;

  constructor(db: SqliteDb) {
    this.insert = db.prepare(
      'INSERT INTO audit_log (time, action, actor, address, exchange, from_mode, to_mode, outcome, code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.select = db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?');
  }

  append(e: AuditEntry): void {
    this.insert.run(e.time, e.action, e.actor, e.address, e.exchange, e.fromMode, e.toMode, e.outcome, e.code, e.detail);
  }

  recent(limit: number): (AuditEntry & { seq: number })[] {
    return (this.select.all(limit) as Row[]).map((r) => ({
      seq: r.seq,
      time: r.time,
      action: r.action as AuditAction,
      actor: r.actor as 'token' | 'local',
      address: r.address,
      exchange: r.exchange,
      fromMode: r.from_mode as TradingMode,
      toMode: r.to_mode as TradingMode | null,
      outcome: r.outcome as 'done' | 'refused',
      code: r.code,
      detail: r.detail,
    }));
  }
}
