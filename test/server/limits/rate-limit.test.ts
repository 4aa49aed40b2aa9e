import { request as httpRequest } from 'node:http';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../../src/app/config.js';
import { startApp, type Running } from '../../../src/app/create-app.js';
import { DEFAULT_LIMITS } from '../../../src/server/limits/server-limits.js';
import { expectError, freshDataDir, testEnv, type Reply } from '../harness.js';

const LIMIT = 25;
const WINDOW_MS = 3_000;

/** A request from a chosen loopback source address (127.0.0.2 is another client to the server). */
function from(localAddress: string, url: string, method = 'GET', body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {};
    const req = httpRequest(url, { method, localAddress, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, text, json, headers: h });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

let app: Running;
let dataDir: string;
beforeAll(async () => {
  dataDir = freshDataDir();
  const config = loadConfig(testEnv(dataDir, { RATE_LIMIT_PER_MINUTE: String(LIMIT) }));
  // A short window so "after the window it passes again" is seen within the test (a minute in production).
  app = await startApp({ ...config, limits: { ...config.limits, rateLimitWindowMs: WINDOW_MS } }, pino({ level: 'silent' }));
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the per-client request rate limit', () => {
  it('is 1200 a minute by default, configurable with RATE_LIMIT_PER_MINUTE, 0 turning it off', () => {
    expect(DEFAULT_LIMITS.rateLimitPerMinute).toBe(1200);
    expect(loadConfig({}).limits.rateLimitPerMinute).toBe(1200);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).limits.rateLimitPerMinute).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it(`answers ${LIMIT} requests, then 429 RATE_LIMITED with Retry-After; another address still passes; after the window it passes again`, async () => {
    const t0 = Date.now();
    const ok: number[] = [];
    for (let i = 0; i < LIMIT; i++) ok.push((await from('127.0.0.1', `${app.url}/health`)).status);
    expect(ok.every((s) => s === 200), ok.join(',')).toBe(true);
    expect(Date.now() - t0, 'the first requests ran within one window').toBeLessThan(WINDOW_MS);

    const refused = await from('127.0.0.1', `${app.url}/api/trading/order`, 'POST', JSON.stringify({ symbol: 'BTCUSDT', side: 'BUY', quantity: 0.001 }));
    const e = expectError(refused, 429, 'RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_MS / 1000, `Retry-After ${retryAfter}`).toBe(true);
    expect(e.error.details).toMatchObject({ limit_per_minute: LIMIT, retry_after_s: retryAfter });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    // Refused before the route: no order was placed.
    const orders = await from('127.0.0.2', `${app.url}/api/trading/orders?status=all`);
    expect((orders.json as { orders: unknown[] }).orders).toEqual([]);

    // An unknown route is limited too (probing does not get around it).
    expectError(await from('127.0.0.1', `${app.url}/no/such/route`), 429, 'RATE_LIMITED');
    // Another client address has its own count.
    expect((await from('127.0.0.2', `${app.url}/health`)).status).toBe(200);
    // A WebSocket upgrade counts as a request and is refused the same way, before the handshake.
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${app.url.replace('http', 'ws')}/ws/multi-symbol`);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => {
        resolve(101);
        ws.close();
      });
      ws.on('error', () => {});
    });
    expect(status).toBe(429);

    await new Promise((r) => setTimeout(r, Math.max(0, retryAfter * 1000 + 100)));
    expect((await from('127.0.0.1', `${app.url}/health`)).status).toBe(200);
  });

  it('answers within the limit carry no rate-limit headers (they come with the refusal)', async () => {
    const res = await from('127.0.0.3', `${app.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
