import { statSync } from 'node:fs';

/**
 * Throws unless `file` is a regular file that only its owner may read or write (mode 0600 or
 * tighter). A secret file that others could read is refused rather than silently tightened: it may
 * already have been copied, and the operator should know. `what` names it ("the master key file"),
 * `after` is the remedy beyond `chmod 600` (what to rotate, what to set instead).
 */
export function assertPrivateFile(file: string, what: string, after: string): void {
  const stat = statSync(file);
  if (!stat.isFile()) throw new Error(`${what} ${file} is not a regular file`);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    throw new Error(`refusing to start: ${what} ${file} is accessible to other users (mode ${mode}); run \`chmod 600 ${file}\`${after}`);
  }
}
