import type { WatchEntry, WatchListStore } from '../../engine/watch-list-store.js';
import type { SqliteDb } from './database.js';

interface Row {
  symbol: string;
  exchanges: string;
  added_at: number;
}

/** The watch list, one row per symbol; its exchanges as a JSON array of ids. */
export class SqliteWatchList implements WatchListStore {
  constructor(private readonly db: SqliteDb) {}

  list(): WatchEntry[] {
    const rows = this.db.prepare('SELECT symbol, exchanges, added_at FROM watch_list ORDER BY seq').all() as Row[];
    return rows.map((r) => ({ symbol: r.symbol, exchanges: JSON.parse(r.exchanges) as string[], addedAt: r.added_at }));
  }

  put(entry: WatchEntry): void {
    this.db
      .prepare(
        'INSERT INTO watch_list (symbol, exchanges, added_at) VALUES (?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET exchanges = excluded.exchanges',
      )
      .run(entry.symbol, JSON.stringify(entry.exchanges), entry.addedAt);
  }

  remove(symbol: string): boolean {
    return this.db.prepare('DELETE FROM watch_list WHERE symbol = ?').run(symbol).changes > 0;
  }
}
