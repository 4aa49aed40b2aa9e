import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startTestServer, type TestServer } from '../harness.js';
import { waitFor } from '../../wait-for.js';
import { openWs, type OpenSocket } from './ws-open.js';

const LIMIT = 64 * 1024;
const GRACE_MS = 500;

let server: TestServer;
beforeAll(async () => {
  // A fast market (4,000 ticks a second) so a client that stops reading fills the kernel's buffers
  // within seconds; the slow-client limits small so the test need not wait for the defaults.
  server = await startTestServer({ SIM_SPEED: '1000', SIM_SYMBOLS: 'BTCUSDT', WS_MAX_BUFFERED_BYTES: String(LIMIT), WS_SLOW_CLIENT_GRACE_MS: String(GRACE_MS) });
});
afterAll(() => server?.close());

const pause = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause();
const serverSockets = () => [...server.app.server.websocketServer.clients];

async function open(path: string): Promise<OpenSocket> {
  const o = await openWs(`${server.wsUrl}${path}`);
  if (!o.ok) throw new Error(`${path}: ${o.status} ${o.body}`);
  return o;
}

describe.each(['/ws/multi-exchange/BTCUSDT', '/ws/multi-symbol'])('%s: a client that stops reading', (path) => {
  it('is dropped after the grace period while the server’s buffered bytes stay bounded; a client that reads stays', async () => {
    const reader = await open(path);
    const stalled = await open(path);
    await waitFor(() => serverSockets().length === 2, 5_000, 'both connected');
    const before = new Set(serverSockets());
    pause(stalled.ws);
    const rss0 = process.memoryUsage().rss;
    let maxBuffered = 0;
    const t0 = Date.now();
    await waitFor(
      () => {
        maxBuffered = Math.max(maxBuffered, ...serverSockets().map((s) => s.bufferedAmount));
        return serverSockets().length === 1;
      },
      25_000,
      'the stalled client dropped',
    );
    const tookMs = Date.now() - t0;
    // The one left is the reader's socket, still open and still receiving.
    const left = serverSockets()[0]!;
    expect(before.has(left)).toBe(true);
    expect(left.readyState).toBe(left.OPEN);
    const got = reader.messages.length;
    await waitFor(() => reader.messages.length > got + 10, 5_000, 'the reader still gets messages');
    // Bounded: the multi-exchange stream skips a socket above 1 MB, the multi-symbol one coalesces above 256 kB.
    expect(maxBuffered, `max buffered ${maxBuffered} bytes`).toBeLessThan((1 << 20) + 64 * 1024);
    expect(maxBuffered).toBeGreaterThan(LIMIT);
    expect(process.memoryUsage().rss - rss0, 'no runaway growth of the server process meanwhile').toBeLessThan(200 * 1024 * 1024);
    console.log(`${path}: stalled client dropped after ${tookMs} ms (kernel buffers fill first), max buffered ${maxBuffered} bytes`);
    reader.ws.terminate();
    stalled.ws.terminate();
    await waitFor(() => serverSockets().length === 0, 5_000, 'all closed');
  });
});
