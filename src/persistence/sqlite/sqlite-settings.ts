import type { SqliteDb } from './database.js';

/** Small persisted settings (the trading mode…), as text by key. */
export class SqliteSettings {
  constructor(private readonly db: SqliteDb) {}

  get(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** Every setting whose key starts with `prefix`, by key. */
  entries(prefix: string): { key: string; value: string }[] {
    return this.db.prepare("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key").all(prefix.length, prefix) as { key: string; value: string }[];
  }

  set(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, value, Date.now());
  }
}
