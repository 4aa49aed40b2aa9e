import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { slackTransport, webhookTransport } from '../../src/adapters/notify/webhook-transports.js';
import { NotificationSender } from '../../src/engine/notifications/notification-sender.js';
import { openDatabase, type SqliteDb } from '../../src/persistence/sqlite/database.js';
import { SqliteNotificationConfig } from '../../src/persistence/sqlite/sqlite-notification-config.js';
import { SqliteOutbox } from '../../src/persistence/sqlite/sqlite-outbox.js';
import { fakeWebhook } from '../fakes/fake-webhook.js';
import { waitFor } from '../wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(): { db: SqliteDb; outbox: SqliteOutbox; config: SqliteNotificationConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'notify-sender-'));
  const db = openDatabase(join(dir, 'trainer.db'));
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, outbox: new SqliteOutbox(db), config: new SqliteNotificationConfig(db, randomBytes(32)) };
}

const msg = (i: number) => ({ dedupKey: `fill:${i}`, kind: 'order_filled' as const, title: `Order filled ${i}`, body: `BUY BTCUSDT ${i}`, time: 1_700_000_000_000 + i });

describe('the notification sender against a Slack stand-in', () => {
  it('retries a 500 with back-off and honours a 429 Retry-After, then sends each message once, at most one a second', async () => {
    const slack = await fakeWebhook();
    cleanups.push(() => slack.close());
    const { outbox, config } = setup();
    config.save('slack', { enabled: true, events: ['order_filled'], secret: slack.url });
    slack.script.push({ status: 500 }, { status: 429, retryAfter: '2' });
    const sender = new NotificationSender({ outbox, config, transports: { slack: slackTransport }, pollMs: 50, baseBackoffMs: 200 });
    cleanups.push(() => sender.stop());
    expect(outbox.add(msg(1))).toBe(true);
    expect(outbox.add(msg(1))).toBe(false); // the same happening twice is one row
    outbox.add(msg(2));
    outbox.add(msg(3));
    sender.start();
    await waitFor(() => slack.received.filter((r) => r.status === 200).length === 3, 15_000, 'three messages accepted');
    const [first, second, ...rest] = slack.received;
    expect(first!.status).toBe(500);
    expect(second!.status).toBe(429);
    // the retry after the 500 waited its back-off; nothing at all went out during the 429's 2 s
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(190);
    expect(rest[0]!.at - second!.at).toBeGreaterThanOrEqual(1_990);
    const ok = slack.received.filter((r) => r.status === 200);
    expect(ok.map((r) => r.idempotencyKey)).toEqual(['fill:1', 'fill:2', 'fill:3']);
    expect((ok[0]!.body as { text: string }).text).toBe('*Order filled 1*\nBUY BTCUSDT 1');
    // Slack's rate: at most one message a second
    for (let i = 1; i < ok.length; i++) expect(ok[i]!.at - ok[i - 1]!.at).toBeGreaterThanOrEqual(990);
    await waitFor(() => outbox.pending('slack') === 0, 5_000, 'slack drained');
    expect(sender.health().find((h) => h.channel === 'slack')).toMatchObject({ state: 'ok', pending: 0 });
  }, 30_000);

  it('a channel that keeps failing is shown failing, gives up after its attempts, and a 404 is not retried', async () => {
    const hook = await fakeWebhook();
    cleanups.push(() => hook.close());
    const { db, outbox, config } = setup();
    config.save('webhook', { enabled: true, events: ['order_filled'], secret: hook.url, settings: { template: '{"content":"{{text}}","n":1}' } });
    hook.script.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 404 });
    const sender = new NotificationSender({ outbox, config, transports: { webhook: webhookTransport }, pollMs: 20, baseBackoffMs: 20, maxAttempts: 3, minIntervalMs: { webhook: 0 } });
    cleanups.push(() => sender.stop());
    outbox.add(msg(1));
    sender.start();
    await waitFor(() => hook.received.length === 3 && outbox.pending('webhook') === 0, 10_000, 'three attempts');
    expect(sender.health().find((x) => x.channel === 'webhook')!.state).toBe('failing');
    outbox.add(msg(2));
    sender.kick();
    await waitFor(() => hook.received.length === 4 && outbox.pending('webhook') === 0, 10_000, 'the 404');
    const h = sender.health().find((x) => x.channel === 'webhook')!;
    expect(h.state).toBe('failing');
    expect(h.lastError).toContain('404');
    expect(hook.received[0]!.body).toEqual({ content: 'Order filled 1\nBUY BTCUSDT 1', n: 1 });
    const rows = db.prepare('SELECT outbox_id, status, attempts FROM notification_deliveries ORDER BY outbox_id').all();
    expect(rows).toEqual([
      { outbox_id: 1, status: 'failed', attempts: 3 },
      { outbox_id: 2, status: 'failed', attempts: 1 },
    ]);
    expect(db.prepare("SELECT COUNT(*) FROM notification_outbox WHERE state = 'done'").pluck().get()).toBe(2);
  }, 20_000);

  it('an event switched off for a channel is not sent on it; a restart sends what was left', async () => {
    const slack = await fakeWebhook();
    cleanups.push(() => slack.close());
    const { outbox, config } = setup();
    config.save('slack', { enabled: true, events: ['tp_sl_hit'], secret: slack.url });
    outbox.add(msg(1));
    outbox.add({ ...msg(2), kind: 'tp_sl_hit', dedupKey: 'fill:2' });
    const first = new NotificationSender({ outbox, config, transports: { slack: slackTransport }, pollMs: 20 });
    // a sender that stopped before it sent anything: the next one sends it
    const second = new NotificationSender({ outbox, config, transports: { slack: slackTransport }, pollMs: 20 });
    cleanups.push(() => second.stop());
    await first.stop();
    second.start();
    await waitFor(() => slack.received.length === 1, 5_000, 'one message');
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.received.map((r) => r.idempotencyKey)).toEqual(['fill:2']);
  });

  it('prunes only what is done and old', () => {
    const { db, outbox } = setup();
    outbox.add(msg(1)); // old, done below
    outbox.add(msg(2)); // old, still waiting
    outbox.add({ ...msg(3), time: Date.now() });
    outbox.expand(() => ['slack']);
    outbox.markSent(1, 'slack', 1, Date.now());
    outbox.markSent(3, 'slack', 1, Date.now());
    expect(outbox.prune(Date.now() - 86_400_000)).toBe(1);
    expect(db.prepare('SELECT dedup_key FROM notification_outbox ORDER BY id').pluck().all()).toEqual(['fill:2', 'fill:3']);
    expect(db.prepare('SELECT outbox_id FROM notification_deliveries ORDER BY outbox_id').pluck().all()).toEqual([2, 3]);
  });
});
