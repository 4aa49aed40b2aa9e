import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { DatasetFacts } from '../../engine/dataset-catalog.js';
import type { FileStamp, FileVerdict } from '../../engine/dataset-store.js';
import { Rejection } from '../../domain/rejection.js';
import { CsvLineError, describeCsv, type CsvDescription } from '../../sim/market/csv-describe.js';
import { intervalName } from '../../sim/market/dataset-naming.js';

export const stampOf = (path: string, st: Stats, reader: number): FileStamp => ({ path, size: st.size, mtimeMs: st.mtimeMs, reader });

/**
 * Reads one file whole through a single descriptor (the stamp is of what was read) and judges it.
 * A file that cannot be read as a dataset at all is a Rejection: a directory or another
 * non-regular file, one over `maxBytes`, one the server may not read (`shown` names it).
 */
export function readDataset(path: string, shown: string, reader: number, maxBytes: number): { stamp: FileStamp; verdict: FileVerdict } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw unreadable(shown, (err as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : (err as Error).message);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw unreadable(shown, 'it is a directory');
    if (!st.isFile()) throw unreadable(shown, 'it is not a regular file');
    if (st.size > maxBytes) throw unreadable(shown, `it is ${st.size} bytes, over the ${maxBytes}-byte limit`);
    const bytes = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, bytes, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return { stamp: stampOf(path, st, reader), verdict: judge(bytes.subarray(0, got), path) };
  } catch (err) {
    if (err instanceof Rejection) throw err;
    throw unreadable(shown, (err as Error).message);
  } finally {
    closeSync(fd);
  }
}

function judge(bytes: Uint8Array, path: string): FileVerdict {
  try {
    return { ok: true, facts: factsOf(describeCsv(bytes, path)) };
  } catch (err) {
    if (err instanceof CsvLineError) return { ok: false, line: err.line, reason: err.reason };
    throw err;
  }
}

export function factsOf(d: CsvDescription): DatasetFacts {
  return {
    symbol: d.symbol,
    venue: d.venue,
    market: d.market,
    interval: d.intervalMs === null ? 'trades' : intervalName(d.intervalMs),
    first_time: d.firstTime,
    last_time: d.lastTime,
    rows: d.rows,
  };
}

const unreadable = (path: string, reason: string): Rejection =>
  new Rejection('DATASET_FILE_UNREADABLE', `${path} cannot be read as a dataset: ${reason}`, { path, reason });
