import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type client, type TestServer } from '../server/harness.js';
import type { HeadlessChromium } from './chromium.js';
import { loadChart, openTrainer, SHOTS, type TrainerPage } from './page-harness.js';
const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';

interface OrderJson {
  order_id: string;
  type: string;
  side: string;
  status: string;
  stop_price: number | null;
  quantity: number;
  reduce_only: boolean;
}
type Probe = { trainerMetrics: { priceToY(p: number): number | null; yToPrice(y: number): number | null; visibleBars(): number | null } };
type Point = { x: number; y: number };

/** Touches as a finger makes them (CDP Input.dispatchTouchEvent: Chromium makes touch and pointer events of them). */
class Finger {
  constructor(
    private readonly cdp: CDPSession,
    private readonly page: Page,
  ) {}
  private send(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]) {
    return this.cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id, radiusX: 4, radiusY: 4, force: 1 })) });
  }
  /** Rests on `from` for `holdMs`, then slides to `to` in `steps`, and lifts. */
  async drag(from: Point, to: Point, holdMs: number, steps = 8): Promise<void> {
    await this.send('touchStart', [from]);
    await this.page.waitForTimeout(holdMs);
    for (let i = 1; i <= steps; i++) {
      await this.send('touchMove', [{ x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps }]);
      await this.page.waitForTimeout(16);
    }
    await this.send('touchEnd', []);
  }
  /** Two fingers from `gap` apart around `at` to `gap * factor` apart. */
  async pinch(at: Point, gap: number, factor: number, steps = 10): Promise<void> {
    const pair = (g: number) => [{ x: at.x - g / 2, y: at.y }, { x: at.x + g / 2, y: at.y }];
    await this.send('touchStart', pair(gap));
    for (let i = 1; i <= steps; i++) {
      await this.send('touchMove', pair(gap * (1 + ((factor - 1) * i) / steps)));
      await this.page.waitForTimeout(16);
    }
    await this.send('touchEnd', []);
  }
}

const PHONES = [
  { name: '360x740', viewport: { width: 360, height: 740 }, deviceScaleFactor: 3 },
  { name: '390x844', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 },
];

