import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBinance, type FakeBinance } from '../../fakes/fake-binance.js';
import { expectError, startTestServer, type Reply, type TestServer } from '../harness.js';

interface AuditJson {
  seq: number;
  time: number;
  action: string;
  actor: string;
  address: string;
  exchange: string | null;
  from_mode: string;
  to_mode: string | null;
  outcome: string;
  code: string | null;
  detail: string | null;
}

/**
 * REQUIRE_TOKEN=1 on loopback: the live switch, storing or removing keys and resume need the token;
 * nothing else does. Each of them, done or refused, is in the append-only audit log.
 */
describe('REQUIRE_TOKEN=1: the actions that move real money need the token, and are audited', () => {
  let binance: FakeBinance;
  let srv: TestServer;
  let token: string;
  let keys: { api_key: string; api_secret: string; enabled: true };

  const call = async (method: string, path: string, opts: { token?: string; json?: unknown } = {}): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (method !== 'GET') headers['content-type'] = 'application/json';
    const res = await fetch(srv.url + path, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(opts.json ?? {}) });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const audit = async (limit?: number) => ((await call('GET', `/api/audit${limit ? `?limit=${limit}` : ''}`)).json as { entries: AuditJson[] }).entries;
  const refused401 = (res: Reply, code = 'AUTH_REQUIRED') => {
    expectError(res, 401, code);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  };

  beforeAll(async () => {
    binance = await startFakeBinance({ seed: 43, historyBars: 60 });
    srv = await startTestServer({
      REQUIRE_TOKEN: '1',
      BINANCE_REST_URL: binance.restUrl,
      BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
      BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
    });
    token = readFileSync(join(srv.dataDir, 'api-token'), 'utf8').trim();
    keys = { api_key: binance.apiKey, api_secret: binance.apiSecret, enabled: true };
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await binance?.close();
  });

  it('storing keys needs the token; the refusal stores nothing and is audited', async () => {
    refused401(await call('POST', '/api/trading/config/exchange/binance', { json: keys }));
    refused401(await call('POST', '/api/trading/config/exchange/binance', { json: keys, token: 'not-the-token' }), 'AUTH_INVALID');
    const cfg = (await call('GET', '/api/trading/config')).json as { exchanges: Record<string, { has_secret: boolean }> };
    expect(cfg.exchanges.binance!.has_secret).toBe(false);
    const stored = await call('POST', '/api/trading/config/exchange/binance', { json: keys, token });
    expect(stored.status, stored.text).toBe(200);
    const [done, wrong, missing] = await audit(3);
    expect(done).toMatchObject({ action: 'credentials_store', actor: 'token', address: '127.0.0.1', exchange: 'binance', outcome: 'done', code: null });
    expect(done!.detail).toContain('enabled');
    expect(done!.detail).not.toContain(binance.apiSecret);
    expect(wrong).toMatchObject({ action: 'credentials_store', actor: 'local', outcome: 'refused', code: 'AUTH_INVALID' });
    expect(missing).toMatchObject({ action: 'credentials_store', actor: 'local', outcome: 'refused', code: 'AUTH_REQUIRED' });
  });

  it('the live switch needs the token; every attempt is written to the audit log with who, when, where and from→to', async () => {
    const t0 = Date.now();
    refused401(await call('POST', '/api/trading/config/mode', { json: { mode: 'live_trading', confirm: true } }));
    expect(((await call('GET', '/api/trading/config')).json as { mode: string }).mode).toBe('simulation');
    expectError(await call('POST', '/api/trading/config/mode', { json: { mode: 'live_trading' }, token }), 422, 'CONFIRMATION_REQUIRED');
    const live = await call('POST', '/api/trading/config/mode', { json: { mode: 'live_trading', confirm: true }, token });
    expect(live.status, live.text).toBe(200);
    const [done, unconfirmed, anonymous] = await audit(3);
    expect(done).toMatchObject({ action: 'mode_switch', actor: 'token', address: '127.0.0.1', from_mode: 'simulation', to_mode: 'live_trading', outcome: 'done' });
    expect(unconfirmed).toMatchObject({ action: 'mode_switch', actor: 'token', to_mode: 'live_trading', outcome: 'refused', code: 'CONFIRMATION_REQUIRED' });
    expect(anonymous).toMatchObject({ action: 'mode_switch', actor: 'local', to_mode: 'live_trading', outcome: 'refused', code: 'AUTH_REQUIRED' });
    for (const e of [done!, unconfirmed!, anonymous!]) expect(e.time).toBeGreaterThanOrEqual(t0 - 1);
    expect(done!.seq).toBeGreaterThan(unconfirmed!.seq);
  });

  it('halt needs no token; resume does, and both the refusal and the resume are audited', async () => {
    const halt = await call('POST', '/api/trading/halt');
    expect(halt.status, halt.text).toBe(200);
    refused401(await call('POST', '/api/trading/resume'));
    const risk = (await call('GET', '/api/trading/config/risk')).json as { state: { trading_state: string } };
    expect(risk.state.trading_state).toBe('HALTED');
    const resumed = await call('POST', '/api/trading/resume', { token });
    expect(resumed.status, resumed.text).toBe(200);
    const [done, refused] = await audit(2);
    expect(done).toMatchObject({ action: 'resume', actor: 'token', from_mode: 'live_trading', outcome: 'done', detail: 'HALTED → ACTIVE' });
    expect(refused).toMatchObject({ action: 'resume', actor: 'local', outcome: 'refused', code: 'AUTH_REQUIRED' });
  });

  it('leaving live trading needs no token but is audited; a switch between simulation and paper is neither', async () => {
    expect((await call('POST', '/api/trading/config/mode', { json: { mode: 'paper_trading' } })).status).toBe(200);
    expect(await audit(1)).toMatchObject([{ action: 'mode_switch', actor: 'local', from_mode: 'live_trading', to_mode: 'paper_trading', outcome: 'done' }]);
    const count = (await audit(1000)).length;
    expect((await call('POST', '/api/trading/config/mode', { json: { mode: 'simulation' } })).status).toBe(200);
    expect((await audit(1000)).length).toBe(count);
  });

  it('everything else answers without the token (orders, halt, risk, symbols, the audit log itself)', async () => {
    for (const path of ['/api/exchanges', '/api/trading/config', '/api/positions', '/api/trading/config/risk', '/api/audit', '/api/symbols']) {
      expect((await call('GET', path)).status, path).toBe(200);
    }
    const order = await call('POST', '/api/trading/order', { json: { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 } });
    expect(order.status, order.text).toBe(200);
    expect((await call('POST', '/api/position/close', { json: { symbol: 'BTCUSDT' } })).status).toBe(200);
    expect((await call('POST', '/api/trading/config/risk', { json: { max_open_positions: 5 } })).status).toBe(200);
    expect((await call('POST', '/api/trading/config/mode', { json: { mode: 'paper_trading' } })).status).toBe(200);
    expect((await call('POST', '/api/trading/config/mode', { json: { mode: 'simulation' } })).status).toBe(200);
  });

  it('removing keys needs the token, and is audited', async () => {
    refused401(await call('DELETE', '/api/trading/config/exchange/binance'));
    const removed = await call('DELETE', '/api/trading/config/exchange/binance', { token });
    expect(removed.status, removed.text).toBe(200);
    expect(await audit(2)).toMatchObject([
      { action: 'credentials_remove', actor: 'token', exchange: 'binance', outcome: 'done', detail: 'key none, disabled, mainnet' },
      { action: 'credentials_remove', actor: 'local', outcome: 'refused', code: 'AUTH_REQUIRED' },
    ]);
  });

  it('GET /api/audit is newest first and honours its limit (1 … 1000)', async () => {
    const all = await audit(1000);
    expect(all).toHaveLength(11); // 3 key stores, 3 live switches, 2 resumes, 1 leaving live, 2 key removals
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));
    expect(await audit(2)).toEqual(all.slice(0, 2));
    expectError(await call('GET', '/api/audit?limit=0'), 400, 'VALIDATION_ERROR');
    expectError(await call('GET', '/api/audit?limit=1001'), 400, 'VALIDATION_ERROR');
  });

  it('the table refuses UPDATE and DELETE, even straight through SQL on the database file', async () => {
    const db = new Database(join(srv.dataDir, 'trainer.db'));
    try {
      const count = () => db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
      const before = count();
      expect(before).toBeGreaterThan(0);
      expect(() => db.prepare("UPDATE audit_log SET actor = 'token', outcome = 'done' WHERE outcome = 'refused'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run()).toThrow(/append-only/);
      expect(count()).toBe(before);
      expect(db.prepare("SELECT count(*) FROM audit_log WHERE outcome = 'refused'").pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
