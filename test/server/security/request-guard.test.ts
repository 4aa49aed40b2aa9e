import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, startTestServer, type OrderJson, type PositionJson, type TestServer } from '../harness.js';
import { probeUpgrade, rawRequest } from './door-probes.js';

const EVIL = 'http://evil.example';
const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * The browser's doors on a real port: what another web page (or a DNS-rebinding one) can make the
 * browser send is refused before any route runs; the server's own page and plain clients pass.
 */
describe('the request guard: Host, Origin, Sec-Fetch-Site and Content-Type', () => {
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  let port: string;

  beforeAll(async () => {
    srv = await startTestServer();
    api = client(srv.url);
    port = new URL(srv.url).port;
  });
  afterAll(async () => {
    await srv?.close();
  });

  const position = async () => (await api.get('/api/position?symbol=BTCUSDT')).json as PositionJson;
  const orderCount = async () => ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders.length;

  describe('Host', () => {
    it('a foreign Host (DNS rebinding) is a 421 on every route, reads included', async () => {
      for (const [method, path] of [
        ['GET', '/health'],
        ['GET', '/api/trading/config'],
        ['GET', '/'],
        ['POST', '/api/trading/halt'],
        ['GET', '/no/such/route'],
      ] as const) {
        const res = await rawRequest(srv.url, method, path, { host: `evil.example:${port}`, ...JSON_TYPE });
        const body = expectError(res, 421, 'HOST_NOT_ALLOWED');
        expect(body.error.message).toContain('evil.example');
      }
      expect((await api.get('/api/trading/config')).json).toMatchObject({ mode: 'simulation' });
    });

    it('the loopback names on our own port pass; another port or a bare name does not; no Host at all is refused', async () => {
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
        expect((await rawRequest(srv.url, 'GET', '/health', { host })).status, host).toBe(200);
      }
      for (const host of ['localhost', '127.0.0.1:1', `127.0.0.2:${port}`, `localhost.evil.example:${port}`, `[::2]:${port}`]) {
        expectError(await rawRequest(srv.url, 'GET', '/health', { host }), 421, 'HOST_NOT_ALLOWED');
      }
      expectError(await rawRequest(srv.url, 'GET', '/health', { host: null }), 421, 'HOST_NOT_ALLOWED');
    });

    it('a WebSocket upgrade with a foreign Host is refused with a 421 before it opens', async () => {
      for (const path of ['/ws/multi-symbol', '/ws/multi-exchange/BTCUSDT']) {
        const r = await probeUpgrade(`${srv.wsUrl}${path}`, { host: `evil.example:${port}` });
        expect(r.opened, path).toBe(false);
        expect(r.messages).toEqual([]);
        expect(r.status).toBe(421);
        expect(JSON.parse(r.body!)).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
      }
    });
  });

  describe('Origin and Sec-Fetch-Site on state-changing requests', () => {
    it('a bodyless cross-site halt (no-cors fetch, sendBeacon) is refused and no order is placed: the position stays open', async () => {
      const open = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
      expect(open.status, open.text).toBe(200);
      const before = await position();
      expect([before.side, before.quantity]).toEqual(['LONG', 0.01]);
      const orders = await orderCount();

      const attacks: Record<string, string>[] = [
        { origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-length': '0' }, // what the browser sends for the page
        { origin: EVIL, ...JSON_TYPE }, // refused for its Origin, not for its type
        { origin: 'null', ...JSON_TYPE }, // a sandboxed frame or a file: page
        { origin: `http://localhost:${Number(port) + 1}`, ...JSON_TYPE }, // another local app is another origin
        { origin: `https://127.0.0.1:${port}`, ...JSON_TYPE },
        { 'sec-fetch-site': 'cross-site', ...JSON_TYPE }, // no Origin header, still another site
        { 'sec-fetch-site': 'same-site', ...JSON_TYPE }, // another port or subdomain of the same site
      ];
      for (const headers of attacks) {
        const res = await rawRequest(srv.url, 'POST', '/api/trading/halt', { host: `127.0.0.1:${port}`, ...headers });
        expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
      }
      // Without any browser header but also without the JSON type: a 415, still nothing done.
      expectError(await rawRequest(srv.url, 'POST', '/api/trading/halt', { host: `127.0.0.1:${port}` }), 415, 'UNSUPPORTED_MEDIA_TYPE');

      expect(await position()).toMatchObject({ side: 'LONG', quantity: 0.01, position_id: before.position_id });
      expect(await orderCount()).toBe(orders);
      expect((await api.get('/api/trading/config/risk')).json).toMatchObject({ state: { trading_state: 'ACTIVE' } });
    });

    it('the same for resume (a halt stays), disconnect and connect, an order and a DELETE', async () => {
      const halted = await api.post('/api/trading/halt');
      expect(halted.status, halted.text).toBe(200);
      expect(await position()).toMatchObject({ side: 'FLAT' });
      const orders = await orderCount();
      for (const [method, path, body] of [
        ['POST', '/api/trading/resume', undefined],
        ['POST', '/api/exchanges/sim/disconnect', undefined],
        ['POST', '/api/exchanges/binance/connect', undefined],
        ['POST', '/api/trading/order', JSON.stringify({ symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 })],
        ['DELETE', '/api/symbols/ETHUSDT?force=true', undefined],
      ] as const) {
        for (const headers of [{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
          const res = await rawRequest(srv.url, method, path, { host: `localhost:${port}`, ...JSON_TYPE, ...headers }, body);
          expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
        }
      }
      expect((await api.get('/api/trading/config/risk')).json).toMatchObject({ state: { trading_state: 'HALTED' } });
      expect(await orderCount()).toBe(orders);
      const symbols = ((await api.get('/api/symbols')).json as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol);
      expect(symbols).toContain('ETHUSDT');
      const exchanges = ((await api.get('/api/exchanges')).json as { exchanges: { id: string; connected: boolean }[] }).exchanges;
      expect(exchanges.find((e) => e.id === 'binance')).toMatchObject({ connected: false });
    });

    it("the server's own page passes (same-origin, or its Origin on any loopback name), and so do plain clients", async () => {
      const passing: Record<string, string>[] = [
        { origin: srv.url, 'sec-fetch-site': 'same-origin' },
        { origin: `http://localhost:${port}` },
        { 'sec-fetch-site': 'none' }, // typed into the address bar / a bookmark
        {}, // curl
      ];
      for (const headers of passing) {
        const res = await rawRequest(srv.url, 'POST', '/api/trading/resume', { host: `127.0.0.1:${port}`, ...JSON_TYPE, ...headers });
        expect(res.status, `${JSON.stringify(headers)}: ${res.text}`).toBe(200);
      }
      // A cross-site GET is a link or a navigation: it is answered (the browser keeps the answer from the other page).
      expect((await rawRequest(srv.url, 'GET', '/health', { origin: EVIL, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    });
  });

  describe('Content-Type', () => {
    it('every POST and DELETE needs application/json, a bodyless one too; with it a bodyless one works', async () => {
      for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
        for (const [method, path] of [
          ['POST', '/api/trading/resume'],
          ['POST', '/api/exchanges/sim/connect'],
          ['DELETE', '/api/symbols/ETHUSDT'],
          ['PUT', '/api/symbols/ETHUSDT'],
          ['PATCH', '/api/trading/order'],
        ] as const) {
          const res = await rawRequest(srv.url, method, path, { 'content-type': type, 'content-length': '0' });
          const body = expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
          expect(body.error.message).toContain('application/json');
        }
      }
      for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
        expect((await rawRequest(srv.url, 'POST', '/api/trading/resume', { 'content-type': type, 'content-length': '0' })).status, type).toBe(200);
        expect((await rawRequest(srv.url, 'POST', '/api/trading/resume', { 'content-type': type })).status, type).toBe(200);
      }
      // An optional body may be absent: connect with no body is connect with {}.
      expect((await api.post('/api/exchanges/sim/connect')).json).toMatchObject({ id: 'sim', connected: true });
      // A required one may not: the order route names the body.
      expectError(await rawRequest(srv.url, 'POST', '/api/trading/order', JSON_TYPE), 400, 'VALIDATION_ERROR');
    });
  });

  describe('WebSocket hijacking', () => {
    it('a foreign Origin cannot open /ws/multi-symbol or /ws/multi-exchange: refused with a 403, never opened, no message', async () => {
      for (const path of ['/ws/multi-symbol', '/ws/multi-symbol?symbols=BTCUSDT', '/ws/multi-exchange/BTCUSDT']) {
        for (const headers of [{ origin: EVIL }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: srv.url, 'sec-fetch-site': 'same-site' }] as Record<string, string>[]) {
          const r = await probeUpgrade(`${srv.wsUrl}${path}`, headers);
          expect(r.opened, `${path} ${JSON.stringify(headers)}`).toBe(false);
          expect(r.messages).toEqual([]);
          expect(r.status).toBe(403);
          expect(JSON.parse(r.body!)).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
        }
      }
    });

    it("the server's own origin (and a client without one) opens and streams", async () => {
      for (const headers of [{ origin: srv.url }, { origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' }, {}] as Record<string, string>[]) {
        const r = await probeUpgrade(`${srv.wsUrl}/ws/multi-exchange/BTCUSDT`, headers, 2_000);
        expect(r.opened, JSON.stringify(headers)).toBe(true);
        expect(r.messages.length).toBeGreaterThan(0);
      }
      const r = await probeUpgrade(`${srv.wsUrl}/ws/multi-symbol`, { origin: srv.url }, 500);
      expect(r.opened).toBe(true);
      expect(r.messages.some((m) => JSON.parse(m).type === 'symbols')).toBe(true);
    });
  });

  it('no answer carries a CORS header, a preflight included', async () => {
    const answers = [
      await rawRequest(srv.url, 'OPTIONS', '/api/trading/halt', { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }),
      await rawRequest(srv.url, 'GET', '/api/trading/config', { origin: EVIL }),
      await rawRequest(srv.url, 'POST', '/api/trading/halt', { origin: EVIL, ...JSON_TYPE }),
      await rawRequest(srv.url, 'GET', '/health', { origin: srv.url }),
      await rawRequest(srv.url, 'GET', '/', { origin: EVIL }),
    ];
    expect(answers[0]!.status).toBeGreaterThanOrEqual(400); // no preflight is ever granted
    for (const res of answers) {
      expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    }
  });
});