/** The trainer on a phone in Chromium's mobile emulation: by touch only, at both phone sizes. */
describe.each(PHONES)('the trainer on a $name phone', ({ name, viewport, deviceScaleFactor }) => {
  let srv: TestServer;
  let chrome: HeadlessChromium;
  let page: Page;
  let finger: Finger;
  let api: ReturnType<typeof client>;
  let stopped = false;
  const errors: string[] = [];
  const shot = (step: string) => page.screenshot({ path: join(SHOTS, `mobile-${name}-${step}.png`) });
  const openOrders = async () => ((await api.get('/api/trading/orders?status=open')).json as { orders: OrderJson[] }).orders;
  const priceToY = (p: number) => page.evaluate((price) => (window as unknown as Probe).trainerMetrics.priceToY(price), p);
  const yToPrice = (y: number) => page.evaluate((yy) => (window as unknown as Probe).trainerMetrics.yToPrice(yy), y);
  const visibleBars = () => page.evaluate(() => (window as unknown as Probe).trainerMetrics.visibleBars());
  /** Nothing is wider than the screen: the page scrolls down only, at the device's own width. */
  const expectNoSideScroll = async () => {
    const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth]);
    expect(innerWidth).toBe(viewport.width);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  };
  const chartBox = async () => (await page.locator('#chart').boundingBox())!;

  beforeAll(async () => {
    ({ srv, api, chrome, page } = await openTrainer({ device: { viewport, isMobile: true, hasTouch: true, deviceScaleFactor }, errors }));
    finger = new Finger(await chrome.context.newCDPSession(page), page);
    await loadChart(page, srv.url);
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    if (stopped) rmSync(srv.dataDir, { recursive: true, force: true });
    else await srv?.close();
  });

  it('fits the screen: chart, order bar, positions and no horizontal scroll', async () => {
    await expectNoSideScroll();
    const bar = (await page.locator('#order-bar').boundingBox())!;
    expect(bar.y + bar.height).toBeCloseTo(viewport.height, 0); // fixed at the bottom of the screen
    expect(bar.width).toBe(viewport.width);
    for (const id of ['#ob-buy', '#ob-sell', '#ob-flatten', '#ob-qty']) expect(await page.locator(id).isVisible(), id).toBe(true);
    expect(await page.locator('#ob-qty').inputValue()).toBe(await page.locator('#qty').inputValue());
    const chart = await chartBox();
    expect(chart.width).toBe(viewport.width);
    expect(chart.height).toBeGreaterThan(250);
    // The desktop ticket's own BUY / SELL give way to the bar; its fields and the positions stay.
    expect(await page.locator('#buy').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#ob-buy-px').textContent(), { timeout: 10_000 }).not.toBe('—');
    await shot('01-market');
  });

  it('places an order with one tap, steps its size with +, and flattens with a tap', async () => {
    await page.tap('#ob-more');
    const size = Number(await page.locator('#ob-qty').inputValue());
    expect(size).toBeGreaterThan(0.001);
    expect(Number(await page.locator('#qty').inputValue())).toBe(size);
    await page.tap('#ob-buy');
    const row = page.locator('#positions tbody tr[data-symbol="BTCUSDT"]');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const position = (await api.get('/api/position?symbol=BTCUSDT')).json as { side: string; quantity: number };
    expect(position).toMatchObject({ side: 'LONG', quantity: size });
    await expectNoSideScroll(); // the positions table fits too
    await shot('02-bought');
    await page.tap('#ob-flatten');
    await expect.poll(async () => ((await api.get('/api/position?symbol=BTCUSDT')).json as { side: string }).side, { timeout: 10_000 }).toBe('FLAT');
    await page.tap('#ob-less'); // back to the smallest size
  });

  it('selects a take-profit line with a tap and moves it with a long press and a drag', async () => {
    const last = Number((await page.locator('#q-last').textContent())!.replace(/,/g, ''));
    const tp = Math.round(last * 1.004 * 10) / 10;
    const sl = Math.round(last * 0.996 * 10) / 10;
    await page.tap('#tp');
    await page.fill('#tp', String(tp));
    await page.fill('#sl', String(sl));
    await page.tap('#ob-buy');
    await expect.poll(async () => (await openOrders()).length, { timeout: 10_000 }).toBe(2);
    const tpOrder = (await openOrders()).find((o) => o.type === 'TAKE_PROFIT_MARKET')!;
    await page.fill('#tp', '');
    await page.fill('#sl', '');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('#orders tbody tr').nth(1).waitFor();

    const box = await chartBox();
    const y = (await priceToY(tp))!;
    expect(y).not.toBeNull();
    const at = { x: box.x + box.width * 0.4, y: box.y + y };
    // A tap selects the line: drawn thicker, named in the chip over the chart.
    await page.touchscreen.tap(at.x, at.y);
    await expect.poll(() => page.locator('#chart').getAttribute('data-selected')).toBe(tpOrder.order_id);
    expect(await page.locator('#line-chip').isVisible()).toBe(true);
    expect(await page.locator('#line-chip-title').textContent()).not.toBe('');
    await shot('03-line-selected');

    // A quick swipe pans the chart and leaves the order where it is (a held line would be moved, that is canceled and placed again).
    const ids = (await openOrders()).map((o) => o.order_id).sort();
    await finger.drag(at, { x: at.x, y: at.y - 40 }, 30);
    await page.waitForTimeout(1_000);
    expect((await openOrders()).map((o) => o.order_id).sort()).toEqual(ids);

    // A long press holds it; the finger drags it 40 px up; lifted, the order is placed again there.
    const y2 = (await priceToY(tp))!;
    const from = { x: at.x, y: box.y + y2 };
    const target = (await yToPrice(y2 - 40))!;
    await finger.drag(from, { x: from.x, y: from.y - 40 }, 700);
    const replacement = async () => (await openOrders()).find((o) => o.type === 'TAKE_PROFIT_MARKET' && o.order_id !== tpOrder.order_id);
    await expect.poll(replacement, { timeout: 10_000 }).toBeDefined();
    const moved = (await replacement())!;
    expect(moved.stop_price!).toBeGreaterThan(tp);
    expect(Math.abs(moved.stop_price! - target)).toBeLessThanOrEqual(0.2); // the price under the finger, to the tick
    expect(moved).toMatchObject({ side: 'SELL', reduce_only: true });
    await shot('04-line-moved');
    await page.tap('#ob-flatten');
    await expect.poll(async () => (await openOrders()).length, { timeout: 10_000 }).toBe(0);
  });

  it('zooms the chart with a pinch', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await chartBox();
    const before = (await visibleBars())!;
    await finger.pinch({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, 60, 3);
    await expect.poll(async () => (await visibleBars())!, { timeout: 5_000 }).toBeLessThan(before * 0.8);
    await expectNoSideScroll(); // the chart zoomed, not the page
  });

  it('runs a practice session by touch: create, step, play and pause', async () => {
    await page.tap('#practice-open');
    await page.waitForFunction((id) => [...(document.getElementById('pr-dataset') as HTMLSelectElement).options].some((o) => o.value === id), ETH, { timeout: 15_000 });
    await page.selectOption('#pr-dataset', ETH);
    await expectNoSideScroll();
    await page.tap('#pr-create');
    const sessions = async () => ((await api.get('/api/replay/sessions')).json as { sessions: { session_id: string; status: string; elapsed_ms: number }[] }).sessions;
    await expect.poll(async () => (await sessions()).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('#replay-bar').isVisible(), { timeout: 10_000 }).toBe(true);
    const clock = await page.locator('#rb-clock').textContent();
    await page.tap('#rb-step-bar');
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).not.toBe(clock);
    expect((await sessions())[0]).toMatchObject({ status: 'paused' });
    await page.tap('#rb-play');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('playing');
    await expect.poll(() => page.locator('#rb-play').textContent(), { timeout: 10_000 }).toBe('Pause');
    await page.tap('#rb-play');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('paused');
    // Traded from the bar: the session's position, not the live market's.
    await page.tap('#ob-buy');
    await expect.poll(() => page.locator('#positions tbody tr[data-exchange="replay"]').count(), { timeout: 10_000 }).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectNoSideScroll();
    await shot('05-practice');
    await page.tap('#rb-leave');
    await expect.poll(() => page.locator('#symbol').inputValue(), { timeout: 10_000 }).toBe('BTCUSDT');
  });

  it('is installable: its manifest parses, its service worker controls the page and keeps the app shell only', async () => {
    const cdp = await chrome.context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[]; data?: string };
    expect(new URL(manifest.url).pathname).toBe('/manifest.webmanifest');
    expect(manifest.errors).toEqual([]);
    expect(JSON.parse(manifest.data!)).toMatchObject({ name: 'Scalping Trainer', display: 'standalone' });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${srv.url}/`);
    // Chromium's own verdict on installing it (manifest, icons, a worker that controls the start URL).
    const installable = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installable.installabilityErrors).toEqual([]);
    // Reloaded, the page is the worker's; its reads of the API go through it, and none is kept.
    await page.reload();
    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 15_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${srv.url}/sw.js`);
    await expect.poll(() => page.locator('#ob-buy-px').textContent(), { timeout: 10_000 }).not.toBe('—');
    const kept = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
      return paths;
    });
    expect(kept).toContain('/');
    expect(kept).toContain('/manifest.webmanifest');
    expect(kept.some((p) => /^\/assets\/index-[\w-]+\.js$/.test(p))).toBe(true);
    expect(kept.filter((p) => !p.startsWith('/assets/') && !p.startsWith('/icons/') && p !== '/' && p !== '/manifest.webmanifest')).toEqual([]);
  });

  it('says so when the server cannot be reached, and opens offline from the kept shell', async () => {
    expect(await page.locator('#offline').isVisible()).toBe(false);
    stopped = true;
    await srv.app.close();
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 15_000 }).toBe(true);
    await shot('06-offline');
    // The page opened again with no server: the shell from the worker's cache, the banner up.
    await page.reload();
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('#order-bar').isVisible()).toBe(true);
    expect(await page.locator('#offline').textContent()).toContain('cannot be reached');
    await expectNoSideScroll();
    await shot('07-offline-reopened');
    // A server on the same address again: the banner goes by itself and the chart is drawn.
    rmSync(srv.dataDir, { recursive: true, force: true });
    srv = await startTestServer({ PORT: new URL(srv.url).port });
    stopped = false;
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 15_000 }).toBe(false);
    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 15_000 });
    expect(errors).toEqual([]);
  });

  it('fits with the journal dock open on either tab, and in Korean', async () => {
    await page.tap('#journal-open');
    await expect.poll(() => page.locator('#journal').isVisible(), { timeout: 10_000 }).toBe(true);
    await expectNoSideScroll();
    await page.locator('#journal').getByRole('button', { name: 'Review' }).tap();
    await expect.poll(() => page.locator('#journal').getAttribute('data-tab'), { timeout: 10_000 }).toBe('review');
    await expectNoSideScroll();
    await page.tap('#journal-open');
    await page.selectOption('#lang', 'ko');
    expect(await page.locator('#ob-buy span').textContent()).toBe('매수');
    expect(await page.locator('#offline b').textContent()).toBe('오프라인');
    await expectNoSideScroll();
    await shot('08-ko');
    await page.selectOption('#lang', 'en');
  });
});

/** A tablet keeps the desktop's two columns (the ticket beside the chart), wrapped to its width. */
describe('the trainer on an 820x1180 tablet', () => {
  let tablet: TrainerPage;

  beforeAll(async () => {
    tablet = await openTrainer({ device: { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });
  }, 60_000);
  afterAll(() => tablet?.close());

  it('fits without horizontal scroll, the ticket beside the chart and no phone order bar', async () => {
    const { page, srv } = tablet;
    await loadChart(page, srv.url);
    const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth]);
    expect(innerWidth).toBe(820);
    expect(scrollWidth).toBeLessThanOrEqual(820);
    expect(await page.locator('#order-bar').isVisible()).toBe(false);
    expect(await page.locator('#buy').isVisible()).toBe(true);
    const chart = (await page.locator('#chart').boundingBox())!;
    const ticket = (await page.locator('#ticket').boundingBox())!;
    expect(ticket.x).toBeGreaterThanOrEqual(chart.x + chart.width);
    await page.tap('#buy');
    await expect.poll(() => page.locator('#positions tbody tr[data-symbol="BTCUSDT"]').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'mobile-tablet-820x1180.png') });
  });
});
