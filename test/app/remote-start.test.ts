import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, freshDataDir, killHard, spawnServer, testEnv, waitForHealth, type ChildServer } from '../server/harness.js';

/** The server as `npm start` runs it, on a non-loopback HOST: TLS or an explicit opt-in, and always the token. */
describe('start-up on a non-loopback address', () => {
  const dirs: string[] = [];
  const children: ChildServer[] = [];
  const dir = () => {
    const d = freshDataDir();
    dirs.push(d);
    return d;
  };
  const start = async (env: Record<string, string>) => {
    const child = spawnServer(env, await freePort());
    children.push(child);
    return child;
  };
  afterEach(async () => {
    for (const c of children.splice(0)) await killHard(c);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it.each(['0.0.0.0', '::', '192.0.2.10'])('HOST=%s without TLS or ALLOW_INSECURE_REMOTE=1 is refused: one clear line, a non-zero exit', async (host) => {
    const child = await start(testEnv(dir(), { HOST: host, LOG_LEVEL: 'info' }));
    const { code } = await child.exited;
    expect(code).not.toBe(0);
    const lines = child.output().trim().split('\n');
    expect(lines, child.output()).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^refusing to start: HOST=${host.replace(/\./g, '\\.')} is not a loopback address.*TLS_CERT and TLS_KEY.*ALLOW_INSECURE_REMOTE=1`));
  });

  it('HOST=0.0.0.0 with ALLOW_INSECURE_REMOTE=1 starts, creates the token (0600), prints it once on the console only, and asks for it on every /api route', async () => {
    const dataDir = dir();
    const env = testEnv(dataDir, { HOST: '0.0.0.0', ALLOW_INSECURE_REMOTE: '1', LOG_LEVEL: 'info' });
    const first = await start(env);
    await waitForHealth(first);
    const file = join(dataDir, 'api-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    const lines = first.output().split('\n');
    // Printed once, on a console line of its own, not in a JSON log line.
    expect(lines.filter((l) => l.includes(token))).toEqual([`  ${token}`]);
    expect((await fetch(`${first.url}/api/exchanges`)).status).toBe(401);
    expect((await fetch(`${first.url}/api/exchanges`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await killHard(first);

    // A later start uses the same token and never shows it again.
    const second = await start(env);
    await waitForHealth(second);
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(second.output()).not.toContain(token);
    expect((await fetch(`${second.url}/api/exchanges`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('refuses to start when other users can read the token file, like the master key', async () => {
    const dataDir = dir();
    const env = testEnv(dataDir, { REQUIRE_TOKEN: '1' });
    const first = await start(env);
    await waitForHealth(first);
    await killHard(first);
    chmodSync(join(dataDir, 'api-token'), 0o644);
    const second = await start(env);
    expect((await second.exited).code).not.toBe(0);
    expect(second.output()).toMatch(/refusing to start: the API token file .*api-token is accessible to other users \(mode 0644\); run `chmod 600/);
  });

  it('HOST=0.0.0.0 with TLS_CERT and TLS_KEY serves HTTPS, and the token is still required', async () => {
    const dataDir = dir();
    const cert = join(dataDir, 'cert.pem');
    const key = join(dataDir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const child = await start(testEnv(dataDir, { HOST: '0.0.0.0', TLS_CERT: cert, TLS_KEY: key }));
    const ca = readFileSync(cert);
    const get = (path: string, token?: string) =>
      new Promise<{ status: number; body: string }>((ok, fail) => {
        const req = httpsRequest(`${child.url.replace('http:', 'https:')}${path}`, { ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', fail);
        req.end();
      });
    const until = Date.now() + 20_000;
    for (;;) {
      const up = await get('/health').catch(() => null);
      if (up?.status === 200) break;
      if (child.child.exitCode !== null || Date.now() > until) throw new Error(`no HTTPS server:\n${child.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Plain HTTP on the same port is not answered.
    await expect(fetch(`${child.url}/health`).then((r) => r.status)).rejects.toThrow();
    const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
    expect((await get('/api/exchanges')).status).toBe(401);
    expect((await get('/api/exchanges', token)).status).toBe(200);
  });

  it('TLS_CERT without TLS_KEY is a configuration error', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'cert.pem'), '');
    const child = await start(testEnv(dataDir, { TLS_CERT: join(dataDir, 'cert.pem') }));
    expect((await child.exited).code).not.toBe(0);
    expect(child.output().trim()).toBe('invalid configuration TLS_CERT/TLS_KEY: HTTPS needs both the certificate and the key file');
  });
});
