import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeWebhook } from '../fakes/fake-webhook.js';
import type { client, TestServer } from '../server/harness.js';
import { loadChart, openTrainer, SHOTS, type TrainerPage } from './page-harness.js';

type Alert = { id: number; price: number; direction: string; repeat: boolean; fired: number };
type Probe = { trainerMetrics: { priceToY(p: number): number | null } };

/** The notifications panel in a real browser: a channel configured and tested, a failing one shown, an alert line dragged, a browser notification. */
describe('the notifications panel', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;
  let api: ReturnType<typeof client>;
  let slack: Awaited<ReturnType<typeof fakeWebhook>>;
  const errors: string[] = [];
  const alerts = async () => ((await api.get('/api/alerts')).json as { alerts: Alert[] }).alerts;

  beforeAll(async () => {
    slack = await fakeWebhook();
    ({ srv, api, page } = trainer = await openTrainer({ errors }));
    // The Notification API, recorded: what the page shows as browser notifications.
    await page.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
      class Recorded {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string, opts?: { body?: string }) {
          shown.push(`${title} | ${opts?.body ?? ''}`);
        }
      }
      (window as unknown as { Notification: unknown }).Notification = Recorded;
    });
  }, 60_000);

  afterAll(async () => {
    await trainer?.close();
    await slack?.close();
  });

  it('configures Slack, sends a test, shows a failing channel; an alert is a line dragged to a new price; a fired one is a browser notification', async () => {
    await loadChart(page, srv.url);
    await page.click('#notify-open');
    const slackForm = page.locator('form.nt-channel[data-channel="slack"]');
    await slackForm.waitFor({ timeout: 10_000 });
    await slackForm.locator('input[name="enabled"]').check();
    await slackForm.locator('input[name="webhook_url"]').fill(slack.url);
    await slackForm.locator('button.nt-save').click();
    await expect.poll(async () => ((await api.get('/api/notifications/config')).json as { channels: { slack: { enabled: boolean; webhook_url: string | null } } }).channels.slack, { timeout: 10_000 }).toMatchObject({ enabled: true, webhook_url: expect.stringMatching(/…CRET$/) });
    // the secret is shown only masked, never put back into the field
    await expect.poll(() => slackForm.locator('input[name="webhook_url"]').getAttribute('placeholder'), { timeout: 5_000 }).toMatch(/…CRET$/);
    expect(await slackForm.locator('input[name="webhook_url"]').inputValue()).toBe('');

    await slackForm.locator('button.nt-test').click();
    await expect.poll(() => slack.received.filter((r) => r.status === 200).length, { timeout: 10_000 }).toBe(1);
    expect((slack.received[0]!.body as { text: string }).text).toContain('Scalping Trainer test');

    slack.script.push({ status: 500 });
    await slackForm.locator('button.nt-test').click();
    await expect.poll(() => page.locator('form.nt-channel[data-channel="slack"] .nt-state').getAttribute('class'), { timeout: 10_000 }).toContain('failing');
    await expect.poll(() => page.locator('form.nt-channel[data-channel="slack"] .nt-error').textContent(), { timeout: 5_000 }).toContain('500');
    await page.screenshot({ path: join(SHOTS, 'notify-01-panel.png') });

    // the browser channel on for price alerts
    const browserForm = page.locator('form.nt-channel[data-channel="browser"]');
    await browserForm.locator('input[name="enabled"]').check();
    await browserForm.locator('button.nt-save').click();
    await expect.poll(async () => ((await api.get('/api/notifications/config')).json as { channels: { browser: { enabled: boolean } } }).channels.browser.enabled, { timeout: 5_000 }).toBe(true);

    // a repeating alert just above the market: a dashed line on the chart
    const ticker = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { last: number };
    const price = Math.round(ticker.last * 1.002);
    await page.selectOption('.nt-alert-form select[name="direction"]', 'above');
    await page.fill('.nt-alert-form input[name="price"]', String(price));
    await page.check('.nt-alert-form input[name="repeat"]');
    await page.click('.nt-alert-form button[type="submit"]');
    await expect.poll(async () => (await alerts()).map((a) => [a.price, a.direction, a.repeat]), { timeout: 10_000 }).toEqual([[price, 'above', true]]);
    await expect.poll(() => page.locator('.nt-alert-list li[data-alert]').count(), { timeout: 5_000 }).toBe(1);
    await page.click('.nt-close');
    await expect.poll(() => page.evaluate((p) => (window as unknown as Probe).trainerMetrics.priceToY(p), price), { timeout: 10_000 }).not.toBeNull();
    await page.screenshot({ path: join(SHOTS, 'notify-02-alert-line.png') });

    // dragged 40 px down: the alert's price follows, at the tick
    const box = (await page.locator('#chart').boundingBox())!;
    const y = (await page.evaluate((p) => (window as unknown as Probe).trainerMetrics.priceToY(p), price))!;
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + y);
    await page.mouse.down();
    await page.mouse.move(x, box.y + y + 20, { steps: 5 });
    await page.mouse.move(x, box.y + y + 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await alerts())[0]!.price, { timeout: 10_000 }).toBeLessThan(price);
    const moved = (await alerts())[0]!;
    expect(Number.isInteger(moved.price * 10)).toBe(true);

    // a "below" alert far above the price fires on the next tick: a browser notification
    expect((await api.post('/api/alerts', { symbol: 'BTCUSDT', direction: 'below', price: Math.round(ticker.last * 3) })).status).toBe(200);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications.join('\n')), { timeout: 15_000 })
      .toContain('Price alert: BTCUSDT below');
    await page.screenshot({ path: join(SHOTS, 'notify-03-fired.png') });
    expect(errors).toEqual([]);
  }, 90_000);
});
