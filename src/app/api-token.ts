import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertPrivateFile } from './private-file.js';

/** The file that holds the API's bearer token: 32 random bytes as base64url (43 characters), mode 0600. */
export const API_TOKEN_FILE = 'api-token';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const newToken = (): string => randomBytes(32).toString('base64url');
const tokenFile = (dataDir: string): string => join(dataDir, API_TOKEN_FILE);

function readToken(file: string): string {
  assertPrivateFile(file, 'the API token file', ' (and rotate the token: `npm run cli -- token rotate`)');
  const text = readFileSync(file, 'utf8').trim();
  if (!TOKEN.test(text)) throw new Error(`the API token file ${file} does not hold a token (43 base64url characters); run \`npm run cli -- token rotate\``);
  return text;
}

/** The token of `DATA_DIR/api-token`, created on first use (never overwritten here); `created` says this call made it. */
export function loadApiToken(dataDir: string): { token: string; file: string; created: boolean } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // as the server makes DATA_DIR
  const file = tokenFile(dataDir);
  let created = false;
  try {
    writeFileSync(file, `${newToken()}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the API token file ${file}: ${(err as Error).message}`);
  }
  return { token: readToken(file), file, created };
}

/** A new token replaces the file's at once (written aside, then renamed over it). */
export function rotateApiToken(dataDir: string): { token: string; file: string } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // as the server makes DATA_DIR
  const file = tokenFile(dataDir);
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const token = newToken();
  writeFileSync(aside, `${token}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(aside, file);
  return { token, file };
}

/**
 * The token in force, read again whenever the file changes (a rotation by the CLI applies to the
 * next request, no restart). A file that became unreadable or open to others yields null, so
 * nothing matches until it is mended; `onProblem` hears why, once per change (never the token).
 */
export function watchApiToken(file: string, initial: string, onProblem: (message: string) => void): () => string | null {
  const stamp = (): string => {
    try {
      const s = statSync(file);
      return `${s.ino}:${s.size}:${s.mtimeMs}:${s.mode}`;
    } catch {
      return 'missing';
    }
  };
  let seen = stamp();
  let token: string | null = initial;
  return () => {
    const now = stamp();
    if (now === seen) return token;
    seen = now;
    try {
      token = readToken(file);
    } catch (err) {
      token = null;
      onProblem((err as Error).message);
    }
    return token;
  };
}
