import type { Migration } from './migrations.js';

export const NOTIFICATIONS_MIGRATION: Migration = {
  // Notifications (issue 15). The outbox: one row per message, written in the transaction of what
  // caused it (the ledger writer's for fills and refusals); dedup_key makes a happening one row.
  // state: new (no channel chosen yet) → sending (deliveries rows, one per channel that wants it)
  // → done. The channels' settings (secrets sealed with the master key), and the price alerts.
  version: 15,
  name: 'notifications',
  sql: `
    CREATE TABLE notification_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dedup_key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'sending', 'done'))
    );
    CREATE INDEX notification_outbox_open ON notification_outbox (state, id) WHERE state <> 'done';
    CREATE TABLE notification_deliveries (
      outbox_id INTEGER NOT NULL REFERENCES notification_outbox (id),
      channel TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_at INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      sent_at INTEGER,
      PRIMARY KEY (outbox_id, channel)
    );
    CREATE INDEX notification_deliveries_pending ON notification_deliveries (channel, outbox_id) WHERE status = 'pending';
    CREATE TABLE notification_channels (
      channel TEXT PRIMARY KEY,
      enabled INTEGER NOT NULL,
      events TEXT NOT NULL,
      settings TEXT NOT NULL,
      secret_masked TEXT,
      ciphertext BLOB,
      iv BLOB,
      auth_tag BLOB,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE price_alerts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      exchange TEXT NOT NULL,
      symbol TEXT NOT NULL,
      direction TEXT NOT NULL CHECK (direction IN ('above', 'below')),
      price TEXT NOT NULL,
      repeat INTEGER NOT NULL,
      fired INTEGER NOT NULL DEFAULT 0,
      armed INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      fired_at INTEGER
    );
  `,
};
