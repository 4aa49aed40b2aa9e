import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, startTestServer, type TestServer } from '../harness.js';
import { rawHttp } from './raw-http.js';

let server: TestServer;
let port: number;
beforeAll(async () => {
  server = await startTestServer();
  port = Number(new URL(server.url).port);
});
afterAll(() => server?.close());

const MB = 1024 * 1024;
const host = () => `Host: 127.0.0.1:${port}`;
const orderHead = (framing: string) => `POST /api/trading/order HTTP/1.1\r\n${host()}\r\nContent-Type: application/json\r\n${framing}\r\n`;

describe('the request body limit (64 kB)', () => {
  it('a 10 MB body announced by Content-Length is a 413 in the error shape, and the connection is closed', async () => {
    const body = Buffer.alloc(10 * MB, 'a');
    const a = await rawHttp(port, (send) => {
      send(orderHead(`Content-Length: ${body.length}\r\n`));
      send(body);
    });
    const e = expectError(a.reply, 413, 'BODY_TOO_LARGE');
    expect(e.error.message).toContain('65536 bytes');
    expect(e.error.details).toEqual({ limit_bytes: 65536 });
    expect(a.closed, 'the server closed the connection').toBe(true);
  });

  it('a 10 MB body streamed in chunks without Content-Length is refused the same way once it passes the limit', async () => {
    const chunk = Buffer.alloc(MB, '[');
    const a = await rawHttp(port, (send) => {
      send(orderHead('Transfer-Encoding: chunked\r\n'));
      for (let i = 0; i < 10; i++) send(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      send('0\r\n\r\n');
    });
    expectError(a.reply, 413, 'BODY_TOO_LARGE');
    expect(a.closed).toBe(true);
  });

  it('a body that stops short of its Content-Length is not waited for forever: the 413 comes as soon as the limit is passed', async () => {
    // Announces 10 MB, sends 100 kB and then nothing: the answer must not wait for the rest.
    const a = await rawHttp(port, (send) => {
      send(orderHead(`Content-Length: ${10 * MB}\r\n`));
      send(Buffer.alloc(100 * 1024, 'a'));
    });
    expectError(a.reply, 413, 'BODY_TOO_LARGE');
    expect(a.closed).toBe(true);
    expect(a.ms).toBeLessThan(3_000);
  });

  it('a body within the limit still reaches the route (a 400 for its content, not a 413)', async () => {
    const res = await client(server.url).post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.001, note: 'x'.repeat(60 * 1024) });
    expectError(res, 400, 'VALIDATION_ERROR');
  });
});

describe('requests the HTTP parser refuses before any route sees them', () => {
  it('100 kB of headers is a 431 in the error shape, and the connection is closed', async () => {
    const a = await rawHttp(port, (send) => send(`GET /health HTTP/1.1\r\n${host()}\r\nX-Padding: ${'a'.repeat(100_000)}\r\n\r\n`));
    const e = expectError(a.reply, 431, 'HEADERS_TOO_LARGE');
    expect(e.error.message).toMatch(/headers/);
    expect(a.closed).toBe(true);
  });

  it('a 100 kB URL is a 431 in the error shape too', async () => {
    const a = await rawHttp(port, (send) => send(`GET /api/position?symbol=${'A'.repeat(100_000)} HTTP/1.1\r\n${host()}\r\n\r\n`));
    expectError(a.reply, 431, 'HEADERS_TOO_LARGE');
    expect(a.closed).toBe(true);
  });

  it('a request that is not HTTP is a 400 BAD_REQUEST in the error shape', async () => {
    const a = await rawHttp(port, (send) => send('HELLO THERE\r\n\r\n'));
    const e = expectError(a.reply, 400, 'BAD_REQUEST');
    expect(e.error.message).toMatch(/not valid HTTP/);
    expect(a.closed).toBe(true);
  });

  it('a malformed header line is a 400 BAD_REQUEST in the error shape', async () => {
    const a = await rawHttp(port, (send) => send(`GET /health HTTP/1.1\r\n${host()}\r\nBad Header Without Colon\r\n\r\n`));
    expectError(a.reply, 400, 'BAD_REQUEST');
    expect(a.closed).toBe(true);
  });

  it('the server keeps answering afterwards', async () => {
    expect((await client(server.url).get('/health')).status).toBe(200);
  });
});
