import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import { parseBinanceFundingCsv } from '../domain/funding.js';
import { Rejection } from '../domain/rejection.js';
import type { DatasetLibrary, ImportRequest, ImportResult } from '../server/datasets/dataset-library.js';
import { oldestFirst } from '../sim/market/csv-newest-first.js';
import { venueMarketOfName, type Market } from '../sim/market/dataset-naming.js';

export interface ImportFilesOptions {
  /** Where extracted archives go (DATA_DIR/datasets): a dataset is a CSV file the replay reads. */
  readonly datasetsDir: string;
  /** The dataset's name; only when the import makes one dataset. */
  readonly name?: string;
  /** Prefix extracted files' names so that the venue / market are known (`binance_spot_BTCUSDT-1m-….csv`). */
  readonly venue?: string;
  readonly market?: Market;
  /** Relative file names are resolved against this. */
  readonly cwd?: string;
  /** Largest archive, and largest CSV inside one (default 256 MiB, as the library's limit). */
  readonly maxBytes?: number;
  /** Told of each funding-rate file placed in `datasetsDir` (its name and rows). */
  readonly onFunding?: (name: string, rows: number) => void;
}

/** Binance's public funding-rate files (`BTCUSDT-fundingRate-2024-06.csv`): a dataset's funding, not market data. */
export const isFundingFile = (name: string): boolean => /-fundingRate/i.test(basename(name));

const DEFAULT_MAX = 256 * 1024 * 1024;

/**
 * Imports market-data files into `library`, all or none: CSVs are recorded where they are (as
 * POST /api/datasets does); a Binance public-data `.zip` (every `.csv` in it) or a `.csv.gz` is
 * extracted into `datasetsDir` first. Every file is checked before anything is recorded or placed;
 * the first refusal (a bad line names the file, the line and why) is thrown as a Rejection and the
 * temporary files are removed whatever happens. A `.zip` with a Binance `.CHECKSUM` file beside it
 * must match it.
 */
export function importFiles(library: DatasetLibrary, files: readonly string[], options: ImportFilesOptions): ImportResult[] {
  if (files.length === 0) throw new Rejection('MISSING_FIELD', 'name at least one file to import');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX;
  const cwd = options.cwd ?? process.cwd();
  mkdirSync(options.datasetsDir, { recursive: true, mode: 0o700 });
  const tmp = mkdtempSync(join(options.datasetsDir, '.import-'));
  try {
    const requests: ImportRequest[] = [];
    const funding: Entry[] = [];
    for (const file of files) {
      const abs = resolve(cwd, file);
      if (isFundingFile(file) && /\.csv$/i.test(file)) {
        funding.push({ name: basename(file), bytes: readArchive(abs, file, maxBytes) });
      } else if (/\.zip$/i.test(file)) {
        const entries = unzipCsvs(abs, file, maxBytes);
        funding.push(...entries.filter((e) => isFundingFile(e.name)));
        const market = entries.filter((e) => !isFundingFile(e.name));
        if (market.length) requests.push(...extracted(file, abs, market, tmp, options));
      }
      else if (/\.csv\.gz$/i.test(file)) requests.push(...extracted(file, abs, [{ name: basename(file).replace(/\.gz$/i, ''), bytes: gunzip(abs, file, maxBytes) }], tmp, options));
      else if (/\.gz$/i.test(file)) throw unreadable(file, 'a .gz file must hold a CSV and be named <name>.csv.gz');
      else {
        const reversed = newestFirstCsv(abs, maxBytes);
        // A newest-first file (a Bybit /v5/market/kline dump) is imported as a reversed copy.
        if (reversed !== null) requests.push(...extracted(file, abs, [{ name: basename(file), bytes: reversed }], tmp, options));
        else requests.push({ path: abs, shown: file });
      }
    }
    if (options.name !== undefined) {
      if (requests.length !== 1) {
        throw new Rejection('INVALID_FIELD', `--name names one dataset, and this import makes ${requests.length} (one per CSV file): leave it out`, { field: 'name' });
      }
      requests[0] = { ...(requests[0] as ImportRequest), name: options.name };
    }
    // Funding files are checked with the rest (all or none) and placed beside the extracted datasets,
    // where a practice session on that symbol finds them (app/dataset-funding.ts).
    const checked = funding.map((e) => {
      try {
        return { e, rows: parseBinanceFundingCsv(Buffer.from(e.bytes).toString('utf8')).length };
      } catch (err) {
        throw unreadable(e.name, (err as Error).message);
      }
    });
    const results = requests.length ? library.importAll(requests) : [];
    for (const { e, rows } of checked) {
      writeFileSync(join(options.datasetsDir, e.name), e.bytes, { mode: 0o600 });
      options.onFunding?.(e.name, rows);
    }
    return results;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

interface Entry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Writes each entry to the temporary folder; it goes to `datasetsDir` under its own (prefixed) name once all are valid. */
function extracted(archive: string, abs: string, all: readonly Entry[], tmp: string, options: ImportFilesOptions): ImportRequest[] {
  const entries = all.map((e) => {
    const reversed = oldestFirst(Buffer.from(e.bytes).toString('utf8'));
    return reversed === null ? e : { name: e.name, bytes: Buffer.from(reversed) };
  });
  return entries.map((e) => {
    const target = join(options.datasetsDir, placedName(abs, e.name, options));
    const shown = `${archive}: ${e.name}`;
    // The same archive imported again: its file is already there, byte for byte, so it is that file.
    if (existsSync(target) && sameBytes(target, e.bytes)) return { path: target, shown };
    const dir = mkdtempSync(join(tmp, 'f-')); // one folder a file: each keeps its own name
    const path = join(dir, basename(target));
    writeFileSync(path, e.bytes, { mode: 0o600 });
    return { path, shown, moveTo: target };
  });
}

/**
 * The name an extracted CSV gets: its own, prefixed with the venue and market when its name does
 * not tell them, from the options or the archive's path (data.binance.vision/data/spot/… and
 * …/futures/um/… mirror Binance's folders).
 */
function placedName(archive: string, entry: string, options: ImportFilesOptions): string {
  const own = venueMarketOfName(entry, null);
  const path = venueMarketOfName(archive.replace(/[\\/]/g, '_'), null);
  const venue = own.venue ?? options.venue ?? path.venue;
  const market = own.market ?? options.market ?? path.market;
  const prefix = [own.venue === null ? venue : null, own.market === null ? market : null].filter((t): t is string => t !== null);
  return [...prefix, entry].join('_');
}

function unzipCsvs(abs: string, shown: string, maxBytes: number): Entry[] {
  const bytes = readArchive(abs, shown, maxBytes);
  checkChecksum(abs, shown, bytes);
  const tooLarge: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/') || !/\.csv$/i.test(f.name)) return false;
        if (f.originalSize > maxBytes) tooLarge.push(f.name);
        return f.originalSize <= maxBytes;
      },
    });
  } catch (err) {
    throw unreadable(shown, `not a readable zip archive (${(err as Error).message}): a truncated download?`);
  }
  if (tooLarge.length) throw unreadable(shown, `${tooLarge[0]} is over the ${maxBytes}-byte limit once extracted`);
  const entries = Object.entries(files).map(([name, data]) => ({ name: basename(name), bytes: data }));
  if (entries.length === 0) throw unreadable(shown, 'the archive holds no .csv file');
  const names = entries.map((e) => e.name.toLowerCase());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw unreadable(shown, `the archive holds two files named ${twice}`);
  return entries;
}

