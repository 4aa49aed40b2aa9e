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
];
