import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertPrivateFile } from './private-file.js';

/** The key that encrypts exchange credentials at rest (AES-256-GCM): 32 bytes, kept outside the database. */
export interface MasterKey {
  readonly key: Buffer;
  /** Where it came from, for the start-up log line (never the key itself). */
  readonly source: 'MASTER_KEY' | 'key file';
  readonly file: string | null;
  /** True when the key file was created by this start. */
  readonly created: boolean;
}

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;

/** `MASTER_KEY`: 64 hex characters, or the base64 (or base64url) of 32 bytes. Null when it is neither. */
export function parseMasterKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === KEY_BYTES) return b;
  }
  return null;
}

/**
 * The master key: `MASTER_KEY` from the environment when set, else `DATA_DIR/master.key`, created
 * on first start (32 random bytes, mode 0600, never overwritten). A key file that other users may
 * read or write is refused rather than silently tightened: it may already have been copied, and
 * the operator should know. A bad value stops start-up with a message naming it, never showing it.
 */
export function loadMasterKey(env: Readonly<Record<string, string | undefined>>, dataDir: string): MasterKey {
  const fromEnv = env.MASTER_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = parseMasterKey(fromEnv);
    if (!key) {
      throw new Error(
        'invalid configuration MASTER_KEY: must be 64 hex characters or the base64 of 32 bytes (for example the output of `openssl rand -hex 32`)',
      );
    }
    return { key, source: 'MASTER_KEY', file: null, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, MASTER_KEY_FILE);
  let created = false;
  try {
    writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`cannot create the master key file ${file} (set MASTER_KEY instead): ${(err as Error).message}`);
    }
  }
  assertPrivateFile(file, 'the master key file', ' (and rotate the exchange keys if it may have been read), or set MASTER_KEY');
  const bytes = readFileSync(file);
  const key = bytes.length === KEY_BYTES ? bytes : parseMasterKey(bytes.toString('latin1'));
  if (!key) throw new Error(`the master key file ${file} does not hold a 32-byte key (32 raw bytes or 64 hex characters)`);
  return { key, source: 'key file', file, created };
}
