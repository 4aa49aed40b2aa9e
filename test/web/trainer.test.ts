import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webStale } from '../../scripts/build-web.mjs';
import { client, REPO_ROOT, startTestServer, type OrderJson, type PositionJson, type TestServer } from '../server/harness.js';
import { launchChromium, type HeadlessChromium } from './chromium.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'web');

/**
 * The trainer in a real browser against a real server: headless Chromium (playwright-core) on the
 * page the server serves at /, a fresh DATA_DIR and the seeded sim market. Screenshots of every
 * step go to test-results/web/.
 */
describe('the browser trainer', () => {
  let srv: TestServer;
  let chrome: HeadlessChromium;
  let page: Page;
  let api: ReturnType<typeof client>;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const openOrders = async () => ((await api.get('/api/trading/orders?status=open')).json as { orders: OrderJson[] }).orders;
  const position = async () => (await api.get('/api/position?symbol=BTCUSDT')).json as PositionJson;
  const upnl = async () => Number(await page.locator('#positions tbody tr[data-symbol="BTCUSDT"] td.upnl').getAttribute('data-value'));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    expect(webStale(), 'web/dist is built by test/global-setup.ts').toBe(false);
    srv = await startTestServer();
    api = client(srv.url);
    chrome = await launchChromium();
    page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await srv?.close();
  });

  it('serves the page and draws live candles from the stream', async () => {
    await page.goto(srv.url);
    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 15_000 });
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => document.getElementById('feed')?.dataset.state === 'live', null, { timeout: 10_000 });
    // Ticks arrive over the WebSocket and are applied to the chart (no polling of klines).
    const before = await page.evaluate(() => (window as unknown as { trainerMetrics: { ticks: number; chartUpdates: number } }).trainerMetrics);
    await page.waitForFunction((n) => (window as unknown as { trainerMetrics: { chartUpdates: number } }).trainerMetrics.chartUpdates > n + 3, before.chartUpdates, { timeout: 10_000 });
    expect(await page.locator('#q-last').textContent()).toMatch(/^\d[\d,]*\.\d$/);
    await shot('01-candles');
  });

  it('buys with the B hotkey: the position row appears and its PnL moves with the market', async () => {
    await page.keyboard.press('b');
    const row = page.locator('#positions tbody tr[data-symbol="BTCUSDT"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('td').nth(1).textContent()).toBe('LONG');
    const p = await position();
    expect(p).toMatchObject({ side: 'LONG', quantity: 0.001 });
    expect(Number((await row.locator('td').nth(3).textContent())!.replace(/,/g, ''))).toBeCloseTo(p.entry_price, 1);
    const first = await upnl();
    expect(Number.isFinite(first)).toBe(true);
    await expect.poll(upnl, { timeout: 20_000, interval: 200 }).not.toBe(first);
    await shot('02-bought-with-hotkey');
  });

  it('places a limit order from the ticket and cancels it from the open orders panel', async () => {
    await page.click('#order-type button[data-type="LIMIT"]');
    const last = Number((await page.locator('#q-last').textContent())!.replace(/,/g, ''));
    const price = Math.round(last * 0.98 * 10) / 10; // 2% under the market: it rests
    await page.fill('#price', String(price));
    await page.click('#buy');
    const row = page.locator('#orders tbody tr');
    await row.first().waitFor({ timeout: 10_000 });
    const [order] = await openOrders();
    expect(order).toMatchObject({ type: 'LIMIT', side: 'BUY', price, status: 'NEW' });
    expect(await row.first().getAttribute('data-order-id')).toBe(order!.order_id);
    await shot('03-limit-order-resting');
    await row.first().locator('button').click();
    await expect.poll(async () => page.locator('#orders tbody tr').count(), { timeout: 10_000 }).toBe(0);
    expect(await openOrders()).toEqual([]);
    await page.click('#order-type button[data-type="MARKET"]');
    await shot('04-limit-order-canceled');
  });

  it('flattens with the F hotkey: the statistics show the realized trade', async () => {
    await page.keyboard.press('f');
    await expect.poll(async () => page.locator('#positions tbody tr').count(), { timeout: 10_000 }).toBe(0);
    expect((await position()).side).toBe('FLAT');
    const stats = (await api.get('/api/trading/stats')).json as { trades: number; net_pnl: number };
    expect(stats.trades).toBe(1);
    await expect.poll(async () => page.locator('#st-trades').getAttribute('data-value'), { timeout: 10_000 }).toBe('1');
    expect(Number(await page.locator('#st-net').getAttribute('data-value'))).toBe(stats.net_pnl);
    expect(stats.net_pnl).not.toBe(0); // fees at least
    await shot('05-flattened-stats');
  });

  it('draws the take-profit and stop-loss of a bracket; dragging the take-profit line moves the order', async () => {
    const last = Number((await page.locator('#q-last').textContent())!.replace(/,/g, ''));
    const tp = Math.round(last * 1.01 * 10) / 10;
    const sl = Math.round(last * 0.99 * 10) / 10;
    await page.fill('#tp', String(tp));
    await page.fill('#sl', String(sl));
    await page.click('#buy');
    await expect.poll(async () => (await openOrders()).length, { timeout: 10_000 }).toBe(2);
    const before = await openOrders();
    const tpOrder = before.find((o) => o.type === 'TAKE_PROFIT_MARKET')!;
    expect(tpOrder).toMatchObject({ side: 'SELL', stop_price: tp, reduce_only: true });
    expect(before.find((o) => o.type === 'STOP_MARKET')).toMatchObject({ side: 'SELL', stop_price: sl, reduce_only: true });
    await page.locator('#orders tbody tr').nth(1).waitFor();
    await page.fill('#tp', '');
    await page.fill('#sl', '');
    await shot('06-bracket-lines');

    const box = (await page.locator('#chart').boundingBox())!;
    type ChartProbe = { trainerMetrics: { priceToY(p: number): number | null; yToPrice(y: number): number | null } };
    const y = await page.evaluate((p) => (window as unknown as ChartProbe).trainerMetrics.priceToY(p), tp);
    expect(y).not.toBeNull();
    const target = (await page.evaluate((yy) => (window as unknown as ChartProbe).trainerMetrics.yToPrice(yy), y! - 40))!;
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + y!);
    await page.mouse.down();
    await page.mouse.move(x, box.y + y! - 20, { steps: 5 });
    await page.mouse.move(x, box.y + y! - 40, { steps: 5 });
    await page.mouse.up();
    // Canceled, then placed again at the new price (the server has no amend route).
    const replacement = async () => (await openOrders()).find((o) => o.type === 'TAKE_PROFIT_MARKET' && o.order_id !== tpOrder.order_id);
    await expect.poll(replacement, { timeout: 10_000 }).toBeDefined();
    const moved = (await replacement())!;
    expect(moved.stop_price!).toBeGreaterThan(tp);
    expect(Math.abs(moved.stop_price! - target)).toBeLessThanOrEqual(0.2); // the price under the pointer, to the tick
    expect(moved).toMatchObject({ side: 'SELL', quantity: 0.001, reduce_only: true });
    const canceled = ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders.find((o) => o.order_id === tpOrder.order_id);
    expect(canceled?.status).toBe('CANCELED');
    await shot('07-take-profit-dragged');

    // Closing the position from its row cancels the reduce-only exits with it.
    await page.locator('#positions tbody tr[data-symbol="BTCUSDT"] button').click();
    await expect.poll(async () => (await openOrders()).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => page.locator('#orders tbody tr').count(), { timeout: 10_000 }).toBe(0);
  });

  it('logged no console errors so far', () => {
    expect(consoleErrors).toEqual([]);
  });

  it("shows the server's own message when it refuses an order, and speaks Korean", async () => {
    await page.click('#order-type button[data-type="LIMIT"]');
    const last = Number((await page.locator('#q-last').textContent())!.replace(/,/g, ''));
    await page.fill('#price', String(Math.round(last * 0.5))); // far outside the price band
    await page.click('#buy');
    const toast = page.locator('#toasts .toast.error').last();
    await toast.waitFor({ timeout: 10_000 });
    const text = await toast.textContent();
    expect(text).toContain('PRICE_OUT_OF_BAND');
    expect(await openOrders()).toEqual([]);
    await page.selectOption('#lang', 'ko');
    expect(await page.locator('#buy span').textContent()).toBe('매수');
    expect(await page.locator('[data-i18n="positions"]').textContent()).toBe('포지션');
    await page.keyboard.press('?');
    await page.locator('#help').waitFor({ state: 'visible' });
    expect(await page.locator('#help-keys tr').count()).toBeGreaterThanOrEqual(8);
    await shot('08-refused-order-korean-help');
    await page.keyboard.press('Escape');
    await page.click('#order-type button[data-type="MARKET"]');

    // Live trading without keys: the page asks first, then shows the server's refusal and stays put.
    await page.selectOption('#mode', 'live_trading');
    await page.locator('#modal').waitFor({ state: 'visible' });
    await page.click('#modal-ok');
    await expect.poll(async () => page.locator('#toasts').textContent(), { timeout: 10_000 }).toContain('NO_LIVE_EXCHANGE');
    expect(await page.locator('#mode').inputValue()).toBe('simulation');
    expect(((await api.get('/api/trading/config')).json as { mode: string }).mode).toBe('simulation');
    // The refusals are 4xx responses, which Chromium logs as failed resources: nothing else.
    expect(consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
