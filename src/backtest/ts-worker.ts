import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// A worker thread runs plain Node: it registers tsx's loader first, then imports the TypeScript
// entry (and through it the runner and the strategy files, which are TypeScript too).
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => { setImmediate(() => { throw err; }); });
`;

/** The project's root (where package.json is), from src/ or from the dist/ bundle alike. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** tsx's ESM register API (its `exports` entry `./esm/api`, import condition). */
function tsxApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * A worker thread on `src/<entry>` (a .ts file), with `data` as its workerData.data. The parent's
 * execArgv is not passed on: under `npm run cli` it holds tsx's own loader, registered here instead.
 */
export function tsWorker(entry: string, data: unknown): Worker {
  const file = join(projectRoot(), 'src', entry);
  return new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: { tsx: tsxApi(), entry: pathToFileURL(file).href, data } });
}
