import type { Migration } from './migrations.js';

export const FUNDING_MIGRATION: Migration = {
  // Funding of perpetual positions (issue 16): one row a position a funding time, written in the
  // ledger's transaction like a fill. amount: what the account received (negative: paid), exact text.
  version: 16,
  name: 'funding payments',
  sql: `
    CREATE TABLE funding_payments (
      position_id INTEGER NOT NULL REFERENCES positions(id),
      time INTEGER NOT NULL,
      mode TEXT NOT NULL,
      exchange TEXT NOT NULL,
      symbol TEXT NOT NULL,
      rate TEXT NOT NULL,
      mark_price TEXT NOT NULL,
      quantity TEXT NOT NULL,
      amount TEXT NOT NULL,
      PRIMARY KEY (position_id, time)
    );
    CREATE INDEX funding_payments_mode ON funding_payments (mode, symbol, time);
  `,
};
