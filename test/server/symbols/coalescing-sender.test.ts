import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CoalescingSender } from '../../../src/server/symbols/coalescing-sender.js';
import { waitFor } from '../../wait-for.js';

/** A real socket pair on 127.0.0.1; the client can stop reading (its TCP window fills, as a slow client's). */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; got: string[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const got: string[] = [];
  client.on('message', (m) => got.push(String(m)));
  await new Promise((r) => client.once('open', r));
  const server = await serverSide;
  return {
    server,
    client,
    got,
    close: () =>
      new Promise((r) => {
        client.terminate();
        wss.close(() => r());
      }),
  };
}

let done: (() => Promise<void>) | null = null;
afterEach(async () => {
  await done?.();
  done = null;
});

describe('a slow client on a bounded, coalescing outbox', () => {
  it('sends straight through while the client keeps up', async () => {
    const p = await pair();
    done = p.close;
    const out = new CoalescingSender(p.server, { maxBufferedBytes: 64 * 1024, maxPending: 10, retryMs: 5 });
    for (let i = 0; i < 100; i++) out.send(`k${i % 3}`, `m${i}`);
    await waitFor(() => p.got.length === 100, 5_000, 'every message');
    expect(p.got[99]).toBe('m99');
    expect(out.coalesced + out.dropped).toBe(0);
  });

  it('keeps the latest message per key while the client does not read, bounded, and delivers them once it reads again', async () => {
    const p = await pair();
    done = p.close;
    const limits = { maxBufferedBytes: 16 * 1024, maxPending: 50, retryMs: 5 };
    const out = new CoalescingSender(p.server, limits);
    (p.client as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const payload = 'x'.repeat(1000);
    let maxBuffered = 0;
    let maxWaiting = 0;
    // 40 keys × 500 rounds = 20,000 messages of 1 kB (20 MB) offered to a client that reads nothing.
    for (let round = 0; round < 500; round++) {
      for (let k = 0; k < 40; k++) out.send(`key${k}`, `${round}|key${k}|${payload}`);
      maxBuffered = Math.max(maxBuffered, p.server.bufferedAmount);
      maxWaiting = Math.max(maxWaiting, out.waiting());
      await new Promise((r) => setImmediate(r));
    }
    expect(maxWaiting).toBeLessThanOrEqual(limits.maxPending);
    // Kernel buffers take some before ws's own buffer grows; ours stops adding at the limit (plus one message).
    expect(maxBuffered).toBeLessThan(limits.maxBufferedBytes + 2_000);
    expect(out.coalesced).toBeGreaterThan(10_000);
    expect(out.dropped).toBe(0);
    (p.client as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => out.waiting() === 0 && p.got.some((m) => m.startsWith('499|')), 10_000, 'the backlog drained');
    await new Promise((r) => setTimeout(r, 50));
    // Far fewer than offered, and what was held back arrives as the latest round of its key.
    expect(p.got.length).toBeLessThan(5_000);
    const last = new Map<string, number>();
    for (const m of p.got) {
      const [round, key] = m.split('|') as [string, string];
      expect(Number(round)).toBeGreaterThanOrEqual(last.get(key) ?? -1); // never older than what came before for that key
      last.set(key, Number(round));
    }
    expect(last.size).toBe(40);
    expect([...last.values()].every((r) => r === 499)).toBe(true);
  });

  it('holds at most maxPending keys: beyond that the oldest waiting message is dropped', async () => {
    const p = await pair();
    done = p.close;
    const out = new CoalescingSender(p.server, { maxBufferedBytes: 4 * 1024, maxPending: 50, retryMs: 5 });
    (p.client as unknown as { _socket: { pause(): void } })._socket.pause();
    const payload = 'y'.repeat(1000);
    // The kernel's socket buffers take the first few MB; then messages start to wait.
    let k = 0;
    while (out.waiting() === 0 && k < 100_000) out.send(`fill${k}`, `fill${k++}|${payload}`);
    expect(out.waiting()).toBe(1);
    for (let i = 0; i < 1_000; i++) out.send(`key${i}`, `key${i}|${payload}`);
    expect(out.waiting()).toBe(50);
    expect(out.dropped).toBe(1 + 1_000 - 50);
    expect(p.server.bufferedAmount).toBeLessThan(4 * 1024 + 2_000);
  });
});
