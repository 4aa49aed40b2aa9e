import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { expectError, REPO_ROOT, startTestServer, type Reply, type TestServer } from '../harness.js';

const run = promisify(execFile);

/** A request with an optional bearer token; POST/DELETE carry Content-Type: application/json (the doors' rule). */
async function call(base: string, method: string, path: string, token?: string | null, json?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token !== undefined && token !== null) headers.authorization = `Bearer ${token}`;
  if (method !== 'GET') headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: json === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(json) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, json: parsed, headers: res.headers };
}

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or 101 and the subprotocol answered. */
function upgrade(url: string, opts: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<{ status: number; protocol: string; body: string }> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, opts.protocols ?? [], { headers: opts.headers });
    ws.once('open', () => {
      ok({ status: 101, protocol: ws.protocol, body: '' });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, protocol: '', body }));
    });
    ws.once('error', (err) => fail(err));
  });
}

const expect401 = (res: Reply, code: 'AUTH_REQUIRED' | 'AUTH_INVALID') => {
  expectError(res, 401, code);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
};

describe('REQUIRE_TOKEN=all: every /api route and WebSocket needs the bearer token', () => {
  let srv: TestServer;
  let token: string;
  beforeAll(async () => {
    srv = await startTestServer({ REQUIRE_TOKEN: 'all' });
    token = readFileSync(join(srv.dataDir, 'api-token'), 'utf8').trim();
  });
  afterAll(async () => srv?.close());

  it('creates DATA_DIR/api-token on first start: 32 random bytes as base64url, mode 0600', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(statSync(join(srv.dataDir, 'api-token')).mode & 0o777).toBe(0o600);
  });

  const routes: [string, string, unknown?][] = [
    ['GET', '/api/exchanges'],
    ['GET', '/api/positions'],
    ['GET', '/api/trading/config'],
    ['GET', '/api/audit'],
    ['GET', '/api/exchanges/sim/klines/BTCUSDT?limit=5'],
    ['POST', '/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 }],
    ['POST', '/api/trading/halt'],
    ['DELETE', '/api/symbols/ETHUSDT'],
    ['GET', '/api/no-such-route'],
  ];

  it('answers 401 AUTH_REQUIRED with WWW-Authenticate: Bearer without a token, on every route', async () => {
    for (const [method, path, body] of routes) expect401(await call(srv.url, method, path, null, body), 'AUTH_REQUIRED');
    // Refused before anything ran: the order was not placed, the kill switch not thrown.
    const pos = await call(srv.url, 'GET', '/api/position?symbol=BTCUSDT', token);
    expect((pos.json as { quantity: number }).quantity).toBe(0);
    expect(((await call(srv.url, 'GET', '/api/trading/config/risk', token)).json as { state: { trading_state: string } }).state.trading_state).toBe('ACTIVE');
  });

  it('answers 401 AUTH_INVALID to a wrong token, a malformed header, or the token under another scheme', async () => {
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect401(await call(srv.url, 'GET', '/api/exchanges', wrong), 'AUTH_INVALID');
    expect401(await call(srv.url, 'GET', '/api/exchanges', token + 'x'), 'AUTH_INVALID');
    for (const header of [`Basic ${token}`, 'Bearer', `Bearer ${token} extra`, token]) {
      const res = await fetch(`${srv.url}/api/exchanges`, { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH_INVALID');
    }
  });

  it('answers 200 with the right token', async () => {
    const res = await call(srv.url, 'GET', '/api/exchanges', token);
    expect(res.status, res.text).toBe(200);
    const order = await call(srv.url, 'POST', '/api/trading/order', token, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 });
    expect(order.status, order.text).toBe(200);
    expect((await call(srv.url, 'POST', '/api/position/close', token, { symbol: 'BTCUSDT' })).status).toBe(200);
  });

  it('refuses WebSocket upgrades without the token, and opens them with it as a subprotocol or a header', async () => {
    for (const path of ['/ws/multi-symbol', '/ws/multi-exchange/BTCUSDT']) {
      const none = await upgrade(srv.wsUrl + path);
      expect(none.status, path).toBe(401);
      expect(JSON.parse(none.body).error.code).toBe('AUTH_REQUIRED');
      expect((await upgrade(srv.wsUrl + path, { protocols: ['trainer', 'bearer.wrong'] })).status).toBe(401);
      // The page's way: `trainer` is answered, so the token is not echoed.
      expect(await upgrade(srv.wsUrl + path, { protocols: ['trainer', `bearer.${token}`] })).toMatchObject({ status: 101, protocol: 'trainer' });
      // The token alone: echoed back, as a WebSocket client requires an offered protocol to be selected.
      expect(await upgrade(srv.wsUrl + path, { protocols: [`bearer.${token}`] })).toMatchObject({ status: 101, protocol: `bearer.${token}` });
      expect((await upgrade(srv.wsUrl + path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(101);
    }
    // A token in the query string is not a way in (URLs end up in logs and histories).
    expect((await upgrade(`${srv.wsUrl}/ws/multi-symbol?token=${token}`)).status).toBe(401);
  });

  it('leaves the page, its assets, /docs and /openapi.json open, and /health says only its status without the token', async () => {
    for (const path of ['/', '/docs', '/openapi.json']) expect((await fetch(srv.url + path)).status, path).toBe(200);
    const open = (await call(srv.url, 'GET', '/health')).json as Record<string, unknown>;
    expect(Object.keys(open)).toEqual(['status']);
    const full = (await call(srv.url, 'GET', '/health', token)).json as Record<string, unknown>;
    expect(Object.keys(full)).toEqual(expect.arrayContaining(['status', 'mode', 'database', 'feeds']));
  });

  it('documents the bearer scheme and the audit route in the OpenAPI document', async () => {
    const doc = (await call(srv.url, 'GET', '/openapi.json')).json as { components: { securitySchemes: Record<string, unknown> }; paths: Record<string, unknown> };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toContain('/api/audit');
  });

  it('never returns the token in an answer', async () => {
    for (const path of ['/health', '/api/trading/config', '/openapi.json', '/api/audit', '/']) {
      expect((await call(srv.url, 'GET', path, token)).text, path).not.toContain(token);
    }
  });

  it('`npm run cli -- token rotate` replaces the token: the old one stops working at once, the new one works', async () => {
    const before = token;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/app/cli.ts', 'token', 'rotate'], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: srv.dataDir } });
    const fresh = stdout.split('\n')[0]!.trim();
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(before);
    expect(readFileSync(join(srv.dataDir, 'api-token'), 'utf8').trim()).toBe(fresh);
    expect(statSync(join(srv.dataDir, 'api-token')).mode & 0o777).toBe(0o600);
    expect401(await call(srv.url, 'GET', '/api/exchanges', before), 'AUTH_INVALID');
    expect((await upgrade(srv.wsUrl + '/ws/multi-symbol', { protocols: ['trainer', `bearer.${before}`] })).status).toBe(401);
    expect((await call(srv.url, 'GET', '/api/exchanges', fresh)).status).toBe(200);
    token = fresh;
  });
});
