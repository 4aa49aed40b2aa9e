import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadApiToken, rotateApiToken, watchApiToken } from '../../src/app/api-token.js';
import { freshDataDir } from '../server/harness.js';

describe('the API token file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = () => {
    const d = freshDataDir();
    dirs.push(d);
    return d;
  };

  it('is created once and then read back unchanged', () => {
    const d = dir();
    const first = loadApiToken(d);
    expect(first.created).toBe(true);
    const again = loadApiToken(d);
    expect(again).toEqual({ ...first, created: false });
  });

  it('refuses a file others can read, and one that holds no token', () => {
    const d = dir();
    const { file } = loadApiToken(d);
    chmodSync(file, 0o640);
    expect(() => loadApiToken(d)).toThrow(/refusing to start: the API token file .* is accessible to other users \(mode 0640\)/);
    writeFileSync(file, 'short\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(() => loadApiToken(d)).toThrow(/does not hold a token/);
  });

  it('the watcher follows a rotation at once, and yields no token while the file is open to others', () => {
    const d = dir();
    const { token, file } = loadApiToken(d);
    const problems: string[] = [];
    const current = watchApiToken(file, token, (p) => problems.push(p));
    expect(current()).toBe(token);
    const { token: next } = rotateApiToken(d);
    expect(current()).toBe(next);
    chmodSync(file, 0o644);
    expect(current()).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain(next);
    chmodSync(file, 0o600);
    expect(current()).toBe(next);
    rmSync(file);
    expect(current()).toBeNull();
  });
});
