import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerBundle, spawnBundle } from '../crash-loop/server-bundle.js';
import { fakeWebhook } from '../fakes/fake-webhook.js';
import { waitFor } from '../wait-for.js';
import { client, freePort, freshDataDir, killHard, testEnv, waitForHealth, type ChildServer } from './harness.js';

let bundle: string;
let dataDir: string;
let dataDir2: string;
const servers: ChildServer[] = [];

beforeAll(async () => {
  bundle = await buildServerBundle();
  dataDir = freshDataDir();
  dataDir2 = freshDataDir();
}, 60_000);
afterAll(async () => {
  for (const s of servers) await killHard(s);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (dataDir2) rmSync(dataDir2, { recursive: true, force: true });
  if (bundle) rmSync(bundle, { force: true });
});

const outbox = (dir = dataDir): { dedup_key: string; state: string }[] => {
  const db = new Database(join(dir, 'trainer.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT dedup_key, state FROM notification_outbox ORDER BY id').all() as { dedup_key: string; state: string }[];
  } finally {
    db.close();
  }
};

describe('a kill -9 between the event and its delivery', () => {
  it('the fill committed with its outbox row is delivered after the restart, exactly once', async () => {
    const env = testEnv(dataDir, { LOG_LEVEL: 'warn' });
    const slackPort = await freePort();
    const slackUrl = `http://127.0.0.1:${slackPort}/services/T000/B000/XXXXSECRET`;
    // Run 1: Slack cannot be reached (nothing listens on its port); the fill is booked, its message waits.
    const first = spawnBundle(bundle, env, await freePort());
    servers.push(first);
    await waitForHealth(first);
    const api = client(first.url);
    expect((await api.post('/api/notifications/config', { slack: { enabled: true, webhook_url: slackUrl, events: ['order_filled'] } })).status).toBe(200);
    const order = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(order.status).toBe(200);
    const fillId = (order.json as { fills: { fill_id: string }[] }).fills[0]!.fill_id;
    // acknowledged = committed: the outbox row is in the same transaction as the fill
    expect(outbox().map((r) => r.dedup_key)).toEqual([`fill:${fillId}`]);
    await waitFor(async () => ((await api.get('/health')).json as { notifications?: { channel: string; state: string }[] }).notifications?.some((n) => n.channel === 'slack' && n.state === 'failing'), 8_000, 'slack failing');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(outbox()[0]!.state).not.toBe('done');

    // Run 2: Slack is up; the message is sent after the start, once.
    const slack = await fakeWebhook(slackPort);
    try {
      const second = spawnBundle(bundle, env, await freePort());
      servers.push(second);
      await waitForHealth(second);
      await waitFor(() => slack.received.length >= 1, 10_000, 'the delivery after the restart');
      await new Promise((r) => setTimeout(r, 1_500)); // nothing more comes
      expect(slack.received.map((r) => r.idempotencyKey)).toEqual([`fill:${fillId}`]);
      expect((slack.received[0]!.body as { text: string }).text).toMatch(/^\*Order filled: BTCUSDT\*\nBUY BTCUSDT on sim \(simulation\) 0\.01 @ /);
      await waitFor(() => outbox()[0]!.state === 'done', 5_000, 'the row done');
      // and a restart after it sends nothing again
      await killHard(second);
      const third = spawnBundle(bundle, env, await freePort());
      servers.push(third);
      await waitForHealth(third);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(slack.received).toHaveLength(1);
    } finally {
      await slack.close();
    }
  }, 60_000);

  it('killed while Slack held the request: sent again after the restart with the same Idempotency-Key, so the receiver keeps one', async () => {
    const env = testEnv(dataDir2, { LOG_LEVEL: 'warn' });
    const slack = await fakeWebhook();
    try {
      slack.script.push({ status: 0 }); // takes the message and never answers
      const first = spawnBundle(bundle, env, await freePort());
      servers.push(first);
      await waitForHealth(first);
      const api = client(first.url);
      await api.post('/api/notifications/config', { slack: { enabled: true, webhook_url: slack.url, events: ['order_filled'] } });
      const order = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: 0.01 });
      const key = `fill:${(order.json as { fills: { fill_id: string }[] }).fills[0]!.fill_id}`;
      await waitFor(() => slack.received.length === 1, 8_000, 'the request in flight');
      first.child.kill('SIGKILL');
      await first.exited;
      const second = spawnBundle(bundle, env, await freePort());
      servers.push(second);
      await waitForHealth(second);
      await waitFor(() => slack.received.some((r) => r.status === 200), 10_000, 'the resend');
      await waitFor(() => outbox(dataDir2)[0]?.state === 'done', 5_000, 'the row done');
      await new Promise((r) => setTimeout(r, 1_200));
      expect(slack.received.map((r) => [r.idempotencyKey, r.status])).toEqual([
        [key, 0],
        [key, 200],
      ]);
      expect(new Set(slack.received.map((r) => r.idempotencyKey)).size).toBe(1);
    } finally {
      await slack.close();
    }
  }, 60_000);
});
