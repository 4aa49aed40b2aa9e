import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { API_TOKEN_FILE } from './api-token.js';
import { MASTER_KEY_FILE } from './master-key.js';

/** Secrets that a wider mode may already have leaked: their loaders refuse them, the operator decides. */
const SECRET_FILES = new Set([MASTER_KEY_FILE, API_TOKEN_FILE]);

export interface Tightened {
  readonly path: string;
  /** The modes before and after, as octal text ("0755" → "0700"). */
  readonly from: string;
  readonly to: string;
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * DATA_DIR is its owner's alone: created 0700 (whatever the umask), and an existing one that other
 * users may enter or read is tightened, with what lies in it (directories 0700, files 0600), rather
 * than refused: the ledger and settings are not secrets that a copy would compromise, and a server
 * that will not start over a mode is a worse default. Each change is returned, to be logged.
 * The master key and API token files are left as they are: a secret other users could read may
 * already have been copied, so their loaders refuse it and the operator decides. Symbolic links are not followed.
 */
export function preparePrivateDataDir(dir: string): { created: boolean; tightened: Tightened[] } {
  if (process.platform === 'win32') return { created: false, tightened: [] };
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined;
  const tightened: Tightened[] = [];
  const tighten = (path: string, mode: number, to: number) => {
    if ((mode & 0o777) === to) return;
    chmodSync(path, to);
    // A freshly created directory only lost what the umask took: not worth a log line.
    if (!(created && path === dir)) tightened.push({ path, from: octal(mode), to: octal(to) });
  };
  tighten(dir, lstatSync(dir).mode, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SECRET_FILES.has(entry.name)) continue;
    const mode = lstatSync(path).mode;
    if (entry.isDirectory()) tighten(path, mode, 0o700);
    else if (entry.isFile() && (mode & 0o077) !== 0) tighten(path, mode, 0o600);
  }
  return { created, tightened };
}
