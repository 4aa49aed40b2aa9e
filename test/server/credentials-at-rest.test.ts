import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { client, freePort, freshDataDir, request, spawnServer, testEnv } from './harness.js';

const BINANCE = '/api/trading/config/exchange/binance';
const WRONG_SECRET = 'wrongSecretZ9y8x7w6v5u4t3s2r1q0';

describe('credentials at rest: encrypted, never logged, kept across restarts, bound to the master key', () => {
  let fake: FakeBinance;
  let dataDir: string;
  let env: Record<string, string>;
  let running: Running | null = null;
  const lines: string[] = [];
  // No redaction on purpose: nothing may log a key in the first place (the redaction is a net under that).
  const logger = pino({ level: 'trace' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  const start = async (extra: Record<string, string> = {}) => {
    running = await startApp(loadConfig({ ...env, ...extra }), logger);
    return { app: running, api: client(running.url) };
  };
  const stop = async () => {
    await running?.close();
    running = null;
  };
  const secrets = () => [fake.apiSecret, fake.apiKey, WRONG_SECRET];
  const fileBytes = () => ['trainer.db', 'trainer.db-wal'].map((f) => join(dataDir, f)).filter(existsSync).map((f) => ({ f, bytes: readFileSync(f) }));
  const expectNotInFiles = () => {
    const files = fileBytes();
    expect(files.map((x) => x.f.split('/').pop())).toContain('trainer.db');
    for (const { f, bytes } of files) for (const s of secrets()) expect(bytes.includes(Buffer.from(s)), `${s} in ${f}`).toBe(false);
    // The control: the row is there (its masked key is stored in clear), so the search looked at the right bytes.
    expect(files.some(({ bytes }) => bytes.includes(Buffer.from('fake…IJKL')))).toBe(true);
  };
  const balancesOf = async (app: Running) => {
    const adapter = app.exchanges.get('binance')!;
    await adapter.connect();
    return adapter.trading().balances();
  };

  beforeAll(async () => {
    fake = await startFakeBinance({ seed: 9, historyBars: 30 });
    dataDir = freshDataDir();
    env = testEnv(dataDir, { BINANCE_REST_URL: fake.restUrl, BINANCE_WS_SPOT_URL: fake.wsUrls.spot, BINANCE_WS_LINEAR_URL: fake.wsUrls.linear });
  }, 30_000);
  afterAll(async () => {
    await stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('first start creates DATA_DIR/master.key with mode 0600; saved keys sign requests and are not in the .db or -wal bytes', async () => {
    const { app, api } = await start();
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'master.key')).size).toBe(32);
    // Bad input carrying the secret, and a wrong secret that the venue refuses, go through the logs too.
    await api.post(BINANCE, { api_key: fake.apiKey, api_secret: `${WRONG_SECRET} x` });
    await request(app.url, 'POST', BINANCE, { raw: `{"api_key": "${fake.apiKey}", "api_secret": ${WRONG_SECRET}}` });
    expect((await api.post(BINANCE, { api_key: fake.apiKey, api_secret: WRONG_SECRET })).status).toBe(200);
    await expect(balancesOf(app)).rejects.toMatchObject({ code: 'EXCHANGE_AUTH_FAILED' });
    expect((await api.post(BINANCE, { api_key: fake.apiKey, api_secret: fake.apiSecret })).status).toBe(200);
    expect((await balancesOf(app)).length).toBeGreaterThan(0);
    expect(existsSync(join(dataDir, 'trainer.db-wal'))).toBe(true);
    expectNotInFiles();
    await stop();
    expectNotInFiles();
  });

  it('a restart with the same DATA_DIR reuses the key file and keeps the keys, which the adapter uses at once', async () => {
    const keyBefore = readFileSync(join(dataDir, 'master.key'));
    const { app, api } = await start();
    expect(readFileSync(join(dataDir, 'master.key')).equals(keyBefore)).toBe(true);
    const res = await api.get('/api/trading/config');
    expect(res.json).toMatchObject({ exchanges: { binance: { enabled: true, api_key: 'fake…IJKL', has_secret: true, usable: true } } });
    expect((await balancesOf(app)).length).toBeGreaterThan(0);
    await stop();
  });

  it('another MASTER_KEY: the server starts, the keys are reported unusable with the reason, and can be saved again', async () => {
    const { app, api } = await start({ MASTER_KEY: randomBytes(32).toString('hex') });
    const res = await api.get('/api/trading/config');
    expect(res.status).toBe(200);
    const entry = (res.json as { exchanges: Record<string, { has_secret: boolean; usable: boolean; problem: string }> }).exchanges.binance!;
    expect(entry).toMatchObject({ has_secret: true, usable: false });
    expect(entry.problem).toMatch(/binance.*different master key.*save them again/);
    expect((await api.get('/health')).status).toBe(200);
    await app.exchanges.get('binance')!.connect();
    expect(() => app.exchanges.get('binance')!.trading()).toThrow(expect.objectContaining({ code: 'EXCHANGE_NO_CREDENTIALS' }));
    expect(lines.some((l) => l.includes('stored exchange credentials are unusable'))).toBe(true);
    expect((await api.post(BINANCE, { api_key: fake.apiKey, api_secret: fake.apiSecret })).json).toMatchObject({ usable: true });
    expect((await balancesOf(app)).length).toBeGreaterThan(0);
    await stop();
  });

  it('a key file other users can read stops start-up with a message naming it', async () => {
    const file = join(dataDir, 'master.key');
    chmodSync(file, 0o640);
    await expect(start()).rejects.toThrow(/master\.key.*other users.*chmod 600/);
    chmodSync(file, 0o600);
  });

  it('no log line (level trace) held a key or a secret', () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) for (const s of secrets()) expect(line, line).not.toContain(s);
  });

  it('a bad MASTER_KEY stops `npm start` with a message naming MASTER_KEY, not showing it', async () => {
    const dir = freshDataDir();
    try {
      const bad = 'not-a-key-0123456789';
      const child = spawnServer({ ...testEnv(dir), MASTER_KEY: bad }, await freePort());
      const { code } = await child.exited;
      expect(code).toBe(1);
      expect(child.output()).toMatch(/MASTER_KEY/);
      expect(child.output()).not.toContain(bad);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
