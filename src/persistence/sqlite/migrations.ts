/** Versioned schema changes, applied in order at start-up, each in its own transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
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
];
