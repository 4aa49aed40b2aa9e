import type { DatasetFacts } from './dataset-catalog.js';

/** An imported dataset as recorded: `seq` makes its id `imp-<seq>`. */
export interface ImportedDataset {
  readonly seq: number;
  readonly name: string;
  readonly path: string;
  readonly importedAt: number;
}

/** What reading one version of a file (path + size + mtime) gave: its facts, or its first bad line. */
export type FileVerdict = { readonly ok: true; readonly facts: DatasetFacts } | { readonly ok: false; readonly line: number; readonly reason: string };

/** The version of a file a verdict is about; `reader` is the version of the code that read it. */
export interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly reader: number;
}

/** One file to record by addImportedAll. */
export interface NewImport {
  readonly path: string;
  readonly name: string;
  readonly importedAt: number;
  readonly stamp: FileStamp;
  readonly verdict: FileVerdict;
}

/** Where the imported datasets and the verdicts on files are kept (persisted: start-up re-reads nothing). */
export interface DatasetStore {
  imported(): ImportedDataset[];
  importedByPath(path: string): ImportedDataset | null;
  /** Records a valid file with its verdict, in one transaction; the path must not be recorded yet. */
  addImported(path: string, name: string, importedAt: number, stamp: FileStamp, verdict: FileVerdict): ImportedDataset;
  /** Records several valid files in one transaction: all of them, or (on any error) none. */
  addImportedAll(files: readonly NewImport[]): ImportedDataset[];
  removeImported(seq: number): boolean;
  verdict(stamp: FileStamp): FileVerdict | null;
  saveVerdict(stamp: FileStamp, verdict: FileVerdict): void;
}
