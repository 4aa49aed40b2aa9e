import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOkx, type FakeOkx } from '../fakes/fake-okx.js';
import type { TestServer } from '../server/harness.js';
import { openTrainer, type TrainerPage } from './page-harness.js';

/**
 * The page's exchange switcher lists the venues the server has (GET /api/exchanges), so OKX appears
 * with no change to web/: charted from it, the candles come from the fake OKX's v5 REST and stream.
 */
describe('the exchange switcher in a real browser', () => {
  let okx: FakeOkx;
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;

  beforeAll(async () => {
    okx = await startFakeOkx({ seed: 81, historyBars: 120 });
    const env = { OKX_REST_URL: okx.restUrl, OKX_WS_PUBLIC_URL: okx.wsUrls.public!, OKX_WS_PRIVATE_URL: okx.wsUrls.private!, OKX_WS_BUSINESS_URL: okx.wsUrls.business! };
    ({ srv, page } = trainer = await openTrainer({ env }));
  }, 60_000);
  afterAll(async () => {
    await trainer?.close();
    await okx?.close();
  });

  it('lists OKX and charts BTCUSDT from it', async () => {
    await page.goto(srv.url);
    await expect.poll(() => page.locator('#exchange option').allTextContents(), { timeout: 10_000 }).toContain('OKX');
    expect(await page.locator('#exchange option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['sim', 'binance', 'bybit', 'okx', 'coinbase']);
    await page.selectOption('#exchange', 'okx');
    await expect.poll(() => okx.requests.filter((r) => r.path === '/api/v5/market/candles').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => okx.requests.filter((r) => r.path === '/api/v5/public/instruments').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: '/tmp/okx-switcher.png' });
    expect(await page.locator('#exchange').inputValue()).toBe('okx');
  });
});
