import type { Migration } from './migrations.js';

export const BACKTESTS_MIGRATION: Migration = {
  // The backtests run through POST /api/backtests (id bt-<seq>): the request as given (JSON), its
  // state, and once done its headline figures (`summary`, for the list) and the whole result (JSON, as
  // `backtest --json` prints it), or why it failed.
  version: 14,
  name: 'backtests',
  sql: `
    CREATE TABLE backtests (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      request TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER,
      summary TEXT,
      result TEXT,
      error TEXT,
      CHECK ((status = 'done') = (result IS NOT NULL AND summary IS NOT NULL)),
      CHECK ((status = 'failed') = (error IS NOT NULL))
    );
  `,
};
