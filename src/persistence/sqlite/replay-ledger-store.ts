import type { CommitBatch } from '../../engine/ports.js';
import type { SqliteDb } from './database.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';

const KEY = 'replay.cursor';

/**
 * A practice session's ledger: the project's ledger in the session's own file, whose every commit
 * also writes the replay cursor in the same transaction, so the ledger and the tick it stands at
 * are never out of step (a kill -9 reopens the session at a tick whose effects are all there).
 */
export class ReplayLedgerStore extends SqliteLedgerStore {
  private readonly saveStmt;
  private readonly withCursor: (batches: readonly CommitBatch[]) => void;

  constructor(
    private readonly sessionDb: SqliteDb,
    private readonly position: () => number,
  ) {
    super(sessionDb);
    this.saveStmt = sessionDb.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.withCursor = sessionDb.transaction((batches: readonly CommitBatch[]) => {
      super.commit(batches);
      this.saveStmt.run(KEY, String(this.position()), Date.now());
    });
  }

  override commit(batches: readonly CommitBatch[]): void {
    this.withCursor(batches);
  }

  saveCursor(position: number): void {
    this.saveStmt.run(KEY, String(position), Date.now());
  }

  /** The tick index saved last, or null for a new session. */
  loadCursor(): number | null {
    const row = this.sessionDb.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    return row ? Number(row.value) : null;
  }
}
