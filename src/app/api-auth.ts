import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { AuthPolicy } from '../server/auth/auth-policy.js';
import { loadApiToken, watchApiToken } from './api-token.js';
import type { Config } from './config.js';

/** Where a new API token is shown, once: the console, never the log. */
export const printToConsole = (text: string): void => void process.stdout.write(`${text}\n`);

/**
 * The API token's policy. A token exists only where one is asked for: it is created on the first
 * such start and shown then, on the console only; later the file is re-read when it changes (a
 * rotation applies to the next request).
 */
export function apiAuth(config: Config, logger: Logger, announce: (text: string) => void): AuthPolicy {
  if (config.tokenScope === 'off') return { scope: 'off', token: () => null };
  const { token, file, created } = loadApiToken(config.dataDir);
  if (created) {
    logger.info({ file }, 'created the API token file');
    announce(`API token (shown once; kept in ${file}; rotate with \`npm run cli -- token rotate\`):\n  ${token}`);
  }
  const current = watchApiToken(file, token, (problem) => logger.error({ file, problem }, 'the API token file cannot be used: every request that needs the token is refused'));
  return { scope: config.tokenScope, token: current };
}

export function readTls(files: { cert: string; key: string }): { cert: Buffer; key: Buffer } {
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${(err as Error).message}`);
    }
  };
  return { cert: read('certificate (TLS_CERT)', files.cert), key: read('key (TLS_KEY)', files.key) };
}

