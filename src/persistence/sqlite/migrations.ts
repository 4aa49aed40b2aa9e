import { BACKTESTS_MIGRATION } from './migration-backtests.js';
import { NOTIFICATIONS_MIGRATION } from './migration-notifications.js';
import { FUNDING_MIGRATION } from './migration-funding.js';

/** Versioned schema changes, applied in order at start-up, each in its own transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Rebuilds tables: foreign keys are off while it runs and checked after (SQLite's procedure). */
  readonly foreignKeysOff?: boolean;
}

// Exact values (prices, quantities, money) are TEXT decimals; times are integer epoch ms.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger',
    sql: `
      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        client_order_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY','SELL')),
        type TEXT NOT NULL,
        time_in_force TEXT NOT NULL,
        quantity TEXT NOT NULL,
        price TEXT,
        stop_price TEXT,
        reduce_only INTEGER NOT NULL,
        take_profit TEXT,
        stop_loss TEXT,
        has_bracket INTEGER NOT NULL,
        parent_id TEXT,
        status TEXT NOT NULL,
        filled_quantity TEXT NOT NULL,
        cum_quote TEXT NOT NULL,
        triggered INTEGER NOT NULL,
        reject_code TEXT,
        reject_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX orders_client_id ON orders (mode, exchange, client_order_id);
      CREATE INDEX orders_open ON orders (status) WHERE status IN ('NEW', 'PARTIALLY_FILLED');
      CREATE INDEX orders_symbol ON orders (exchange, symbol, seq);

      CREATE TABLE fills (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        order_id TEXT NOT NULL REFERENCES orders (id),
        mode TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        price TEXT NOT NULL,
        quantity TEXT NOT NULL,
        fee TEXT NOT NULL,
        fee_asset TEXT NOT NULL,
        liquidity TEXT NOT NULL,
        realized_pnl TEXT NOT NULL,
        position_id TEXT NOT NULL,
        time INTEGER NOT NULL
      );
      CREATE INDEX fills_order ON fills (order_id);

      CREATE TABLE positions (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        mode TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity TEXT NOT NULL,
        cost TEXT NOT NULL,
        realized_pnl TEXT NOT NULL,
        fees_paid TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER
      );
      CREATE UNIQUE INDEX positions_one_open ON positions (mode, exchange, symbol) WHERE closed_at IS NULL;

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        time INTEGER NOT NULL,
        payload TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'position-journal-fields',
    sql: `
      ALTER TABLE positions ADD COLUMN open_side TEXT NOT NULL DEFAULT 'LONG';
      ALTER TABLE positions ADD COLUMN entry_quantity TEXT NOT NULL DEFAULT '0';
      ALTER TABLE positions ADD COLUMN entry_value TEXT NOT NULL DEFAULT '0';
      ALTER TABLE positions ADD COLUMN exit_quantity TEXT NOT NULL DEFAULT '0';
      ALTER TABLE positions ADD COLUMN exit_value TEXT NOT NULL DEFAULT '0';
      -- What is still open is known exactly; the history of closed rows before this version is not.
      UPDATE positions SET
        open_side = CASE WHEN quantity LIKE '-%' THEN 'SHORT' ELSE 'LONG' END,
        entry_quantity = ltrim(quantity, '-'),
        entry_value = ltrim(cost, '-')
      WHERE closed_at IS NULL;
    `,
  },
  {
    // Fewer b-tree pages per order (the commit was ~17 WAL pages): integer primary keys instead of
    // TEXT ids plus a UNIQUE seq, no AUTOINCREMENT (it rewrote sqlite_sequence on every commit),
    // and no index that a hot query does not use.
    version: 3,
    name: 'integer-keys',
    foreignKeysOff: true,
    sql: `
      CREATE TABLE new_orders (
        id INTEGER PRIMARY KEY,
        client_order_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY','SELL')),
        type TEXT NOT NULL,
        time_in_force TEXT NOT NULL,
        quantity TEXT NOT NULL,
        price TEXT,
        stop_price TEXT,
        reduce_only INTEGER NOT NULL,
        take_profit TEXT,
        stop_loss TEXT,
        has_bracket INTEGER NOT NULL,
        parent_id INTEGER,
        status TEXT NOT NULL,
        filled_quantity TEXT NOT NULL,
        cum_quote TEXT NOT NULL,
        triggered INTEGER NOT NULL,
        reject_code TEXT,
        reject_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO new_orders SELECT seq, client_order_id, mode, exchange, symbol, side, type, time_in_force, quantity, price,
        stop_price, reduce_only, take_profit, stop_loss, has_bracket, CAST(parent_id AS INTEGER), status, filled_quantity,
        cum_quote, triggered, reject_code, reject_reason, created_at, updated_at FROM orders;

      CREATE TABLE new_fills (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id),
        mode TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        price TEXT NOT NULL,
        quantity TEXT NOT NULL,
        fee TEXT NOT NULL,
        fee_asset TEXT NOT NULL,
        liquidity TEXT NOT NULL,
        realized_pnl TEXT NOT NULL,
        position_id INTEGER NOT NULL,
        time INTEGER NOT NULL
      );
      INSERT INTO new_fills SELECT seq, CAST(order_id AS INTEGER), mode, exchange, symbol, side, price, quantity, fee, fee_asset,
        liquidity, realized_pnl, CAST(position_id AS INTEGER), time FROM fills;

      CREATE TABLE new_positions (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity TEXT NOT NULL,
        cost TEXT NOT NULL,
        realized_pnl TEXT NOT NULL,
        fees_paid TEXT NOT NULL,
        open_side TEXT NOT NULL,
        entry_quantity TEXT NOT NULL,
        entry_value TEXT NOT NULL,
        exit_quantity TEXT NOT NULL,
        exit_value TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER
      );
      INSERT INTO new_positions SELECT seq, mode, exchange, symbol, quantity, cost, realized_pnl, fees_paid, open_side,
        entry_quantity, entry_value, exit_quantity, exit_value, opened_at, updated_at, closed_at FROM positions;

      CREATE TABLE new_events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, time INTEGER NOT NULL, payload TEXT NOT NULL);
      INSERT INTO new_events SELECT seq, type, time, payload FROM events;

      DROP TABLE fills;
      DROP TABLE orders;
      DROP TABLE positions;
      DROP TABLE events;
      ALTER TABLE new_orders RENAME TO orders;
      ALTER TABLE new_fills RENAME TO fills;
      ALTER TABLE new_positions RENAME TO positions;
      ALTER TABLE new_events RENAME TO events;

      CREATE UNIQUE INDEX orders_client_id ON orders (mode, exchange, client_order_id);
      CREATE INDEX orders_open ON orders (status) WHERE status IN ('NEW', 'PARTIALLY_FILLED');
      CREATE INDEX fills_order ON fills (order_id);
      CREATE UNIQUE INDEX positions_one_open ON positions (mode, exchange, symbol) WHERE closed_at IS NULL;
    `,
  },
  {
    // One journal row per unit of work, holding its events in compact form (the full rows are in
    // orders, fills and positions): a third of the writes of one row per event.
    version: 4,
    name: 'journal',
    sql: `
      CREATE TABLE journal (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, events TEXT NOT NULL);
      INSERT INTO journal (seq, time, events) SELECT seq, time, '[' || payload || ']' FROM events;
      DROP TABLE events;
    `,
  },
  {
    // Exchange credentials, the API key and the secret sealed together with AES-256-GCM under a
    // master key kept outside the database (app/master-key.ts); the exchange id is the AAD.
    // key_version: the cipher scheme; key_id: a fingerprint of the master key that sealed the row.
    version: 5,
    name: 'credentials',
    sql: `
      CREATE TABLE credentials (
        exchange TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL DEFAULT 0,
        testnet INTEGER NOT NULL DEFAULT 0,
        api_key_masked TEXT,
        ciphertext BLOB,
        iv BLOB,
        auth_tag BLOB,
        key_version INTEGER,
        key_id TEXT,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'risk',
    sql: `
      CREATE TABLE risk_limits (id INTEGER PRIMARY KEY CHECK (id = 1), limits TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE risk_state (
        mode TEXT PRIMARY KEY,
        trading_state TEXT NOT NULL CHECK (trading_state IN ('ACTIVE', 'REDUCING', 'HALTED')),
        reason TEXT,
        day TEXT NOT NULL,
        day_start_equity TEXT NOT NULL,
        peak_equity TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'settings',
    sql: `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
  },
  {
    // The symbols the trader watches, each with the exchanges picked for it (a JSON array of ids,
    // in the order picked: the first is where an order goes by default). seq keeps the list's order.
    version: 8,
    name: 'watch list',
    sql: `
      CREATE TABLE watch_list (
        seq INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL UNIQUE,
        exchanges TEXT NOT NULL,
        added_at INTEGER NOT NULL
      );
      INSERT INTO watch_list (symbol, exchanges, added_at) VALUES
        ('BTCUSDT', '["sim"]', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
        ('ETHUSDT', '["sim"]', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
    `,
  },
  {
    // Who tried what, from where: live switches, key changes, resumes. Append-only: the triggers
    // refuse any UPDATE or DELETE, whoever runs it (only dropping the table gets past them), and an
    // INSERT onto an existing seq (INSERT OR REPLACE deletes the old row without firing the DELETE
    // trigger unless recursive_triggers is on).
    version: 9,
    name: 'audit log',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('token', 'local')),
        address TEXT NOT NULL,
        exchange TEXT,
        from_mode TEXT NOT NULL,
        to_mode TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('done', 'refused')),
        code TEXT,
        detail TEXT
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    // The journal's own rows, keyed by the position (= trade) id of the same ledger: the best and
    // worst a position saw while open (engine/excursion-tracker.ts), and the trader's annotations.
    version: 10,
    name: 'journal excursions and annotations',
    sql: `
      CREATE TABLE excursions (
        position_id INTEGER PRIMARY KEY,
        best_price TEXT NOT NULL,
        worst_price TEXT NOT NULL,
        mfe TEXT NOT NULL,
        mae TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE trade_annotations (
        trade_id INTEGER PRIMARY KEY,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        setup TEXT,
        rating INTEGER CHECK (rating BETWEEN 1 AND 5),
        mistakes TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    // The practice sessions (replay): each one's ledger is its own file DATA_DIR/replay/<id>.db; the
    // main database keeps only the list. AUTOINCREMENT: a deleted session's id is never reused.
    version: 11,
    name: 'replay sessions',
    sql: `
      CREATE TABLE replay_sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        dataset_id TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        random_start INTEGER NOT NULL,
        blind INTEGER NOT NULL,
        starting_cash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('paused', 'playing', 'finished')),
        speed TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    // The files the user imported as datasets (id imp-<seq>; AUTOINCREMENT never reuses a deleted
    // one), and what reading each version of a file (path + size + mtime, by reader version) gave:
    // its facts as JSON, or its first bad line, so start-up and listings do not read files again.
    version: 12,
    name: 'datasets',
    sql: `
      CREATE TABLE datasets (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        path TEXT NOT NULL UNIQUE,
        imported_at INTEGER NOT NULL
      );
      CREATE TABLE dataset_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        reader INTEGER NOT NULL,
        facts TEXT,
        bad_line INTEGER,
        reason TEXT,
        CHECK ((facts IS NULL) <> (bad_line IS NULL))
      );
    `,
  },
  {
    // A practice session's prices may be rebased (every price × price_factor, exact; NULL: the
    // file's own), and a re-watch is a read-only session over another's dataset and start that
    // draws that one's fills (rewatch_of; not a foreign key: the original may be deleted).
    version: 13,
    name: 'replay rebase and re-watch',
    sql: `
      ALTER TABLE replay_sessions ADD COLUMN price_factor TEXT;
      ALTER TABLE replay_sessions ADD COLUMN rewatch_of INTEGER;
    `,
  },
  BACKTESTS_MIGRATION,
  NOTIFICATIONS_MIGRATION,
  FUNDING_MIGRATION,
];
