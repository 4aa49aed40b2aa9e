import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEHOLDER, PLACEHOLDER_INLINE } from '../../../src/server/routes/web.js';
import { pageCsp } from '../../../src/server/security/security-headers.js';
import { REPO_ROOT, startTestServer, type Reply, type TestServer } from '../harness.js';
import { rawRequest } from './door-probes.js';

const directives = (csp: string | null): Map<string, string> =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)] as [string, string]),
  );

const expectBaseHeaders = (res: Reply, what: string) => {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(directives(res.headers.get('content-security-policy')).get('frame-ancestors'), what).toBe("'none'");
  expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-')), what).toEqual([]);
};

describe('security headers on every answer', () => {
  let srv: TestServer;
  let port: string;

  beforeAll(async () => {
    srv = await startTestServer();
    port = new URL(srv.url).port;
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('API answers and refusals: nothing may frame, sniff or load them as a page (CSP default-src none)', async () => {
    const answers: [string, Reply][] = [
      ['GET /health', await rawRequest(srv.url, 'GET', '/health')],
      ['GET /api/trading/config', await rawRequest(srv.url, 'GET', '/api/trading/config')],
      ['404', await rawRequest(srv.url, 'GET', '/api/nope')],
      ['400', await rawRequest(srv.url, 'GET', '/api/exchanges/sim/ticker/%00')],
      ['400 (a bad URL, before routing)', await rawRequest(srv.url, 'GET', '/api/exchanges/sim/ticker/%E0%A4%A')],
      ['415', await rawRequest(srv.url, 'POST', '/api/trading/halt')],
      ['403', await rawRequest(srv.url, 'POST', '/api/trading/halt', { origin: 'http://evil.example', 'content-type': 'application/json' })],
      ['421', await rawRequest(srv.url, 'GET', '/health', { host: 'evil.example' })],
    ];
    for (const [what, res] of answers) {
      expectBaseHeaders(res, what);
      expect(directives(res.headers.get('content-security-policy')).get('default-src'), what).toBe("'none'");
    }
  });

  it("the page's CSP allows scripts only from itself (never inline) and WebSockets only to the Host it was asked by", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await rawRequest(srv.url, 'GET', '/', { host });
      expect(res.status).toBe(200);
      expectBaseHeaders(res, host);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('connect-src')).toBe(`'self' ws://${host} wss://${host}`);
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('base-uri')).toBe("'none'");
      expect([...csp.values()].join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
  });

  it("the page's scripts carry the page's CSP too (a Worker's own policy comes from its script)", async () => {
    const assets = readdirSync(join(REPO_ROOT, 'web', 'dist', 'assets')).filter((f) => f.endsWith('.js'));
    expect(assets.some((f) => f.startsWith('feed-worker'))).toBe(true);
    for (const file of assets) {
      const res = await rawRequest(srv.url, 'GET', `/assets/${file}`);
      expect(res.status, file).toBe(200);
      expectBaseHeaders(res, file);
      expect(directives(res.headers.get('content-security-policy')).get('connect-src'), file).toBe(`'self' ${srv.wsUrl} ${srv.wsUrl.replace('ws:', 'wss:')}`);
    }
  });

  it("/docs has its own CSP: Swagger UI's scripts from itself, its style attributes allowed, never framed", async () => {
    for (const path of ['/docs', '/docs/static/swagger-initializer.js', '/docs/json']) {
      const res = await rawRequest(srv.url, 'GET', path);
      expect(res.status, path).toBe(200);
      expectBaseHeaders(res, path);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('script-src'), path).toBe("'self'");
      expect(csp.get('style-src'), path).toBe("'self' 'unsafe-inline'");
    }
  });
});

describe('the status page shown before the trainer is built', () => {
  it('allows its own inline script and style by their hashes, not by unsafe-inline', () => {
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(PLACEHOLDER)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(PLACEHOLDER)![1]!;
    const csp = directives(pageCsp('127.0.0.1:8001', PLACEHOLDER_INLINE));
    expect(csp.get('script-src')).toBe(`'self' ${hash(script)}`);
    expect(csp.get('style-src')).toBe(`'self' ${hash(style)}`);
    expect(csp.get('connect-src')).toBe("'self' ws://127.0.0.1:8001 wss://127.0.0.1:8001");
  });
});
