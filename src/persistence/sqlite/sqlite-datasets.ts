import type { DatasetFacts } from '../../engine/dataset-catalog.js';
import type { DatasetStore, FileStamp, FileVerdict, ImportedDataset, NewImport } from '../../engine/dataset-store.js';
import type { SqliteDb } from './database.js';

interface ImportedRow {
  seq: number;
  name: string;
  path: string;
  imported_at: number;
}

interface VerdictRow {
  facts: string | null;
  bad_line: number | null;
  reason: string | null;
}

const imported = (r: ImportedRow): ImportedDataset => ({ seq: r.seq, name: r.name, path: r.path, importedAt: r.imported_at });

/** Imported datasets (table `datasets`) and the verdicts on files (table `dataset_files`), migration 12. */
export class SqliteDatasetStore implements DatasetStore {
  constructor(private readonly db: SqliteDb) {}

  imported(): ImportedDataset[] {
    return (this.db.prepare('SELECT seq, name, path, imported_at FROM datasets ORDER BY seq').all() as ImportedRow[]).map(imported);
  }

  importedByPath(path: string): ImportedDataset | null {
    const row = this.db.prepare('SELECT seq, name, path, imported_at FROM datasets WHERE path = ?').get(path) as ImportedRow | undefined;
    return row === undefined ? null : imported(row);
  }

  addImported(path: string, name: string, importedAt: number, stamp: FileStamp, verdict: FileVerdict): ImportedDataset {
    return this.db.transaction(() => {
      this.saveVerdict(stamp, verdict);
      const seq = this.db.prepare('INSERT INTO datasets (name, path, imported_at) VALUES (?, ?, ?)').run(name, path, importedAt).lastInsertRowid;
      return { seq: Number(seq), name, path, importedAt };
    })();
  }

  addImportedAll(files: readonly NewImport[]): ImportedDataset[] {
    return this.db.transaction(() => files.map((f) => this.addImported(f.path, f.name, f.importedAt, f.stamp, f.verdict)))();
  }

  /** Forgets the dataset and the verdict on its file. */
  removeImported(seq: number): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('DELETE FROM datasets WHERE seq = ? RETURNING path').get(seq) as { path: string } | undefined;
      if (row !== undefined) this.db.prepare('DELETE FROM dataset_files WHERE path = ?').run(row.path);
      return row !== undefined;
    })();
  }

  verdict(stamp: FileStamp): FileVerdict | null {
    const row = this.db
      .prepare('SELECT facts, bad_line, reason FROM dataset_files WHERE path = ? AND size = ? AND mtime_ms = ? AND reader = ?')
      .get(stamp.path, stamp.size, stamp.mtimeMs, stamp.reader) as VerdictRow | undefined;
    if (row === undefined) return null;
    if (row.facts !== null) return { ok: true, facts: JSON.parse(row.facts) as DatasetFacts };
    return { ok: false, line: row.bad_line ?? 0, reason: row.reason ?? '' };
  }

  saveVerdict(stamp: FileStamp, verdict: FileVerdict): void {
    this.db
      .prepare(
        `INSERT INTO dataset_files (path, size, mtime_ms, reader, facts, bad_line, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, reader = excluded.reader,
           facts = excluded.facts, bad_line = excluded.bad_line, reason = excluded.reason`,
      )
      .run(
        stamp.path,
        stamp.size,
        stamp.mtimeMs,
        stamp.reader,
        verdict.ok ? JSON.stringify(verdict.facts) : null,
        verdict.ok ? null : verdict.line,
        verdict.ok ? null : verdict.reason,
      );
  }
}
