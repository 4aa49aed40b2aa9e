import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageRate } from '../../../src/server/limits/message-rate.js';
import { startTestServer, type TestServer } from '../harness.js';
import { waitFor } from '../../wait-for.js';
import { openWs } from './ws-open.js';

describe('MessageRate', () => {
  it('lets a burst through, then the rate', () => {
    let now = 0;
    const r = new MessageRate(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => r.take())).toEqual([true, true, true, true, true, false]);
    now = 100; // 0.1 s: one more
    expect([r.take(), r.take()]).toEqual([true, false]);
    now = 10_000; // refills up to the burst, not beyond
    expect(Array.from({ length: 6 }, () => r.take()).filter(Boolean)).toHaveLength(5);
  });
});

describe('messages a client sends on /ws/multi-symbol', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('a flood of {"op":"symbols"} (each would cost a snapshot) closes the connection with 1008', async () => {
    const o = await openWs(`${server.wsUrl}/ws/multi-symbol`);
    if (!o.ok) throw new Error(o.body);
    for (let i = 0; i < 500; i++) o.ws.send(JSON.stringify({ op: 'symbols', symbols: ['BTCUSDT'] }));
    expect(await o.closed).toBe(1008);
    await waitFor(() => server.app.server.websocketServer.clients.size === 0, 5_000, 'the server let it go');
  });

  it('a client narrowing its stream at a human pace stays connected', async () => {
    const o = await openWs(`${server.wsUrl}/ws/multi-symbol`);
    if (!o.ok) throw new Error(o.body);
    for (let i = 0; i < 30; i++) {
      o.ws.send(JSON.stringify({ op: 'symbols', symbols: [i % 2 ? 'BTCUSDT' : 'ETHUSDT'] }));
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(o.ws.readyState).toBe(o.ws.OPEN);
    expect(o.messages.filter((m) => m.includes('"type":"error"'))).toEqual([]);
    o.ws.close();
  });
});
