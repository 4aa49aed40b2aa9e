import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../../../src/server/limits/json-depth.js';
import { client, expectError, request, startTestServer, type TestServer } from '../harness.js';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, mixed', () => {
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds(nestedObject(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nestedObject(33), 32)).toBe(true);
    expect(jsonDepthExceeds('[{"a":[{"b":[1]}]}]', 4)).toBe(true);
    expect(jsonDepthExceeds('[{"a":[{"b":[1]}]}]', 5)).toBe(false);
  });

  it('is depth, not the number of brackets: many siblings at one level pass', () => {
    expect(jsonDepthExceeds(`[${Array.from({ length: 1000 }, () => '[1]').join(',')}]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const s = JSON.stringify({ note: '[[[[[[[[[[{{{{{{{{{{ \\" [[[[[[' });
    expect(jsonDepthExceeds(s, 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'x\\', b: [[1]] }), 2)).toBe(true);
  });
});

describe('a request body nested too deep', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('33 levels of arrays is a 400 JSON_TOO_DEEP before any validation', async () => {
    const res = await request(server.url, 'POST', '/api/trading/order', { raw: nested(33) });
    const e = expectError(res, 400, 'JSON_TOO_DEEP');
    expect(e.error.details).toEqual({ max_depth: 32 });
  });

  it('30,000 levels (what would blow a recursive walker) is the same 400, and the server stays healthy', async () => {
    for (const raw of [nested(30_000), nestedObject(10_000), nested(30_000, '[', '')]) {
      expectError(await request(server.url, 'POST', '/api/symbols/add', { raw }), 400, 'JSON_TOO_DEEP');
    }
    expect((await client(server.url).get('/health')).status).toBe(200);
  });

  it('a body within the depth is read and validated as usual', async () => {
    // 32 levels inside a strict body: the unknown field is named, not the depth.
    const res = await request(server.url, 'POST', '/api/trading/order', { raw: `{"symbol":"BTCUSDT","side":"BUY","quantity":0.001,"deep":${nested(31)}}` });
    const e = expectError(res, 400, 'VALIDATION_ERROR');
    expect(e.error.message).toContain('deep');
  });

  it('Fastify’s prototype-poisoning check is kept behind the depth check', async () => {
    const res = await request(server.url, 'POST', '/api/trading/order', { raw: '{"symbol":"BTCUSDT","__proto__":{"admin":true}}' });
    expect(res.status).toBe(400);
    expect((res.json as { error: { code: string } }).error.code).toMatch(/^(MALFORMED_JSON|BAD_REQUEST)$/);
  });

  it('malformed JSON is still MALFORMED_JSON, and an empty JSON body what it was', async () => {
    expectError(await request(server.url, 'POST', '/api/trading/order', { raw: '{"symbol":' }), 400, 'MALFORMED_JSON');
    const empty = await request(server.url, 'POST', '/api/trading/order', { raw: '' });
    expect(empty.status).toBe(400);
  });
});
