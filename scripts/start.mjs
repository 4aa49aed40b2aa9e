// `npm start`: run the server from a one-file bundle of src/ (built with esbuild when missing or
// older than any source file; ~0.3 s), so start-up does not pay for transpiling ~100 modules. The
// browser trainer (web/dist) is built the same way: with Vite, only when missing or stale (~1 s).
import { build } from 'esbuild';
import process from 'node:process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'server.mjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(out) || statSync(out).mtimeMs < Math.max(newest(join(root, 'src')), statSync(join(root, 'package-lock.json')).mtimeMs);
if (stale) {
  await build({
    entryPoints: [join(root, 'src', 'app', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}
const { ensureWeb } = await import('./build-web.mjs');
await ensureWeb();
process.setSourceMapsEnabled(true); // stack traces point into src/, not the bundle
await import(pathToFileURL(out).href);
