/**
 * Start-up: the real server as a child process, as `npm start` runs it (`node scripts/start.mjs`: the
 * esbuild bundle of src/, built before timing), with a free PORT, a
 * fresh DATA_DIR, LOG_LEVEL=warn, the default sim settings) from spawn until `GET /health` first
 * answers 200 with status ok, against a child running a raw Fastify server (also `--import tsx`) from
 * spawn until its `/health` answers. And the added cost of the exchange adapters' ccxt classes, which
 * the adapters load lazily on first connect (src/adapters/ccxt/ccxt-loader.ts): a child loading the
 * binance and bybit classes against a child doing nothing, spawn to exit.
 *
 * Each pair alternates (ours, base, ours, base, …) after one untimed run of each; medians. "Cold"
 * means a new process: the OS file cache and tsx's transform cache are warm, as on any restart after
 * the first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));
const CHILD = fileURLToPath(new URL('./startup-child.ts', import.meta.url));
const GOAL_MS = 1_500;
const POLL_MS = 5;
const TIMEOUT_MS = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** True when GET /health answers 200 with `"status":"ok"`; false while nothing listens yet. */
function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && (JSON.parse(body) as { status?: string }).status === 'ok'));
      res.on('error', () => resolve(false));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('close', (code) => resolve(code));
  });
}

/** A server child, from spawn until /health is ok (ms); the child is stopped and awaited after. */
async function timeToHealthy(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let gone = false;
  const done = exited(child).then(() => (gone = true));
  try {
    for (;;) {
      if (await healthy(port)) return performance.now() - t0;
      if (gone) throw new Error(`start-up bench: ${args.join(' ')} exited before /health was ok: ${out}`);
      if (performance.now() - t0 > TIMEOUT_MS) throw new Error(`start-up bench: /health not ok within ${TIMEOUT_MS} ms: ${out}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    if (!gone) child.kill('SIGTERM');
    await done;
  }
}

/** A child that exits by itself, spawn to exit (ms), and its last stdout line. */
async function timeToExit(args: string[]): Promise<{ ms: number; line: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await exited(child);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`start-up bench: ${args.join(' ')} exited with ${code}: ${err}`);
  return { ms, line: out.trim().split('\n').pop() ?? '' };
}

async function ours(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'scalping-bench-start-'));
  try {
    const port = await freePort();
    // The default sim settings, whatever this shell has set.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SIM_')));
    return await timeToHealthy([MAIN], { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn' }, port);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hello(): Promise<number> {
  const port = await freePort();
  return timeToHealthy(['--import', 'tsx', CHILD, 'hello'], { ...process.env, PORT: String(port) }, port);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface StartupOptions {
  readonly runs: number;
  readonly log: (line: string) => void;
}

export async function runStartup(o: StartupOptions): Promise<Row[]> {
  const { runs, log } = o;
  await ours();
  await hello();
  const t = { ours: [] as number[], hello: [] as number[], ccxt: [] as number[], empty: [] as number[], ccxtInProcess: [] as number[] };
  for (let i = 0; i < runs; i++) {
    t.ours.push(await ours());
    t.hello.push(await hello());
  }
  await timeToExit(['--import', 'tsx', CHILD, 'ccxt']);
  await timeToExit(['--import', 'tsx', CHILD, 'empty']);
  for (let i = 0; i < runs; i++) {
    const c = await timeToExit(['--import', 'tsx', CHILD, 'ccxt']);
    t.ccxt.push(c.ms);
    t.ccxtInProcess.push((JSON.parse(c.line) as { ms: number }).ms);
    t.empty.push((await timeToExit(['--import', 'tsx', CHILD, 'empty'])).ms);
  }
  const show = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
  log(`  cold start to /health ok: ours ${show(t.ours)} ms | raw fastify ${show(t.hello)} ms`);
  log(`  ccxt binance+bybit child ${show(t.ccxt)} ms (in-process import ${show(t.ccxtInProcess)} ms) | empty child ${show(t.empty)} ms`);
  const [start, base] = [median(t.ours), median(t.hello)];
  const [ccxt, empty] = [median(t.ccxt), median(t.empty)];
  log(`  goal: cold start to /health ok < ${GOAL_MS} ms: median ${Math.round(start)} ms — ${start < GOAL_MS ? 'met' : 'NOT met'}`);
  return [
    {
      name: 'startup: spawn → /health ok, npm start (ratio = base/ours)',
      value: start,
      unit: 'ms',
      baseline: 'raw fastify hello, same loader',
      baseline_value: base,
      ratio: base / start,
    },
    {
      name: 'startup: added by loading ccxt binance+bybit (ratio = base/(base+added))',
      value: ccxt - empty,
      unit: 'ms',
      baseline: 'empty child, same loader',
      baseline_value: empty,
      ratio: empty / ccxt,
    },
  ];
}
