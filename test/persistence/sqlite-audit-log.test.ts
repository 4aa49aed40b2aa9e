import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/engine/audit-log.js';
import { openDatabase, type SqliteDb } from '../../src/persistence/sqlite/database.js';
import { SqliteAuditLog } from '../../src/persistence/sqlite/sqlite-audit-log.js';

const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: 1_700_000_000_000 + n,
  action: 'mode_switch',
  actor: 'local',
  address: '127.0.0.1',
  exchange: null,
  fromMode: 'simulation',
  toMode: 'live_trading',
  outcome: 'refused',
  code: 'AUTH_REQUIRED',
  detail: 'needs the token',
  ...over,
});

describe('the SQLite audit log (migration 9)', () => {
  let db: SqliteDb;
  afterEach(() => db?.close());

  it('keeps every field, answers newest first and up to the limit', () => {
    db = openDatabase(':memory:');
    const log = new SqliteAuditLog(db);
    log.append(entry(1));
    log.append(entry(2, { action: 'credentials_store', actor: 'token', exchange: 'binance', toMode: null, outcome: 'done', code: null, detail: 'key abcd…wxyz, enabled, mainnet' }));
    log.append(entry(3, { action: 'resume', toMode: null, outcome: 'done', code: null, detail: 'HALTED → ACTIVE' }));
    const all = log.recent(10);
    expect(all.map((e) => e.time)).toEqual([1_700_000_000_003, 1_700_000_000_002, 1_700_000_000_001]);
    expect(all[1]).toEqual({ seq: 2, ...entry(2, { action: 'credentials_store', actor: 'token', exchange: 'binance', toMode: null, outcome: 'done', code: null, detail: 'key abcd…wxyz, enabled, mainnet' }) });
    expect(log.recent(1)).toHaveLength(1);
  });

  it('refuses UPDATE and DELETE through SQL, whatever the row', () => {
    db = openDatabase(':memory:');
    const log = new SqliteAuditLog(db);
    log.append(entry(1));
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'done'").run()).toThrow(/the audit log is append-only/);
    expect(() => db.prepare('UPDATE audit_log SET detail = NULL WHERE seq = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    // REPLACE deletes the old row without the DELETE trigger (recursive_triggers is off): refused on its own.
    const replace = (seq: number) => `INSERT OR REPLACE INTO audit_log (seq, time, action, actor, address, from_mode, outcome) VALUES (${seq}, 0, 'resume', 'token', '-', 'simulation', 'done')`;
    expect(() => db.exec(replace(1))).toThrow(/append-only/);
    expect(() => db.exec("INSERT INTO audit_log (seq, time, action, actor, address, from_mode, outcome) VALUES (1, 0, 'resume', 'token', '-', 'simulation', 'done') ON CONFLICT (seq) DO UPDATE SET outcome = 'done'")).toThrow(/append-only/);
    expect(log.recent(10)).toEqual([{ seq: 1, ...entry(1) }]);
  });

  it('accepts only the known actors and outcomes', () => {
    db = openDatabase(':memory:');
    const log = new SqliteAuditLog(db);
    expect(() => log.append(entry(1, { actor: 'root' as 'local' }))).toThrow(/CHECK/);
    expect(() => log.append(entry(1, { outcome: 'maybe' as 'done' }))).toThrow(/CHECK/);
  });
});
