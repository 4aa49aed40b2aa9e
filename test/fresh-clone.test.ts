import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A user's clone has nothing beside it: no ../shared/data. The project's files are copied into an
 * empty folder (node_modules linked, as `npm ci` would have put them there), and the tests that read
 * market data and a smoke run of every benchmark must pass there.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTSIDE = new RegExp(['\\.\\./shared/', '/work/', 'shared/data'].join('|'));

/** What a clone holds: the tracked files, and the new ones git would commit (not the ignored). */
function projectFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && existsSync(join(ROOT, f)));
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** The environment without this vitest run's own variables (the inner runs are runs of their own). */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, ...extra };
}

describe('a fresh clone in an empty folder', () => {
  const parent = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
  const clone = join(parent, 'scalping-trainer');
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('names no file outside the repository in its code, scripts and configuration', () => {
    const code = projectFiles().filter((f) => /\.(ts|mjs|js|json|sh)$/.test(f) && !f.startsWith('datasets/') && f !== 'package-lock.json');
    const offenders = code.filter((f) => f !== 'test/fresh-clone.test.ts' && OUTSIDE.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('passes the market-data tests and runs every benchmark with nothing beside it', { timeout: 300_000 }, async () => {
    for (const f of projectFiles()) {
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(clone, f));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    expect(existsSync(join(parent, 'shared'))).toBe(false);

    const tests = await run('npx', ['vitest', 'run', 'test/datasets.test.ts', 'test/sim/market/csv-replay-datasets.test.ts'], clone, cleanEnv(), 120_000);
    expect(tests.out).toMatch(/Tests: \d+ passed, 0 failed/);
    expect(tests.code, tests.out).toBe(0);

    const bench = await run('npm', ['run', 'bench'], clone, cleanEnv({ BENCH_QUICK: '1' }), 240_000);
    expect(bench.code, bench.out.slice(-4000)).toBe(0);
    const rows = JSON.parse(readFileSync(join(clone, 'bench/out/latest.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['baseline', 'baseline_value', 'name', 'ratio', 'unit', 'value']);
      expect(Number.isFinite(row.value) && Number.isFinite(row.baseline_value) && Number.isFinite(row.ratio), String(row.name)).toBe(true);
    }
    // The page's frame benchmark replays the shipped BTCUSDT file (it crashed on ../shared/data before).
    expect(rows.some((r) => String(r.name).startsWith('web: frame work p99'))).toBe(true);
  });
});
