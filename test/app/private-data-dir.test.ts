import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { preparePrivateDataDir } from '../../src/app/private-data-dir.js';
import { testEnv } from '../server/harness.js';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8).padStart(4, '0');
const modes = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, mode(join(dir, f))]));

/** The app's logger into an array, to see what start-up said. */
function capture(): { logger: pino.Logger; lines: { level: number; msg: string; tightened?: { path: string; from: string; to: string }[] }[] } {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

async function runOnce(dataDir: string) {
  const { logger, lines } = capture();
  const app = await startApp(loadConfig(testEnv(dataDir)), logger);
  // An order, so the write-ahead log has been written to.
  const res = await fetch(`${app.url}/api/trading/order`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ symbol: 'BTCUSDT', side: 'BUY', quantity: 0.001 }),
  });
  expect(res.status, await res.text()).toBe(200);
  const during = modes(dataDir);
  await app.close();
  return { lines, during };
}

let root: string;
let umask: number;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scalping-trainer-data-dir-'));
  // The widest umask there is: without an explicit chmod, the directory would be 0777 and the files 0644/0666.
  umask = process.umask(0o000);
});
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => process.umask(0o000));

describe('DATA_DIR and the database files are the owner’s alone', () => {
  const dataDir = () => join(root, 'fresh', 'data');

  it('a fresh DATA_DIR is created 0700 and every file in it (trainer.db, -wal, -shm, master.key) is 0600, under umask 000', async () => {
    const { lines, during } = await runOnce(dataDir());
    expect(mode(dataDir())).toBe('0700');
    expect(Object.keys(during).sort()).toEqual(['master.key', 'trainer.db', 'trainer.db-shm', 'trainer.db-wal']);
    expect(Object.values(during).every((m) => m === '0600'), JSON.stringify(during)).toBe(true);
    expect(Object.values(modes(dataDir())).every((m) => m === '0600'), JSON.stringify(modes(dataDir()))).toBe(true);
    expect(lines.filter((l) => /tightened/.test(l.msg)), 'nothing to report on a fresh directory').toEqual([]);
  });

  it('an existing DATA_DIR with wider modes is tightened at start-up, and the log says what changed', async () => {
    // A clean close removed -wal and -shm; the database file's mode is what SQLite gives them when it makes them again.
    expect(Object.keys(modes(dataDir())).sort()).toEqual(['master.key', 'trainer.db']);
    chmodSync(dataDir(), 0o755);
    chmodSync(join(dataDir(), 'trainer.db'), 0o644);
    writeFileSync(join(dataDir(), 'notes.txt'), 'x', { mode: 0o666 });
    chmodSync(join(dataDir(), 'notes.txt'), 0o666);
    const { lines, during } = await runOnce(dataDir());
    expect(mode(dataDir())).toBe('0700');
    expect(during).toEqual({ 'master.key': '0600', 'notes.txt': '0600', 'trainer.db': '0600', 'trainer.db-shm': '0600', 'trainer.db-wal': '0600' });
    const warn = lines.find((l) => /tightened/.test(l.msg));
    expect(warn?.level).toBe(40);
    const changed = Object.fromEntries((warn?.tightened ?? []).map((t) => [t.path.slice(dataDir().length + 1) || '.', `${t.from}→${t.to}`]));
    expect(changed).toEqual({ '.': '0755→0700', 'trainer.db': '0644→0600', 'notes.txt': '0666→0600' });
  });

  it('a master key file other users can read is still refused, not silently tightened (it may have been copied)', async () => {
    chmodSync(join(dataDir(), 'master.key'), 0o644);
    await expect(startApp(loadConfig(testEnv(dataDir())), pino({ level: 'silent' }))).rejects.toThrow(/master key file .* is accessible to other users/);
    expect(mode(join(dataDir(), 'master.key'))).toBe('0644');
    chmodSync(join(dataDir(), 'master.key'), 0o600);
  });

  it('does not follow a symbolic link out of DATA_DIR, and leaves subdirectories 0700', async () => {
    const dir = join(root, 'links');
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    preparePrivateDataDir(dir);
    const { symlinkSync, mkdirSync } = await import('node:fs');
    symlinkSync(outside, join(dir, 'link'));
    mkdirSync(join(dir, 'backups'), { mode: 0o777 });
    const r = preparePrivateDataDir(dir);
    expect(r.created).toBe(false);
    expect(mode(outside)).toBe('0644');
    expect(mode(join(dir, 'backups'))).toBe('0700');
  });
});
