import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { DEFAULT_LIMITS } from '../../../src/server/limits/server-limits.js';
import { startTestServer, type TestServer } from '../harness.js';
import { waitFor } from '../../wait-for.js';
import { openWs } from './ws-open.js';

let server: TestServer;
const open: WebSocket[] = [];
beforeAll(async () => {
  server = await startTestServer(); // the default cap: 20 per client address
});
afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});
afterAll(() => server?.close());

const urls = () => [`${server.wsUrl}/ws/multi-symbol`, `${server.wsUrl}/ws/multi-exchange/BTCUSDT`];
const serverSockets = () => server.app.server.websocketServer.clients.size;

describe('WebSocket connections per client address', () => {
  it(`allows ${DEFAULT_LIMITS.wsMaxConnectionsPerClient} by default (both streams count), refuses the next with 429 TOO_MANY_CONNECTIONS before the handshake`, async () => {
    const max = DEFAULT_LIMITS.wsMaxConnectionsPerClient;
    expect(max).toBe(20);
    for (let i = 0; i < max; i++) {
      const o = await openWs(urls()[i % 2]!);
      expect(o.ok, `connection ${i + 1}`).toBe(true);
      if (o.ok) open.push(o.ws);
    }
    for (const url of urls()) {
      const refused = await openWs(url);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.status).toBe(429);
      const body = JSON.parse(refused.body) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe('TOO_MANY_CONNECTIONS');
      expect(body.error.message).toMatch(/at most 20/);
      expect(body.error.details).toEqual({ limit: 20 });
    }
    expect(serverSockets()).toBe(max);

    // Another address has its own count.
    const other = await openWs(urls()[0]!, '127.0.0.2');
    expect(other.ok).toBe(true);
    if (other.ok) open.push(other.ws);

    // A closed connection frees its place.
    open.shift()!.close();
    await waitFor(() => serverSockets() === max, 5_000, 'the closed socket is gone on the server');
    const again = await openWs(urls()[1]!);
    expect(again.ok).toBe(true);
    if (again.ok) open.push(again.ws);
  });

  it('refused and failed upgrades give their place back (the count follows the TCP socket)', async () => {
    for (let round = 0; round < 3; round++) {
      const batch = await Promise.all(Array.from({ length: 25 }, () => openWs(urls()[0]!)));
      const opened = batch.filter((o) => o.ok).length;
      expect(opened, `round ${round}`).toBe(20);
      expect(batch.filter((o) => !o.ok && o.status === 429).length).toBe(5);
      for (const o of batch) if (o.ok) o.ws.terminate();
      await waitFor(() => serverSockets() === 0, 5_000, 'every socket closed');
    }
  });
});

describe('symbols one /ws/multi-symbol connection may name', () => {
  const symbols = (n: number) => Array.from({ length: n }, (_, i) => `SYM${i}USDT`);
  const errors = (messages: string[]) =>
    messages.map((m) => JSON.parse(m) as { type: string; error?: { code: string; message: string } }).filter((m) => m.type === 'error').map((m) => m.error!);

  it(`?symbols= with more than ${DEFAULT_LIMITS.wsMaxSymbols} is an error message and a 1008 close`, async () => {
    const o = await openWs(`${server.wsUrl}/ws/multi-symbol?symbols=${symbols(DEFAULT_LIMITS.wsMaxSymbols + 1).join(',')}`);
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(await o.closed).toBe(1008);
    expect(errors(o.messages)[0]?.message).toMatch(/at most 200/);
  });

  it(`{"op":"symbols"} with more than ${DEFAULT_LIMITS.wsMaxSymbols} is refused with an error message; ${DEFAULT_LIMITS.wsMaxSymbols} are taken`, async () => {
    const o = await openWs(`${server.wsUrl}/ws/multi-symbol`);
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    open.push(o.ws);
    o.ws.send(JSON.stringify({ op: 'symbols', symbols: symbols(DEFAULT_LIMITS.wsMaxSymbols + 1) }));
    await waitFor(() => errors(o.messages).length > 0, 5_000, 'an error message');
    const e = errors(o.messages)[0]!;
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toMatch(/symbols: must list at most 200/);
    o.ws.send(JSON.stringify({ op: 'symbols', symbols: symbols(DEFAULT_LIMITS.wsMaxSymbols) }));
    await new Promise((r) => setTimeout(r, 200));
    expect(o.ws.readyState).toBe(o.ws.OPEN);
    expect(errors(o.messages)).toHaveLength(1);
  });
});
