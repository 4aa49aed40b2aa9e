import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { client, expectError, expectNamesField, startTestServer, type Reply, type TestServer } from './harness.js';

/** Bugs the fuzzer (test/server/fuzz.test.ts) found, each pinned by the request that showed it. */

let server: TestServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startTestServer();
  api = client(server.url);
});
afterAll(async () => server?.close());

describe('fuzz findings', () => {
  it('a decimal beyond what a JSON number holds is a 400, not a limit that reads back as null ("no limit")', async () => {
    for (const big of ['1e309', '1e400', '9'.repeat(400)]) {
      const body = expectError(await api.post('/api/trading/config/risk', { max_leverage: big }), 400, 'VALIDATION_ERROR');
      expectNamesField(body, 'max_leverage');
    }
    const risk = (await api.get('/api/trading/config/risk')).json as { limits: Record<string, unknown> };
    expect(risk.limits.max_leverage).toBeNull();
    // The largest double is still a number, and reads back as one.
    const res = await api.post('/api/trading/config/risk', { max_leverage: '1e308' });
    expect(res.status, res.text).toBe(200);
    expect((res.json as { limits: Record<string, unknown> }).limits.max_leverage).toBe(1e308);
  });

  it('a bracket leg beyond what a JSON number holds is refused before an order is placed', async () => {
    const body = expectError(await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001, take_profit: '1e400', stop_loss: 1 }), 400, 'VALIDATION_ERROR');
    expectNamesField(body, 'take_profit');
    const orders = (await api.get('/api/trading/orders?status=all')).json as { orders: unknown[] };
    expect(orders.orders).toEqual([]);
  });

  it('an interval named like an Object.prototype member (__proto__, constructor, toString) is unknown, not candles without times', async () => {
    // Longer names stop at the schema's length cap (VALIDATION_ERROR); `toString` fits it and reaches the interval table.
    for (const [interval, code] of [['__proto__', 'VALIDATION_ERROR'], ['constructor', 'VALIDATION_ERROR'], ['toString', 'INVALID_FIELD'], ['valueOf', 'INVALID_FIELD']] as const) {
      const body = expectError(await api.get(`/api/exchanges/sim/klines/BTCUSDT?interval=${interval}`), 400, code);
      expectNamesField(body, 'interval');
    }
  });

  it('orders racing the kill switch never leave a position open behind it', async () => {
    for (let round = 0; round < 3; round++) {
      expect((await api.post('/api/trading/resume', {})).status).toBe(200);
      const order = () => api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 });
      const answers = await Promise.all([...Array.from({ length: 15 }, order), api.post('/api/trading/halt', {}), ...Array.from({ length: 15 }, order)]);
      expect(answers[15]!.status, answers[15]!.text).toBe(200);
      for (const a of answers) expect([200, 422], a.text).toContain(a.status);
      for (const a of answers.filter((x) => x.status === 422)) expectError(a, 422, 'RISK_TRADING_HALTED');
      const risk = (await api.get('/api/trading/config/risk')).json as { state: { trading_state: string } };
      expect(risk.state.trading_state).toBe('HALTED');
      const open = (await api.get('/api/positions?status=open')).json as { positions: unknown[] };
      expect(open.positions, `round ${round}: positions open after the halt`).toEqual([]);
    }
    expect((await api.post('/api/trading/resume', {})).status).toBe(200);
  });

  it('the docs\' static files refuse a path outside them, a range past the end and a failed If-Match with codes of their own', async () => {
    const raw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<Reply>((ok, fail) => {
        const url = new URL(server.url);
        const r = httpRequest({ host: url.hostname, port: url.port, path, headers }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => ok({ status: res.statusCode!, text, json: JSON.parse(text) as unknown, headers: new Headers(res.headers as Record<string, string>) }));
        });
        r.on('error', fail);
        r.end();
      });
    expectError(await raw('/docs/static/../../package.json'), 403, 'FORBIDDEN');
    expectError(await raw('/docs/static/%2e%2e'), 403, 'FORBIDDEN');
    expectError(await raw('/docs/static/swagger-ui.css', { range: 'bytes=999999999-' }), 416, 'RANGE_NOT_SATISFIABLE');
    expectError(await raw('/docs/static/swagger-ui.css', { 'if-match': '"nope"' }), 412, 'PRECONDITION_FAILED');
  });
});
