import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeWebhook } from '../fakes/fake-webhook.js';
import { waitFor } from '../wait-for.js';
import { client, expectError, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let slack: Awaited<ReturnType<typeof fakeWebhook>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  slack = await fakeWebhook();
  server = await startTestServer();
  api = client(server.url);
});
afterAll(async () => {
  await server.close();
  await slack.close();
});

const texts = () => slack.received.filter((r) => r.status === 200).map((r) => (r.body as { text: string }).text);

describe('notifications over HTTP', () => {
  it('stores the Slack URL and the SMTP password encrypted and answers them masked', async () => {
    const res = await api.post('/api/notifications/config', {
      slack: { enabled: true, webhook_url: slack.url, events: ['order_filled', 'tp_sl_hit', 'order_rejected', 'price_alert', 'risk_state'] },
      email: { enabled: false, host: 'smtp.example.com', port: 587, user: 'trader', password: 'pa55-word-xyz', to: 'me@example.com' },
      browser: { enabled: true, events: ['order_filled', 'price_alert'] },
    });
    expect(res.status).toBe(200);
    const body = res.json as { channels: Record<string, Record<string, unknown>> };
    expect(body.channels.slack).toMatchObject({ enabled: true, webhook_url: `http://127.0.0.1:${new URL(slack.url).port}/…CRET` });
    expect(body.channels.email).toMatchObject({ host: 'smtp.example.com', has_password: true, security: 'starttls', to: 'me@example.com' });
    expect(JSON.stringify(body)).not.toContain('XXXXSECRET');
    expect(JSON.stringify(body)).not.toContain('pa55-word');
    const raw = readFileSync(join(server.dataDir, 'trainer.db')).toString('latin1') + readFileSync(join(server.dataDir, 'trainer.db-wal')).toString('latin1');
    expect(raw).not.toContain('XXXXSECRET');
    expect(raw).not.toContain('pa55-word');
    expect((await api.get('/api/notifications/config')).json).toEqual(body);
  });

  it('refuses bad settings with 400 in the error shape and changes nothing', async () => {
    const before = (await api.get('/api/notifications/config')).json;
    expectError(await api.post('/api/notifications/config', { slack: { webhook_url: 'ftp://x' } }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/notifications/config', { slack: { events: ['order_filed'] } }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/notifications/config', { webhook: { template: '{not json' } }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/notifications/config', { pager: {} }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/notifications/config', {}), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/notifications/test', { channel: 'browser' }), 400, 'VALIDATION_ERROR');
    expect((await api.get('/api/notifications/config')).json).toEqual(before);
  });

  it('"send test" reaches Slack; a channel that refuses is a 502 naming its answer', async () => {
    const ok = await api.post('/api/notifications/test', { channel: 'slack' });
    expect(ok.status).toBe(200);
    await waitFor(() => texts().some((t) => t.includes('Scalping Trainer test')), 5_000, 'the test message');
    slack.script.push({ status: 500 });
    const bad = expectError(await api.post('/api/notifications/test', { channel: 'slack' }), 502, 'NOTIFICATION_FAILED');
    expect(bad.error.message).toContain('500');
  });

  it('a fill is sent to Slack and listed for the browser', async () => {
    const { last_id: since } = (await api.get('/api/notifications')).json as { last_id: number };
    const order = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(order.status).toBe(200);
    await waitFor(() => texts().some((t) => t.startsWith('*Order filled: BTCUSDT*')), 8_000, 'the fill on Slack');
    const feed = (await api.get(`/api/notifications?after=${since}`)).json as { messages: { kind: string; title: string }[] };
    expect(feed.messages.map((m) => m.kind), JSON.stringify(feed) + since).toContain('order_filled');
  });

  it('a bracket exit filling is told as take-profit or stop-loss hit', async () => {
    const ticker = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { last: number };
    const r = (p: number) => Math.round(p * 10) / 10;
    const res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01, take_profit: r(ticker.last + 3), stop_loss: r(ticker.last - 3) });
    expect(res.status, res.text).toBe(200);
    await waitFor(() => texts().find((t) => /^\*(Take-profit|Stop-loss) hit: BTCUSDT\*\nSELL BTCUSDT on sim \(simulation\)/.test(t)), 20_000, 'the exit on Slack');
  }, 30_000);

  it('an order the venue refuses is told with its reason', async () => {
    const ticker = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { last: number };
    // a buy stop below the market would trigger at once: the venue refuses it
    const res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_MARKET', quantity: 0.01, stop_price: Math.round(ticker.last * 0.99) });
    expectError(res, 422, 'ORDER_WOULD_IMMEDIATELY_TRIGGER');
    await waitFor(() => texts().find((t) => t.startsWith('*Order refused: BTCUSDT*')), 8_000, 'the refusal on Slack');
    expect(texts().find((t) => t.startsWith('*Order refused: BTCUSDT*'))).toContain('(ORDER_WOULD_IMMEDIATELY_TRIGGER): the stop price would trigger immediately');
  });

  it('price alerts: set, fired by the ticks, listed, moved, deleted; bad ones are 4xx', async () => {
    const ticker = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { last: number };
    // below a price far above the market: the next tick fires it
    const above = Math.round(ticker.last * 2 * 10) / 10;
    const created = await api.post('/api/alerts', { symbol: 'btcusdt', direction: 'below', price: above, repeat: false });
    expect(created.status).toBe(200);
    const id = (created.json as { id: number }).id;
    await waitFor(() => texts().some((t) => t.includes(`Price alert: BTCUSDT below`)), 8_000, 'the alert on Slack');
    const list = (await api.get('/api/alerts')).json as { alerts: { id: number; fired: number; armed: boolean }[] };
    expect(list.alerts.find((a) => a.id === id)).toMatchObject({ fired: 1, armed: false });
    const moved = await api.send('PATCH', `/api/alerts/${id}`, { json: { price: 1 } });
    expect(moved.json).toMatchObject({ id, price: 1, armed: true });
    expect((await api.del(`/api/alerts/${id}`)).json).toEqual({ id, removed: true });
    expectError(await api.del(`/api/alerts/${id}`), 404, 'ALERT_NOT_FOUND');
    expectError(await api.post('/api/alerts', { symbol: 'NOPEUSDT', direction: 'above', price: 1 }), 404, 'UNKNOWN_SYMBOL');
    expectError(await api.post('/api/alerts', { symbol: 'BTCUSDT', direction: 'sideways', price: 1 }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/alerts', { symbol: 'BTCUSDT', direction: 'above', price: -5 }), 400, 'VALIDATION_ERROR');
    expectError(await api.post('/api/alerts', { symbol: 'BTCUSDT', direction: 'above', price: 100.123456789 }), 400, 'INVALID_PRICE');
  });

  it('a halt is told as a risk-state change with its reason', async () => {
    expect((await api.post('/api/trading/halt', { reason: 'lunch break' })).status).toBe(200);
    await waitFor(() => texts().some((t) => t.startsWith('*Trading HALTED (simulation)*') && t.includes('lunch break')), 8_000, 'the halt on Slack');
    await api.post('/api/trading/resume', {});
  });

  it('a channel that keeps failing shows in /health', async () => {
    await api.post('/api/notifications/config', { webhook: { enabled: true, url: slack.url.replace(/\d+\/services/, '1/services'), events: ['order_filled'] } });
    await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: 0.01 });
    const health = await waitFor(async () => {
      const h = (await api.get('/health')).json as { status: string; notifications?: { channel: string; state: string; last_error: string | null }[] };
      return h.notifications?.find((n) => n.channel === 'webhook' && n.state === 'failing') ? h : null;
    }, 8_000, 'the failing channel');
    expect(health.status).toBe('degraded');
    expect(health.notifications!.find((n) => n.channel === 'webhook')!.last_error).toContain('could not be reached');
  });
});
