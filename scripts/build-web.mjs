// Builds the browser trainer (web/ → web/dist) with Vite. `webStale()` is cheap (file times only),
// so `npm start` and the tests import Vite only when the page's sources are newer than its build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { writePwaAssets } from './pwa-assets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

/** True when web/dist is missing or older than web/src, web/public, web/index.html, the build scripts or the lockfile. */
export function webStale() {
  if (!existsSync(built) || !existsSync(join(web, 'dist', 'sw.js'))) return true;
  const sources = [join(web, 'src'), join(web, 'public'), join(web, 'index.html'), join(root, 'package-lock.json'), fileURLToPath(import.meta.url), join(root, 'scripts', 'pwa-assets.mjs')];
  return statSync(built).mtimeMs < Math.max(...sources.map(newest));
}

/** Builds web/dist (about 1–2 s): the page (Vite; web/public is copied as is), its icons and service worker. */
export async function buildWeb() {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: web,
    base: '/',
    logLevel: 'warn',
    build: { outDir: join(web, 'dist'), emptyOutDir: true, sourcemap: true, target: 'es2022' },
  });
  // After every asset exists: the service worker lists them. A build that stops here has no sw.js
  // and is still stale (webStale).
  await writePwaAssets(web, join(web, 'dist'));
}

/** Builds web/dist when it is stale; true when it built. */
export async function ensureWeb() {
  if (!webStale()) return false;
  await buildWeb();
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  await buildWeb();
  process.stdout.write(`web/dist built in ${Date.now() - t0} ms\n`);
}
