import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { readCsv } from '../../src/sim/market/csv-bars.js';
import { DATASETS_DIR } from '../datasets.js';
import { client, freePort, freshDataDir, killHard, spawnServer, testEnv, waitForHealth, type ChildServer } from '../server/harness.js';
import type { HeadlessChromium } from './chromium.js';
import { loadChart, openPage, pickPracticeDataset } from './page-harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const file = readCsv(join(DATASETS_DIR, `${ETH}.csv`));
if (file.kind !== 'klines') throw new Error('klines expected');
const bars = new Map(file.bars.map((b) => [b.openTime, b]));
const FILE_TICK = Decimal.of(1n, file.priceScale);
const shot = (name: string) => `/tmp/spage-${name}.png`;

interface SessionJson {
  session_id: string;
  status: string;
  clock: number;
  cursor: number;
  elapsed_ms: number;
  tick_size: number;
  symbol: string;
  [k: string]: unknown;
}
type Candle = { time: number; close: number; high: number; low: number; volume: number };
type Probe = { trainerMetrics: { lastCandle: Candle | null } };

const pad = (n: number) => String(n).padStart(2, '0');
/** The bar's clock of a blind session: from its start. */
const blindClock = (elapsed: number) => {
  const s = Math.floor(elapsed / 1000);
  return `+${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
};

/**
 * The whole practice loop in a real browser, across a kill -9 of the server: a random-start blind
 * session with rebased prices started from the page, traded with a bracket from the keyboard,
 * paused, stepped a bar (the last candle is exactly the file's next bar, rebased) and a tick; the
 * server killed and started again on the same data; the page reloaded finds the session in its list
 * where it was, with its position and orders, and finishes it.
 */
describe('a practice session from the page, across a server restart', () => {
  const dataDir = freshDataDir();
  const env = testEnv(dataDir, { LOG_LEVEL: 'warn' });
  const children: ChildServer[] = [];
  let port = 0;
  let chrome: HeadlessChromium;
  let page: Page;
  let url = '';
  const errors: string[] = [];
  const api = () => client(url);
  const boot = async () => {
    const s = spawnServer(env, port);
    children.push(s);
    await waitForHealth(s, 30_000);
    url = s.url;
  };
  const sessions = async () => ((await api().get('/api/replay/sessions')).json as { sessions: SessionJson[] }).sessions;
  const lastCandle = () => page.evaluate(() => (window as unknown as Probe).trainerMetrics.lastCandle);

  beforeAll(async () => {
    port = await freePort();
    await boot();
    ({ chrome, page } = await openPage({ errors }));
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    for (const c of children) await killHard(c);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is started blind, traded with a bracket, stepped, found again after a restart and finished', async () => {
    await loadChart(page, url, 20_000);

    // A random-start blind session with rebased prices, from the Practice panel.
    await pickPracticeDataset(page, ETH);
    expect(await page.locator('#pr-random').isChecked()).toBe(true);
    await page.check('#pr-blind');
    await page.check('#pr-rebase');
    await page.fill('#pr-cash', '10000');
    await page.click('#pr-create');
    await expect.poll(async () => (await sessions()).length, { timeout: 10_000 }).toBe(1);
    const created = (await sessions())[0]!;
    expect(created).toMatchObject({ status: 'paused', symbol: 'BLIND', blind: true, random_start: true, rebased: true, elapsed_ms: 0 });
    expect(created).not.toHaveProperty('dataset_id');
    expect(created).not.toHaveProperty('start_time');
    const id = created.session_id;
    const base = `/api/replay/sessions/${id}`;
    const tick = Decimal.parse(created.tick_size);
    const k = tick.div(FILE_TICK, 20).normalize(); // the rebasing factor, exact
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe('+0:00:00');
    // The chart is in rebased prices: the start is within 0.5 % of 100 (the live BTC chart is gone).
    await expect.poll(async () => Math.abs(((await lastCandle())?.close ?? 0) - 100), { timeout: 10_000 }).toBeLessThan(0.5);
    expect(await page.locator('#rb-equity').textContent()).toBe('10,000.00');

    // A bracket from the keyboard: quantity, take-profit and stop-loss typed, Escape leaves the field, B buys.
    const last = Decimal.parse(((await api().get(`${base}/ticker`)).json as { last: number }).last);
    const onGrid = (x: Decimal) => x.div(tick, 0, 'floor').mul(tick).normalize();
    const tp = onGrid(last.mul(Decimal.parse('1.03')));
    const sl = onGrid(last.mul(Decimal.parse('0.97')));
    await page.fill('#qty', '2');
    await page.fill('#tp', tp.toString());
    await page.fill('#sl', sl.toString());
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    const posRow = page.locator('#positions tbody tr[data-symbol="BLIND"][data-exchange="replay"]');
    await expect.poll(() => posRow.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('#orders tbody tr[data-order-id]').count(), { timeout: 10_000 }).toBe(2);
    const orders = ((await api().get(`${base}/orders`)).json as { orders: { type: string; stop_price: number }[] }).orders;
    expect(orders.map((o) => o.type).sort()).toEqual(['STOP_MARKET', 'TAKE_PROFIT_MARKET']);
    expect(Decimal.parse(orders.find((o) => o.type === 'TAKE_PROFIT_MARKET')!.stop_price).eq(tp)).toBe(true);
    expect(Decimal.parse(orders.find((o) => o.type === 'STOP_MARKET')!.stop_price).eq(sl)).toBe(true);
    // The session's own account: equity less the taker fee, the live account untouched.
    await expect.poll(() => page.locator('#rb-equity').textContent(), { timeout: 10_000 }).not.toBe('10,000.00');
    expect(((await api().get('/api/positions?status=open')).json as { positions: unknown[] }).positions).toEqual([]);
    await page.screenshot({ path: shot('01-bracket') });

    // Play at 60× and pause, from the keyboard.
    for (let i = 0; i < 4; i++) await page.keyboard.press(']');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('playing');
    await new Promise((r) => setTimeout(r, 700));
    await page.keyboard.press('Space');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('paused');
    const paused = (await sessions())[0]!;
    expect(paused.elapsed_ms).toBeGreaterThan(0);

    // → steps one bar: the clock is that bar's last tick (45 s into it), the last candle is exactly it, rebased.
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await sessions())[0]!.cursor, { timeout: 10_000 }).toBeGreaterThan(paused.cursor);
    const stepped = (await sessions())[0]!;
    expect(stepped.status).toBe('paused');
    expect(stepped.clock % 60_000).toBe(45_000);
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe(blindClock(stepped.elapsed_ms));
    const bar = bars.get(stepped.clock - 45_000)!;
    expect(bar, 'the bar of the clock is in the file').toBeTruthy();
    await expect.poll(async () => (await lastCandle())?.time, { timeout: 10_000 }).toBe(bar.openTime);
    // The candle folded from the stream's ticks comes first (the stream skips ticks within ~16 ms,
    // an extreme among them); the page then reads the klines again once the session stands still.
    const exact = (c: Candle | null) => c !== null && c.time === bar.openTime && [c.close, c.high, c.low].every((v, i) => Decimal.parse(v).eq([bar.close, bar.high, bar.low][i]!.mul(k))) && Decimal.parse(c.volume).eq(bar.volume);
    await expect.poll(async () => exact(await lastCandle()), { timeout: 10_000 }).toBe(true);
    const candle = (await lastCandle())!;
    expect(Decimal.parse(candle.close).eq(bar.close.mul(k)), `close ${candle.close} vs ${bar.close.mul(k).toString()}`).toBe(true);
    expect(Decimal.parse(candle.high).eq(bar.high.mul(k))).toBe(true);
    expect(Decimal.parse(candle.low).eq(bar.low.mul(k))).toBe(true);
    expect(Decimal.parse(candle.volume).eq(bar.volume), `volume ${candle.volume} vs ${bar.volume.toString()}`).toBe(true);

    // Shift+→ steps one tick: the next bar's open, 15 s on.
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await sessions())[0]!.cursor, { timeout: 10_000 }).toBe(stepped.cursor + 1);
    const ticked = (await sessions())[0]!;
    expect(ticked.clock).toBe(stepped.clock + 15_000);
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe(blindClock(ticked.elapsed_ms));

    // Jump 3 bars from the bar's open: to the close of the third (this one, two more); a jump back is
    // refused with the server's reason, and nothing moves.
    await page.fill('#rb-jump-to', '3');
    await page.press('#rb-jump-to', 'Enter');
    await expect.poll(async () => (await sessions())[0]!.clock, { timeout: 10_000 }).toBe(ticked.clock + 2 * 60_000 + 45_000);
    const jumped = (await sessions())[0]!;
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe(blindClock(jumped.elapsed_ms));
    await page.fill('#rb-jump-to', '+0:00:10');
    await page.press('#rb-jump-to', 'Enter');
    await expect.poll(() => page.locator('.toast').last().textContent(), { timeout: 10_000 }).toContain('start a new session from that time');
    expect((await sessions())[0]!.cursor).toBe(jumped.cursor);
    await page.screenshot({ path: shot('02-stepped') });

    const before = {
      session: (await api().get(base)).json,
      positions: (await api().get(`${base}/positions`)).json,
      orders: (await api().get(`${base}/orders`)).json,
      clock: await page.locator('#rb-clock').textContent(),
    };
    expect((before.positions as { positions: unknown[] }).positions).toHaveLength(1);

    // kill -9, and the server again on the same data and port.
    await killHard(children.at(-1)!);
    await boot();
    await page.reload();
    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 20_000 });
    await page.click('#practice-open');
    const row = page.locator(`#pr-list tbody tr[data-session="${id}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.locator('.pr-clock').textContent()).toBe(before.clock);
    expect(await row.getAttribute('data-status')).toBe('paused');
    expect(await row.textContent()).not.toContain('ETH'); // blind: no symbol, no dataset
    await page.screenshot({ path: shot('03-list-after-restart') });
    // Renamed in place (Enter keeps the name, it starts no session).
    await row.locator('.pr-name').fill('Blind drill');
    await row.locator('.pr-name').press('Enter');
    await expect.poll(async () => (await sessions())[0]!.name, { timeout: 10_000 }).toBe('Blind drill');
    expect(await sessions()).toHaveLength(1);
    (before.session as { name: string }).name = 'Blind drill';
    expect((await api().get(base)).json).toEqual(before.session);

    // Opened again: where it was, with its position and both legs of the bracket.
    await row.locator('.pr-open').click();
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe(before.clock);
    await expect.poll(() => posRow.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('#orders tbody tr[data-order-id]').count(), { timeout: 10_000 }).toBe(2);
    expect((await api().get(`${base}/positions`)).json).toEqual(before.positions);
    expect((await api().get(`${base}/orders`)).json).toEqual(before.orders);
    await page.screenshot({ path: shot('04-reopened') });

    // Finished from the list (after the confirmation): the list says so, the session takes no step.
    await page.click('#practice-open');
    await row.locator('.pr-finish').click();
    await page.click('#modal-ok');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('finished');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('finished');
    expect(await row.locator('.pr-status').textContent()).toBe('finished');
    expect(await row.locator('.pr-rewatch').count()).toBe(1);
    await expect.poll(() => page.locator('#rb-status').textContent(), { timeout: 10_000 }).toContain('finished');
    expect((await api().post(`${base}/control`, { action: 'step_bar' })).status).toBe(422);
    await page.screenshot({ path: shot('05-finished') });

    // Re-watched from the list: a new read-only session over the same market, the original's fill on the chart.
    expect(await page.locator('#practice').isVisible()).toBe(true); // the panel stays open after a finish
    await row.locator('.pr-rewatch').click();
    await expect.poll(async () => (await sessions()).length, { timeout: 10_000 }).toBe(2);
    const rewatch = (await sessions())[1]!;
    expect(rewatch).toMatchObject({ rewatch_of: id, status: 'paused', blind: true, rebased: true, tick_size: created.tick_size, elapsed_ms: 0 });
    await expect.poll(() => page.locator('#rb-status').textContent(), { timeout: 10_000 }).toContain('re-watch');
    await expect.poll(() => page.locator('#chart').getAttribute('data-markers'), { timeout: 10_000 }).toBe('1');
    await page.keyboard.press('b'); // read-only: refused, with the server's reason
    await expect.poll(() => page.locator('.toast').last().textContent(), { timeout: 10_000 }).toContain('re-watch');
    expect(((await api().get(`/api/replay/sessions/${rewatch.session_id}/positions`)).json as { positions: unknown[] }).positions).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await sessions())[1]!.cursor, { timeout: 10_000 }).toBeGreaterThan(rewatch.cursor);
    await page.screenshot({ path: shot('06-rewatch') });

    // The re-watch deleted from the list (after the confirmation): the page is back on the live market.
    await page.click('#practice-open');
    await page.locator(`#pr-list tbody tr[data-session="${rewatch.session_id}"] .pr-delete`).click();
    await page.click('#modal-ok');
    await expect.poll(async () => (await sessions()).map((x) => x.session_id), { timeout: 10_000 }).toEqual([id]);
    await expect.poll(() => page.locator('#replay-bar').isHidden(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('#pr-list tbody tr').count(), { timeout: 10_000 }).toBe(1);
    expect(errors).toEqual([]);
  }, 150_000);
});
