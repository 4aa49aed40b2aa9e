import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../server/harness.js';
import { openTrainer, SHOTS, type TrainerPage } from './page-harness.js';

/**
 * A server that wants the API token on every route (REQUIRE_TOKEN=all: what a non-loopback HOST
 * does, on loopback so that a test can reach it) and the page in real Chromium: the first 401 asks
 * for the token, a wrong one is asked for again, the right one loads the chart, the positions and
 * both streams, and a reload does not ask again.
 */
describe('the page asks for the API token once and keeps it', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;
  let token: string;
  const unauthorized: string[] = [];
  const dialogShown = () => page.locator('#token-dialog').isVisible();
  type Probe = { trainerMetrics: { accountSocket: string; chartUpdates: number } };
  /** The chart drawn, the open position shown, the account stream open and market ticks reaching the chart. */
  const expectLoadedAndStreaming = async () => {
    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 15_000 });
    await page.locator('#positions tbody tr[data-symbol="BTCUSDT"]').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => (window as unknown as Probe).trainerMetrics.accountSocket === 'open', null, { timeout: 15_000 });
    const updates = () => page.evaluate(() => (window as unknown as Probe).trainerMetrics.chartUpdates);
    const from = await updates();
    await expect.poll(updates, { timeout: 10_000 }).toBeGreaterThan(from + 3);
  };

  beforeAll(async () => {
    ({ srv, page } = trainer = await openTrainer({ env: { REQUIRE_TOKEN: 'all' } }));
    token = readFileSync(join(srv.dataDir, 'api-token'), 'utf8').trim();
    // An open position for the page to show.
    const res = await fetch(`${srv.url}/api/trading/order`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 }),
    });
    expect(res.status, await res.text()).toBe(200);
    page.on('response', (r) => {
      if (r.status() === 401) unauthorized.push(new URL(r.url()).pathname);
    });
  }, 60_000);

  afterAll(() => trainer?.close());

  it('asks on the first 401, asks again after a wrong token, and loads the chart, positions and streams with the right one', async () => {
    await page.goto(srv.url);
    await page.locator('#token-dialog').waitFor({ state: 'visible', timeout: 15_000 });
    expect(unauthorized.length).toBeGreaterThan(0);
    expect(await page.locator('#token-text').textContent()).toContain('API token');
    await page.screenshot({ path: join(SHOTS, 'token-asked.png') });

    await page.fill('#token-input', 'not-the-token');
    await page.press('#token-input', 'Enter');
    await expect.poll(async () => page.locator('#token-text').textContent(), { timeout: 10_000 }).toContain('refused');
    expect(await dialogShown()).toBe(true);

    await page.fill('#token-input', token);
    await page.click('#token-ok');
    // The account stream (WS /ws/multi-symbol) opened with the token as its subprotocol; the market
    // stream, refused before the token was known, reopened with it: ticks arrive.
    await expectLoadedAndStreaming();
    expect(await dialogShown()).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('trainer.apiToken'))).toBe(token);
    await page.screenshot({ path: join(SHOTS, 'token-accepted.png') });
  });

  it('a reload does not ask again: every call and both streams carry the kept token', async () => {
    unauthorized.length = 0;
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
    await page.reload();
    // Market ticks keep coming over the other stream (WS /ws/multi-exchange/BTCUSDT).
    await expectLoadedAndStreaming();
    expect(await dialogShown()).toBe(false);
    expect(unauthorized).toEqual([]);
    expect(sockets).toEqual(expect.arrayContaining(['/ws/multi-symbol', '/ws/multi-exchange/BTCUSDT']));
  });

  it('asks in Korean when the page is in Korean', async () => {
    await page.evaluate(() => {
      localStorage.removeItem('trainer.apiToken');
      localStorage.setItem('trainer.lang', 'ko');
    });
    await page.reload();
    await page.locator('#token-dialog').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('#token-text').textContent()).toContain('API 토큰');
    expect(await page.locator('#token-ok').textContent()).toBe('저장');
  });
});
