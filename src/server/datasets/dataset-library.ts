import { linkSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DatasetCatalog, DatasetFacts, DatasetInfo } from '../../engine/dataset-catalog.js';
import type { DatasetStore, FileStamp, FileVerdict, ImportedDataset } from '../../engine/dataset-store.js';
import { Rejection } from '../../domain/rejection.js';
import { readDataset, stampOf } from './dataset-file.js';

/** The version of the reading code (csv-describe.ts): a verdict of another version is read again. */
export const READER_VERSION = 1;

export interface DatasetLibraryOptions {
  readonly store: DatasetStore;
  /** Folders of bundled CSVs, by precedence: a file name found in an earlier folder hides the later ones. */
  readonly bundledDirs: readonly string[];
  /** Relative import paths are resolved against this (default: the server's working directory). */
  readonly cwd?: string;
  readonly now?: () => number;
  /** Largest file imported (default 256 MiB: the replay holds a whole file in memory). */
  readonly maxBytes?: number;
}

/** One file of an import. */
export interface ImportRequest {
  readonly path: string;
  /** The dataset's name (default: the file name without `.csv`). */
  readonly name?: string;
  /** How messages name the file (default: `path`), e.g. `BTCUSDT-1m-2025-01-01.zip: BTCUSDT-1m-2025-01-01.csv`. */
  readonly shown?: string;
  /** A file extracted to a temporary path: linked here (which must not exist yet) once every file of the import is valid. */
  readonly moveTo?: string;
}

export interface ImportResult {
  readonly dataset: DatasetInfo;
  /** False when the file was already a dataset (bundled or imported): it is answered as it is. */
  readonly created: boolean;
}

/** A file of an import that passed: already listed (a bundled file), or read and valid. */
type Checked = Listed | Valid;

interface Listed {
  readonly real: string;
  readonly stamp: null;
  readonly verdict: null;
  readonly existing: null;
  readonly listed: DatasetInfo;
  readonly name: string | undefined;
  readonly moveTo: undefined;
}

interface Valid {
  real: string;
  stamp: FileStamp;
  readonly verdict: FileVerdict & { ok: true };
  readonly existing: ImportedDataset | null;
  readonly listed: null;
  readonly name: string | undefined;
  readonly moveTo: string | undefined;
}

interface BundledFile {
  readonly id: string;
  readonly path: string;
}

const IMPORTED_ID = /^imp-([1-9]\d{0,15})$/;

/**
 * The datasets: the bundled CSVs (listed from their folders on every call, so a file dropped in is
 * seen) and the imported ones (table `datasets`). A file is read once per version (path + size +
 * mtime): the verdict is kept in the store, so a listing after a restart reads no file. Only valid
 * files are listed; an imported file since changed into an invalid one, or gone, is hidden until
 * it is valid again (DELETE still forgets it).
 */
export class DatasetLibrary implements DatasetCatalog {
  private readonly cwd: string;
  private readonly now: () => number;
  private readonly maxBytes: number;

  constructor(private readonly options: DatasetLibraryOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  }

  list(): DatasetInfo[] {
    const bundled = this.bundledFiles().flatMap((b) => this.info(b.id, b.path, b.id, 'bundled') ?? []);
    const imported = this.options.store.imported().flatMap((r) => this.importedInfo(r) ?? []);
    return [...bundled, ...imported];
  }

  get(id: string): DatasetInfo | null {
    const m = IMPORTED_ID.exec(id);
    if (m) {
      const row = this.options.store.imported().find((r) => r.seq === Number(m[1]));
      return row === undefined ? null : this.importedInfo(row);
    }
    const b = this.bundledFiles().find((f) => f.id === id);
    return b === undefined ? null : this.info(b.id, b.path, b.id, 'bundled');
  }

  /** get(), or a 404 UNKNOWN_DATASET. */
  require(id: string): DatasetInfo {
    const found = this.get(id);
    if (found === null) throw new Rejection('UNKNOWN_DATASET', `there is no dataset ${id}; GET /api/datasets lists them`, { id });
    return found;
  }

  /**
   * Validates the whole file, then records it: `created` false when the same file (by its real path)
   * is already a dataset, bundled or imported, which is answered as it is.
   */
  import(path: string, name?: string): ImportResult {
    return this.importAll([{ path, name }])[0] as ImportResult;
  }

  /**
   * import() for several files at once, all or nothing: every file is read and checked first (the
   * first bad one is the refusal, nothing recorded, nothing moved), then the extracted ones are
   * moved to their `moveTo` and all are recorded in one transaction; on any failure the moved files
   * are removed again. A file named twice is imported once (both answers are the same dataset).
   */
  importAll(requests: readonly ImportRequest[]): ImportResult[] {
    const checked = requests.map((r) => this.check(r));
    const placed: string[] = [];
    try {
      for (const c of checked) {
        if (c.moveTo === undefined) continue;
        try {
          linkSync(c.real, c.moveTo); // never replaces a file that is there
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          throw new Rejection('DATASET_FILE_EXISTS', `${c.moveTo} already exists with other contents: remove it (or its dataset) first`, { path: c.moveTo });
        }
        placed.push(c.moveTo);
        c.real = realpathSync(c.moveTo);
        c.stamp = stampOf(c.real, statSync(c.real), READER_VERSION);
      }
      const fresh = new Map<string, Valid>();
      for (const c of checked) if (c.listed === null && c.existing === null && !fresh.has(c.real)) fresh.set(c.real, c);
      const rows = this.options.store.addImportedAll(
        [...fresh.values()].map((c) => ({ path: c.real, name: c.name ?? basename(c.real).replace(/\.csv$/i, ''), importedAt: this.now(), stamp: c.stamp, verdict: c.verdict })),
      );
      const added = new Map(rows.map((row) => [row.path, row]));
      return checked.map((c) => {
        if (c.listed !== null) return { dataset: c.listed, created: false };
        const row = c.existing ?? (added.get(c.real) as ImportedDataset);
        return { dataset: this.toInfo(row, c.verdict.facts), created: c.existing === null && fresh.get(c.real) === c };
      });
    } catch (err) {
      for (const path of placed) rmSync(path, { force: true });
      throw err;
    }
  }

