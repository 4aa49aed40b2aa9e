import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDataDir, REPO_ROOT } from '../server/harness.js';

const exec = promisify(execFile);

/** `npm run cli -- …` as a user runs it. */
async function cli(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('npm', ['run', '-s', 'cli', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run cli', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = () => {
    const d = freshDataDir();
    dirs.push(d);
    return d;
  };

  it('--help lists the commands', async () => {
    const r = await cli(['--help'], dir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run cli -- <command>/);
    expect(r.stdout).toContain('token rotate');
    expect((await cli(['token', 'rotate', '--help'], dir())).stdout).toMatch(/^usage: npm run cli -- token rotate/);
  });

  it('an unknown command exits 2 and says so', async () => {
    const d = dir();
    const r = await cli(['token', 'show'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command: token show');
    expect(existsSync(join(d, 'api-token'))).toBe(false);
  });

  it('token rotate writes a new 0600 token each time and prints it', async () => {
    const d = dir();
    const first = await cli(['token', 'rotate'], d);
    expect(first.code).toBe(0);
    const a = first.stdout.split('\n')[0]!;
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(join(d, 'api-token'), 'utf8').trim()).toBe(a);
    expect(statSync(join(d, 'api-token')).mode & 0o777).toBe(0o600);
    const b = (await cli(['token', 'rotate'], d)).stdout.split('\n')[0]!;
    expect(b).not.toBe(a);
    expect(readFileSync(join(d, 'api-token'), 'utf8').trim()).toBe(b);
  });
});
