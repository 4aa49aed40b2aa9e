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
    old.prepare(
      `INSERT INTO orders (id, seq, client_order_id, mode, exchange, symbol, side, type, time_in_force, quantity, reduce_only, has_bracket,
        status, filled_quantity, cum_quote, triggered, created_at, updated_at)
       VALUES ('7', 7, 'c7', 'simulation', 'sim', 'BTCUSDT', 'BUY', 'MARKET', 'GTC', '0.5', 0, 0, 'FILLED', '0.5', '32000', 0, 1, 1)`,
    ).run();
    old.prepare(
      `INSERT INTO fills (id, seq, order_id, mode, exchange, symbol, side, price, quantity, fee, fee_asset, liquidity, realized_pnl, position_id, time)
       VALUES ('3', 3, '7', 'simulation', 'sim', 'BTCUSDT', 'BUY', '64000', '0.5', '12.8', 'USDT', 'TAKER', '0', '1', 1)`,
    ).run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.prepare("SELECT quantity, entry_quantity FROM positions WHERE id = '1'").get()).toEqual({ quantity: '0.5', entry_quantity: '0.5' });
    expect(db.prepare('SELECT o.id, o.client_order_id, f.id AS fill_id, f.price FROM fills f JOIN orders o ON o.id = f.order_id').get()).toEqual({
      id: 7,
      client_order_id: 'c7',
      fill_id: 3,
      price: '64000',
    });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(migrate(db, MIGRATIONS)).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