function gunzip(abs: string, shown: string, maxBytes: number): Uint8Array {
  const bytes = readArchive(abs, shown, maxBytes);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (err) {
    throw unreadable(shown, `not readable gzip data (${(err as Error).message}): a truncated download?`);
  }
  if (out.length > maxBytes) throw unreadable(shown, `it is over the ${maxBytes}-byte limit once extracted`);
  return out;
}

function readArchive(abs: string, shown: string, maxBytes: number): Uint8Array {
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw unreadable(shown, 'it is not a regular file');
    size = st.size;
  } catch (err) {
    if (err instanceof Rejection) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Rejection('DATASET_FILE_NOT_FOUND', `there is no file ${shown} (looked for ${abs})`, { path: shown });
    throw unreadable(shown, (err as Error).message);
  }
  if (size > maxBytes) throw unreadable(shown, `it is ${size} bytes, over the ${maxBytes}-byte limit`);
  return readFileSync(abs);
}

/** Binance publishes `<file>.zip.CHECKSUM` (`<sha256>  <file>.zip`) beside each archive. */
function checkChecksum(abs: string, shown: string, bytes: Uint8Array): void {
  const sidecar = `${abs}.CHECKSUM`;
  if (!existsSync(sidecar)) return;
  const expected = /^([0-9a-f]{64})\b/i.exec(readFileSync(sidecar, 'utf8').trim())?.[1]?.toLowerCase();
  if (expected === undefined) throw unreadable(shown, `${basename(sidecar)} beside it holds no sha256`);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) throw unreadable(shown, `its sha256 ${actual} is not the ${expected} of ${basename(sidecar)}: a damaged or partial download`);
}

/** The file's rows oldest first when it is a CSV written newest first; null otherwise (or when it is too large to check here). */
function newestFirstCsv(abs: string, maxBytes: number): Uint8Array | null {
  try {
    const st = statSync(abs);
    if (!st.isFile() || st.size > maxBytes) return null;
    const reversed = oldestFirst(readFileSync(abs, 'utf8'));
    return reversed === null ? null : Buffer.from(reversed);
  } catch {
    return null; // unreadable: the library's check says why
  }
}

function sameBytes(path: string, bytes: Uint8Array): boolean {
  return statSync(path).size === bytes.length && Buffer.from(bytes).equals(readFileSync(path));
}

const unreadable = (path: string, reason: string): Rejection =>
  new Rejection('DATASET_FILE_UNREADABLE', `${path} cannot be read as a dataset: ${reason}`, { path, reason });
