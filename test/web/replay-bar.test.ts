import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { client, TestServer } from '../server/harness.js';
import { loadChart, openTrainer, pickPracticeDataset, SHOTS, type TrainerPage } from './page-harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';

interface SessionJson {
  session_id: string;
  status: string;
  clock: number;
  elapsed_ms: number;
  speed: number | 'max';
  symbol: string;
}
type Candle = { time: number; close: number; high: number; low: number; volume: number };
type Probe = { trainerMetrics: { lastCandle: Candle | null; ticks: number } };

/** The replay bar in a real browser: a random-start blind session started, stepped, played and traded from the page. */
describe('the practice bar', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;
  let api: ReturnType<typeof client>;
  const errors: string[] = [];
  const lastCandle = () => page.evaluate(() => (window as unknown as Probe).trainerMetrics.lastCandle);
  const sessions = async () => ((await api.get('/api/replay/sessions')).json as { sessions: SessionJson[] }).sessions;

  beforeAll(async () => {
    ({ srv, api, page } = trainer = await openTrainer({ errors }));
  }, 60_000);

  afterAll(() => trainer?.close());

  it('starts a random blind session, steps a bar with →, plays and pauses with Space, buys with B', async () => {
    await loadChart(page, srv.url);
    await pickPracticeDataset(page, ETH);
    await page.check('#pr-blind');
    await page.fill('#pr-cash', '25000');
    await page.click('#pr-create');
    await expect.poll(async () => (await sessions()).length, { timeout: 10_000 }).toBe(1);
    const [created] = await sessions();
    expect(created).toMatchObject({ status: 'paused', symbol: 'BLIND', starting_cash: 25000, random_start: true, blind: true, elapsed_ms: 0 });
    const id = created!.session_id;

    // The chart is the session's: its history up to the clock, the bar shows the clock from the start.
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe('+0:00:00');
    await expect.poll(async () => (await lastCandle())?.time ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    const klines = (await api.get(`/api/replay/sessions/${id}/klines?interval=1m&limit=2`)).json as { klines: { open_time: number; close: number }[] };
    const before = (await lastCandle())!;
    expect(before.time).toBe(klines.klines.at(-1)!.open_time);
    expect(await page.locator('#symbol').inputValue()).toBe('BLIND');
    // The statistics and risk are the session's own; the bar shows its equity (its starting cash).
    await expect.poll(() => page.locator('#rb-equity').textContent(), { timeout: 10_000 }).toBe('25,000.00');
    expect(await page.locator('#st-trades').textContent()).toBe('0 (0/0)');
    await page.screenshot({ path: join(SHOTS, 'replay-01-session.png') });

    // → steps one bar: the clock moves on and the last candle is another one.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).not.toBe('+0:00:00');
    const stepped = (await sessions())[0]!;
    expect(stepped.elapsed_ms).toBeGreaterThan(0);
    expect(stepped.status).toBe('paused');
    await expect.poll(async () => JSON.stringify(await lastCandle()), { timeout: 10_000 }).not.toBe(JSON.stringify(before));

    // Space plays (at the selected speed), Space again pauses.
    await page.keyboard.press(']'); // 2×
    await page.keyboard.press('Space');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('playing');
    expect((await sessions())[0]!.speed).toBe(2);
    await expect.poll(() => page.locator('#rb-play').textContent(), { timeout: 10_000 }).toBe('Pause');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await sessions())[0]!.status, { timeout: 10_000 }).toBe('paused');
    await expect.poll(() => page.locator('#rb-play').textContent(), { timeout: 10_000 }).toBe('Play');

    // B buys at market in the session (not on the live market): its position row appears.
    await page.keyboard.press('b');
    const row = page.locator('#positions tbody tr[data-symbol="BLIND"][data-exchange="replay"]');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const positions = (await api.get(`/api/replay/sessions/${id}/positions`)).json as { positions: { side: string; quantity: number }[] };
    expect(positions.positions).toEqual([expect.objectContaining({ side: 'LONG' })]);
    expect(((await api.get('/api/positions?status=open')).json as { positions: unknown[] }).positions).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'replay-02-bought.png') });

    // The help lists the practice keys; the bar speaks Korean too.
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('#help-keys').textContent()).toContain('Shift+→');
    await page.keyboard.press('Escape');
    await page.selectOption('#lang', 'ko');
    expect(await page.locator('#rb-play').textContent()).toBe('재생');
    expect(await page.locator('#practice-open').textContent()).toBe('연습');
    await page.screenshot({ path: join(SHOTS, 'replay-03-ko.png') });

    // Back to the live market: the live symbol and its candles again, the bar hidden.
    await page.selectOption('#lang', 'en');
    await page.click('#rb-leave');
    await expect.poll(() => page.locator('#symbol').inputValue(), { timeout: 10_000 }).toBe('BTCUSDT');
    expect(await page.locator('#replay-bar').isHidden()).toBe(true);
    expect(await page.locator('#stats').isVisible()).toBe(true);
    expect(await page.locator('#exchange').inputValue()).toBe('sim');
    await expect.poll(async () => (await lastCandle())?.close ?? 0, { timeout: 10_000 }).toBeGreaterThan(10_000); // BTC, not the session's ETH
    // The live stream again: live prices on the quote.
    await expect.poll(async () => Number((await page.locator('#q-last').textContent())!.replace(/,/g, '')), { timeout: 10_000 }).toBeGreaterThan(10_000);
    await page.screenshot({ path: join(SHOTS, 'replay-04-live-again.png') });
    expect(errors).toEqual([]);
  }, 90_000);
});
