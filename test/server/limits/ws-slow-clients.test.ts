import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SLOW_CLIENT_CLOSE, SlowClientGuard } from '../../../src/server/limits/ws-slow-clients.js';
import { waitFor } from '../../wait-for.js';

/** A real socket pair on 127.0.0.1; the client can stop reading (its TCP window fills, as a stalled client's). */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: () => number; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  let n = 0;
  client.on('message', () => n++);
  await new Promise((r) => client.once('open', r));
  const server = await serverSide;
  return {
    server,
    client,
    received: () => n,
    close: () =>
      new Promise((r) => {
        client.terminate();
        wss.close(() => r());
      }),
  };
}

const pause = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause();

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

/** Sends 1 kB messages, as fast as a busy market, for `ms`: what a stream does to every client. */
async function stream(socket: WebSocket, ms: number, stop: () => boolean = () => false): Promise<number> {
  const payload = 'x'.repeat(1000);
  const end = Date.now() + ms;
  let maxBuffered = 0;
  while (Date.now() < end && !stop() && socket.readyState === socket.OPEN) {
    // The streams skip a client above their own cap (multi-exchange: 1 MB); so do we here.
    for (let i = 0; i < 50 && socket.bufferedAmount < 1 << 20; i++) socket.send(payload);
    maxBuffered = Math.max(maxBuffered, socket.bufferedAmount);
    await new Promise((r) => setTimeout(r, 2));
  }
  return maxBuffered;
}

describe('a client that stops reading is dropped', () => {
  it('after its send buffer stayed over the limit for the grace period: closed with 1008, then destroyed', async () => {
    const p = await pair();
    cleanup.push(p.close);
    const dropped: number[] = [];
    const guard = new SlowClientGuard({ maxBufferedBytes: 64 * 1024, graceMs: 400 }, (_s, bytes) => dropped.push(bytes));
    cleanup.push(async () => guard.close());
    guard.watch(p.server);
    pause(p.client);
    const t0 = Date.now();
    let over: number | null = null;
    const maxBuffered = await stream(p.server, 20_000, () => {
      if (over === null && p.server.bufferedAmount > 64 * 1024) over = Date.now();
      return dropped.length > 0;
    });
    expect(dropped.length, 'dropped').toBe(1);
    expect(over).not.toBeNull();
    const waited = Date.now() - over!;
    expect(waited).toBeGreaterThanOrEqual(400 - 150);
    expect(waited).toBeLessThan(400 + 1_500);
    expect(maxBuffered).toBeLessThan((1 << 20) + 50_000); // bounded by the stream's own skip cap
    expect(p.server.readyState).toBe(p.server.CLOSING);
    await waitFor(() => p.server.readyState === p.server.CLOSED, 5_000, 'the socket destroyed after its close frame could not be delivered');
    expect(p.server.bufferedAmount, 'what it held is freed').toBe(0);
    expect(guard.size()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a client that keeps reading is never dropped, however much it is sent', async () => {
    const p = await pair();
    cleanup.push(p.close);
    const guard = new SlowClientGuard({ maxBufferedBytes: 64 * 1024, graceMs: 400 });
    cleanup.push(async () => guard.close());
    guard.watch(p.server);
    await stream(p.server, 1_500);
    expect(guard.dropped).toBe(0);
    expect(p.server.readyState).toBe(p.server.OPEN);
    expect(p.received()).toBeGreaterThan(1_000);
  });

  it('a client that pauses for less than the grace period stays', async () => {
    const p = await pair();
    cleanup.push(p.close);
    const guard = new SlowClientGuard({ maxBufferedBytes: 16 * 1024, graceMs: 3_000 });
    cleanup.push(async () => guard.close());
    guard.watch(p.server);
    pause(p.client);
    await stream(p.server, 1_000);
    expect(p.server.bufferedAmount).toBeGreaterThan(16 * 1024);
    (p.client as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => p.server.bufferedAmount === 0, 10_000, 'the backlog drained');
    await new Promise((r) => setTimeout(r, 3_200));
    expect(guard.dropped).toBe(0);
    expect(p.server.readyState).toBe(p.server.OPEN);
  });

  it('uses the policy-violation close code', () => {
    expect(SLOW_CLIENT_CLOSE.code).toBe(1008);
  });
});
