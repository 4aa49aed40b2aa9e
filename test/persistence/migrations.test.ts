import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/persistence/sqlite/database.js';
import { MIGRATIONS } from '../../src/persistence/sqlite/migrations.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite migrations', () => {
  it('run once each, in order, and a database from an older version is brought up to date', () => {
    dir = mkdtempSync(join(tmpdir(), 'st-migr-'));
    const file = join(dir, 'trainer.db');
    const old = openDatabase(file, 'normal', MIGRATIONS.slice(0, 1));
    old.prepare(
      "INSERT INTO positions (id, seq, mode, exchange, symbol, quantity, cost, realized_pnl, fees_paid, opened_at, updated_at) VALUES ('1', 1, 'simulation', 'sim', 'BTCUSDT', '0.5', '32000', '0', '1', 1, 1)",
    ).run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.prepare("SELECT quantity, entry_quantity FROM positions WHERE id = '1'").get()).toEqual({ quantity: '0.5', entry_quantity: '0.5' });
    expect(migrate(db, MIGRATIONS)).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
