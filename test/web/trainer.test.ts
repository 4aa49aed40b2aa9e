import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { client, OrderJson, PositionJson, TestServer } from '../server/harness.js';
import { cspViolations, openTrainer, SHOTS, type TrainerPage } from './page-harness.js';
import { RequestLog } from './request-log.js';

/**
 * The trainer in a real browser against a real server: headless Chromium (playwright-core) on the
 * page the server serves at /, a fresh DATA_DIR and the seeded sim market. Screenshots of every
 * step go to test-results/web/.
 */
describe('the browser trainer', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;
  let api: ReturnType<typeof client>;
  let requests: RequestLog;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const openOrders = async () => ((await api.get('/api/trading/orders?status=open')).json as { orders: OrderJson[] }).orders;
  const position = async () => (await api.get('/api/position?symbol=BTCUSDT')).json as PositionJson;
  const upnl = async () => Number(await page.locator('#positions tbody tr[data-symbol="BTCUSDT"] td.upnl').getAttribute('data-value'));
  type Probe = { trainerMetrics: { positionMessages: number; accountSocket: string } };
  const positionMessages = () => page.evaluate(() => (window as unknown as Probe).trainerMetrics.positionMessages);
  /** Waits until `n` more position messages than `from` were applied by the page. */
  const messagesPast = (from: number, n: number, timeout = 15_000) =>
    page.waitForFunction(([f, k]) => (window as unknown as Probe).trainerMetrics.positionMessages >= f! + k!, [from, n], { timeout });

  /** Charts another symbol from the symbol field and waits until the page has read its account state. */
  const chartSymbol = async (symbol: string) => {
    const mark = requests.mark();
    await page.fill('#symbol', symbol);
    await page.press('#symbol', 'Enter');
    await expect.poll(() => requests.since(mark, new RegExp(`^GET /api/trading/orders\\?status=all.*symbol=${symbol}`)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => requests.inFlight, { timeout: 10_000 }).toBe(0);
  };

  /** Drags the chart's line at `price` up by `dy` pixels. */
  const dragLine = async (price: number, dy: number) => {
    type ChartProbe = { trainerMetrics: { priceToY(p: number): number | null } };
    const box = (await page.locator('#chart').boundingBox())!;
    const y = await page.evaluate((p) => (window as unknown as ChartProbe).trainerMetrics.priceToY(p), price);
    expect(y).not.toBeNull();
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + y!);
    await page.mouse.down();
    await page.mouse.move(x, box.y + y! - dy / 2, { steps: 5 });
    await page.mouse.move(x, box.y + y! - dy, { steps: 5 });
    await page.mouse.up();
  };

  beforeAll(async () => {
    ({ srv, api, page } = trainer = await openTrainer({ errors: consoleErrors, consoleErrors: true, csp: true }));
    requests = new RequestLog(page);
  }, 60_000);

  afterAll(() => trainer?.close());

  it('serves the page and draws live candles from the stream', async () => {
    // Off the (seeded) watch list, so that the page has to put it back for its account stream.
    expect((await api.del('/api/symbols/BTCUSDT')).status).toBe(200);
    const served = (await page.goto(srv.url))!;
    // The security headers: scripts only from this origin and never inline, WebSockets to this host, never framed.
    const headers = served.headers();
    const csp = headers['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ${srv.wsUrl}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    expect(Object.keys(headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    expect(await served.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // the built page has no inline script
    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 15_000 });
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => document.getElementById('feed')?.dataset.state === 'live', null, { timeout: 10_000 });
    // Ticks arrive over the WebSocket and are applied to the chart (no polling of klines).
    const before = await page.evaluate(() => (window as unknown as { trainerMetrics: { ticks: number; chartUpdates: number } }).trainerMetrics);
    await page.waitForFunction((n) => (window as unknown as { trainerMetrics: { chartUpdates: number } }).trainerMetrics.chartUpdates > n + 3, before.chartUpdates, { timeout: 10_000 });
    expect(await page.locator('#q-last').textContent()).toMatch(/^\d[\d,]*\.\d$/);
    // The account stream is open, and the page put the charted pair on the watch list for it.
    await page.waitForFunction(() => (window as unknown as Probe).trainerMetrics.accountSocket === 'open', null, { timeout: 10_000 });
    const watched = async () => ((await api.get('/api/symbols')).json as { symbols: { symbol: string; exchanges: string[] }[] }).symbols;
    await expect.poll(watched, { timeout: 10_000 }).toContainEqual(expect.objectContaining({ symbol: 'BTCUSDT', exchanges: ['sim'] }));
    expect(requests.since(0, /^POST \/api\/symbols\/add/)).toHaveLength(1);
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
    // Prices at the symbol's tick (0.1), the entry with up to 2 more digits of its average.
    expect(await row.locator('td.mark').textContent()).toMatch(/^\d[\d,]*\.\d$/);
    expect(await row.locator('td.entry').textContent()).toMatch(/^\d[\d,]*\.\d{1,3}$/);
    // A perpetual at 1× cross on the 10,000 USDT wallet: no liquidation price; its margin ratio in %.
    await expect.poll(() => row.locator('td.liq').textContent(), { timeout: 10_000 }).toBe('none');
    expect(await row.locator('td.ratio').textContent()).toMatch(/^\d+\.\d{2} %$/);
    expect(Number(await row.locator('td.ratio').getAttribute('data-value'))).toBeGreaterThan(0);
    const first = await upnl();
    expect(Number.isFinite(first)).toBe(true);
    await expect.poll(upnl, { timeout: 20_000, interval: 200 }).not.toBe(first);

    // The row follows the stream's position messages; with the socket open nothing is polled.
    await expect.poll(async () => Number(await row.getAttribute('data-streamed')), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => requests.inFlight, { timeout: 10_000 }).toBe(0); // the hotkey's own reads are done
    const quiet = requests.mark();
    await messagesPast(await positionMessages(), 12); // mark moves come at most every 250 ms: 3 s or more
    expect(requests.since(quiet, /\/api\/(trading\/orders|positions)/)).toEqual([]);
    expect(await row.locator('td.size').getAttribute('data-value')).toBe('0.001');
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

  it('shows a position opened elsewhere and closed by its take-profit or stop-loss, with no page action', async () => {
    const before = await positionMessages();
    const mark = requests.mark();
    // A bracket placed over the API (not by the page), its exits a few dollars from the market: the
    // market reaches one of them within seconds.
    let entry: OrderJson | null = null;
    for (let tries = 0; !entry && tries < 5; tries++) {
      const last = (await position()).mark_price!;
      const res = await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001, take_profit: Math.round(last + 6), stop_loss: Math.round(last - 6) });
      if (res.status === 200) entry = res.json as OrderJson;
      else expect((res.json as { error: { code: string } }).error.code, res.text).toBe('INVALID_BRACKET'); // the market moved past an exit meanwhile
    }
    expect(entry).not.toBeNull();
    await expect.poll(async () => (await position()).side, { timeout: 30_000, interval: 250 }).toBe('FLAT');
    const exits = ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders.filter((o) => o.parent_order_id === entry!.order_id);
    expect(exits.map((o) => o.status).sort()).toEqual(['CANCELED', 'FILLED']);
    const stats = (await api.get('/api/trading/stats')).json as { trades: number; net_pnl: number };
    expect(stats.trades).toBe(2);

    // The page learned all of it from the stream: the row came and went, the statistics followed.
    await expect.poll(async () => page.locator('#st-trades').getAttribute('data-value'), { timeout: 10_000 }).toBe('2');
    expect(Number(await page.locator('#st-net').getAttribute('data-value'))).toBe(stats.net_pnl);
    await expect.poll(async () => page.locator('#positions tbody tr').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => page.locator('#orders tbody tr').count(), { timeout: 10_000 }).toBe(0);
    expect(await positionMessages()).toBeGreaterThanOrEqual(before + 2); // opened, closed
    expect(requests.since(mark, /^GET \/api\/positions/)).toEqual([]);
    expect(requests.since(mark, /^GET \/api\/trading\/stats/).length).toBeGreaterThan(0); // re-read after the fills
    expect(requests.since(mark, /^(POST|DELETE) /)).toEqual([]);
    await shot('05b-closed-by-the-market');
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

  it("shows only the current mode's positions: in paper mode a simulation position is neither shown nor reversed", async () => {
    const opened = await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 });
    expect(opened.status, opened.text).toBe(200);
    const row = page.locator('#positions tbody tr[data-symbol="BTCUSDT"]');
    await row.waitFor({ timeout: 10_000 });
    await page.selectOption('#mode', 'paper_trading');
    await expect.poll(async () => page.locator('#positions tbody tr').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => requests.inFlight, { timeout: 10_000 }).toBe(0);
    const mark = requests.mark();
    await page.keyboard.press('r');
    await expect.poll(async () => page.locator('#toasts').textContent(), { timeout: 10_000 }).toContain('No open position in this symbol');
    expect(requests.since(mark, /^POST /)).toEqual([]);
    expect((await position()).side).toBe('FLAT'); // the paper position
    await shot('09-paper-mode-no-sim-position');

    await page.selectOption('#mode', 'simulation');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-mode')).toBe('simulation');
    expect((await api.post('/api/position/close', { exchange: 'sim', symbol: 'BTCUSDT' })).status).toBe(200);
    await expect.poll(async () => page.locator('#positions tbody tr').count(), { timeout: 10_000 }).toBe(0);
  });

  it('keeps a position in another symbol than the charted one current: closed elsewhere, its row goes and the statistics follow', async () => {
    await chartSymbol('ETHUSDT');
    await page.keyboard.press('ArrowUp'); // 0.005 ETH: the smallest preset is under the minimum notional
    await page.keyboard.press('b');
    const eth = page.locator('#positions tbody tr[data-symbol="ETHUSDT"]');
    await eth.waitFor({ timeout: 10_000 });
    await chartSymbol('BTCUSDT');
    expect(await eth.count()).toBe(1);
    // Its mark moves come over the stream while BTCUSDT is charted.
    const streamed = Number((await eth.getAttribute('data-streamed')) ?? 0);
    await expect.poll(async () => Number(await eth.getAttribute('data-streamed')), { timeout: 10_000 }).toBeGreaterThan(streamed);

    const mark = requests.mark();
    const closed = await api.post('/api/position/close', { exchange: 'sim', symbol: 'ETHUSDT' });
    expect(closed.status, closed.text).toBe(200);
    const stats = (await api.get('/api/trading/stats')).json as { trades: number };
    await expect.poll(async () => eth.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => page.locator('#st-trades').getAttribute('data-value'), { timeout: 10_000 }).toBe(String(stats.trades));
    expect(requests.since(mark, /^GET \/api\/positions/)).toEqual([]); // learned from the stream, not a poll
    await shot('10-other-symbol-closed-elsewhere');
  });

  it("clears the ticket's price, take-profit and stop-loss on a symbol switch (a BTCUSDT price is no ETHUSDT price)", async () => {
    await page.click('#order-type button[data-type="LIMIT"]');
    await page.fill('#price', '60000');
    await page.fill('#tp', '61000');
    await page.fill('#sl', '59000');
    await chartSymbol('ETHUSDT');
    expect([await page.inputValue('#price'), await page.inputValue('#tp'), await page.inputValue('#sl')]).toEqual(['', '', '']);
    await chartSymbol('BTCUSDT');
    await page.click('#order-type button[data-type="MARKET"]');
  });

  it("a symbol switch whose history cannot be read shows the server's error and keeps the previous chart live", async () => {
    const klines = '**/api/exchanges/sim/klines/ETHUSDT**';
    await page.route(klines, (r) => r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'EXCHANGE_UNAVAILABLE', message: 'klines are unavailable (test)' } }) }));
    const errorsBefore = consoleErrors.length;
    try {
      await page.fill('#symbol', 'ETHUSDT');
      await page.press('#symbol', 'Enter');
      await expect.poll(async () => page.locator('#toasts').textContent(), { timeout: 10_000 }).toContain('EXCHANGE_UNAVAILABLE');
      expect(await page.inputValue('#symbol')).toBe('BTCUSDT');
      // BTCUSDT is shown again and its ticks keep reaching the chart.
      await expect.poll(() => requests.inFlight, { timeout: 10_000 }).toBe(0);
      const updates = () => page.evaluate(() => (window as unknown as { trainerMetrics: { chartUpdates: number } }).trainerMetrics.chartUpdates);
      const from = await updates();
      await expect.poll(updates, { timeout: 10_000 }).toBeGreaterThan(from + 3);
      await shot('11-failed-symbol-switch');
    } finally {
      await page.unroute(klines);
      // The refused history is a 503, which Chromium logs as a failed resource.
      consoleErrors.splice(errorsBefore, consoleErrors.length - errorsBefore, ...consoleErrors.slice(errorsBefore).filter((e) => !/status of 503/.test(e)));
    }
  });

  it('a dragged stop-loss whose new price is refused is placed again at its old price; if that fails too, the page says so', async () => {
    const last = (await position()).mark_price!;
    const sl = Math.round(last * 0.99 * 10) / 10;
    const res = await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001, take_profit: Math.round(last * 1.01 * 10) / 10, stop_loss: sl });
    expect(res.status, res.text).toBe(200);
    const stopLoss = async () => (await openOrders()).find((o) => o.type === 'STOP_MARKET');
    await expect.poll(async () => page.locator('#orders tbody tr').count(), { timeout: 10_000 }).toBe(2);
    const original = (await stopLoss())!;
    let refuse = 1; // the next order placements the page sends are refused
    const route = '**/api/trading/order';
    await page.route(route, (r) =>
      r.request().method() === 'POST' && refuse-- > 0
        ? r.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { code: 'PRICE_OUT_OF_BAND', message: 'refused (test)' } }) })
        : r.continue(),
    );
    const errorsBefore = consoleErrors.length;
    try {
      await dragLine(sl, 40);
      await expect.poll(async () => page.locator('#toasts').textContent(), { timeout: 10_000 }).toContain('PRICE_OUT_OF_BAND');
      await expect.poll(async () => (await stopLoss())?.order_id, { timeout: 10_000 }).not.toBe(original.order_id);
      const again = (await stopLoss())!;
      expect(again).toMatchObject({ side: 'SELL', stop_price: sl, quantity: 0.001, reduce_only: true });
      expect((await openOrders()).length).toBe(2);
      await expect.poll(async () => page.locator(`#orders tbody tr[data-order-id="${again.order_id}"]`).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => requests.inFlight, { timeout: 10_000 }).toBe(0);

      refuse = Infinity;
      await dragLine(sl, 40);
      await expect.poll(async () => page.locator('#toasts .toast.error').last().textContent(), { timeout: 10_000 }).toContain('unprotected');
      await expect.poll(stopLoss, { timeout: 10_000 }).toBeUndefined();
      await shot('12-stop-loss-lost-warning');
      await page.locator('#toasts .toast.sticky').click(); // it stays until clicked
      expect(await page.locator('#toasts .toast.sticky').count()).toBe(0);
    } finally {
      await page.unroute(route);
      consoleErrors.splice(errorsBefore, consoleErrors.length - errorsBefore, ...consoleErrors.slice(errorsBefore).filter((e) => !/status of 422/.test(e)));
    }
    expect((await api.post('/api/position/close', { exchange: 'sim', symbol: 'BTCUSDT' })).status).toBe(200);
    await expect.poll(async () => page.locator('#orders tbody tr').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => page.locator('#positions tbody tr').count(), { timeout: 10_000 }).toBe(0);
  });

  it('logged no console errors and no CSP violation so far', async () => {
    expect(consoleErrors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
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
    // The page loaded the bundled face's regular and bold Hangul itself (for its charts' canvas
    // text, which cannot fetch a face: boxes on a machine without a Korean font), before this asks.
    expect(await page.evaluate(() => document.fonts.check('11px "Nanum Gothic"', '가') && document.fonts.check('bold 11px "Nanum Gothic"', '가'))).toBe(true);
    // Hangul is drawn in the page's own bundled font, whatever the machine has installed.
    const loaded = await page.evaluate(async () => (await document.fonts.load('12px "Nanum Gothic"', '매수 포지션')).map((f) => f.status));
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.every((s) => s === 'loaded')).toBe(true);
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
    expect(await cspViolations(page)).toEqual([]);
  });
});