  /** Reads and judges one file of an import; throws its refusal. */
  private check(r: ImportRequest): Checked {
    const shown = r.shown ?? r.path;
    const real = this.realPath(r.path, shown);
    const bundled = this.bundledFiles().find((b) => safeRealPath(b.path) === real);
    const listed = bundled === undefined ? null : this.get(bundled.id);
    if (listed !== null) return { real, stamp: null, verdict: null, existing: null, listed, name: r.name, moveTo: undefined }; // a bundled file that is not valid is refused below, with its line
    const { stamp, verdict } = readDataset(real, shown, READER_VERSION, this.maxBytes);
    // A refused file leaves no trace, unless it is an earlier import (then it is hidden, as in list()).
    const existing = r.moveTo === undefined ? this.options.store.importedByPath(real) : null;
    if (existing !== null) this.options.store.saveVerdict(stamp, verdict);
    if (!verdict.ok) {
      throw new Rejection('DATASET_INVALID', `${shown} is not a valid dataset: line ${verdict.line}: ${verdict.reason}`, {
        path: shown,
        line: verdict.line,
        reason: verdict.reason,
      });
    }
    return { real, stamp, verdict, existing, listed: null, name: r.name, moveTo: r.moveTo };
  }

  /** Forgets an imported dataset (its file is left alone); a bundled one is a 422. */
  remove(id: string): void {
    const m = IMPORTED_ID.exec(id);
    if (!m) {
      if (this.bundledFiles().some((b) => b.id === id)) {
        throw new Rejection('DATASET_NOT_REMOVABLE', `${id} is shipped with the project: only imported datasets can be removed`, { id });
      }
      throw new Rejection('UNKNOWN_DATASET', `there is no dataset ${id}; GET /api/datasets lists them`, { id });
    }
    if (!this.options.store.removeImported(Number(m[1]))) throw new Rejection('UNKNOWN_DATASET', `there is no dataset ${id}; GET /api/datasets lists them`, { id });
  }

  private importedInfo(row: ImportedDataset): DatasetInfo | null {
    return this.info(`imp-${row.seq}`, row.path, row.name, 'imported');
  }

  private toInfo(row: ImportedDataset, facts: DatasetFacts): DatasetInfo {
    return { id: `imp-${row.seq}`, path: row.path, file: basename(row.path), name: row.name, ...facts, source: 'imported' };
  }

  /** The dataset a file makes, read only when this version of it has no verdict yet; null when it is not valid or not there. */
  private info(id: string, path: string, name: string, source: DatasetInfo['source']): DatasetInfo | null {
    const verdict = this.verdictOf(path);
    if (verdict === null || !verdict.ok) return null;
    return { id, path, file: basename(path), name, ...verdict.facts, source };
  }

  private verdictOf(path: string): FileVerdict | null {
    let stamp: FileStamp;
    try {
      const st = statSync(path);
      if (!st.isFile()) return null;
      stamp = stampOf(path, st, READER_VERSION);
    } catch {
      return null;
    }
    const known = this.options.store.verdict(stamp);
    if (known !== null) return known;
    try {
      const read = readDataset(path, path, READER_VERSION, this.maxBytes);
      this.options.store.saveVerdict(read.stamp, read.verdict);
      return read.verdict;
    } catch {
      return null; // unreadable now: not listed, and asked again next time
    }
  }

  private bundledFiles(): BundledFile[] {
    const seen = new Map<string, BundledFile>();
    for (const dir of this.options.bundledDirs) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue; // a folder that is not there (the developers' shared data folder, on most machines)
      }
      for (const file of names.sort()) {
        // A venue's funding-rate file beside a dataset is the dataset's funding (app/dataset-funding.ts), not market data.
        if (!/\.csv$/i.test(file) || /-fundingRate/i.test(file) || seen.has(file)) continue;
        seen.set(file, { id: file.replace(/\.csv$/i, ''), path: join(dir, file) });
      }
    }
    return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The real path of an import, or the refusal: not found (404), not a readable regular .csv file (400). */
  private realPath(path: string, shown: string): string {
    const abs = resolve(this.cwd, path);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new Rejection('DATASET_FILE_NOT_FOUND', `there is no file ${shown} (looked for ${abs})`, { path: shown });
      throw new Rejection('DATASET_FILE_UNREADABLE', `${shown} cannot be read: ${(err as Error).message}`, { path: shown, reason: code ?? 'error' });
    }
    const st = statSync(real);
    if (st.isDirectory()) throw new Rejection('DATASET_FILE_UNREADABLE', `${shown} is a directory, not a CSV file`, { path: shown, reason: 'it is a directory' });
    if (!st.isFile()) throw new Rejection('DATASET_FILE_UNREADABLE', `${shown} is not a regular file`, { path: shown, reason: 'it is not a regular file' });
    if (!/\.csv$/i.test(real)) {
      throw new Rejection('DATASET_FILE_UNREADABLE', `${shown} is not a .csv file (only .csv files are imported)`, { path: shown, reason: 'not a .csv file' });
    }
    return real;
  }
}

function safeRealPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
