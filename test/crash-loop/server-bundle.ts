import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT, type ChildServer } from '../server/harness.js';

/**
 * The server as one esbuild bundle (what `npm start` runs), so each of many restarts costs ~0.3 s
 * instead of tsx transpiling every module again. It lives under test-results/ (git-ignored), inside
 * the repository so that its bare imports resolve to node_modules.
 */
export async function buildServerBundle(): Promise<string> {
  const dir = join(REPO_ROOT, 'test-results', 'crash-loop');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `server-${process.pid}.mjs`);
  await build({ entryPoints: [join(REPO_ROOT, 'src', 'app', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return outfile;
}

/** `node <bundle>` with env, answering on 127.0.0.1:port (the shape of harness.spawnServer). */
export function spawnBundle(bundle: string, env: Record<string, string>, port: number): ChildServer {
  const child = spawn(process.execPath, [bundle], { cwd: REPO_ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}
