import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_BARS } from '../../web/src/core/backtest-format.js';
import type { client, TestServer } from '../server/harness.js';
import { cspViolations, loadChart, openTrainer, SHOTS, type TrainerPage } from './page-harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const MIN = 60_000;
const DAY = 86_400_000;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

interface Trade {
  id: string;
  side: 'LONG' | 'SHORT';
  entry_time: number;
  exit_time: number;
  pnl: number;
}
interface Backtest {
  id: string;
  status: string;
  request: { dataset: string };
  result: { trade_count: number; net_pnl: number; interval_ms: number; trades: Trade[]; equity_curve: unknown[]; stats: Record<string, number | null> } | null;
}
interface Session {
  session_id: string;
  name: string;
  dataset_id: string;
  clock: number;
  status: string;
}

/**
 * The backtests dock in a real browser on a real server (SQLite in a temp dir): sma_cross run on a
 * bundled dataset from the form, its progress followed to the end over the WebSocket, the report's
 * figures and trades against GET /api/backtests/{id}, and a trade opened in replay: a session on
 * the dataset a few bars before the entry, its entry and exit marked once the clock passes them.
 */
describe('backtests in the page', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;
  let api: ReturnType<typeof client>;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `backtest-${name}.png`) });
  const csp = () => cspViolations(page);

  beforeAll(async () => {
    ({ srv, api, page } = trainer = await openTrainer({ errors, consoleErrors: true, csp: true }));
  }, 60_000);

  afterAll(() => trainer?.close());

  it('runs sma_cross from the form with live progress, reports it as the API does, and opens a trade in replay', async () => {
    await loadChart(page, srv.url);
    await page.click('#backtests-open');
    await page.waitForFunction((id) => [...(document.getElementById('bt-dataset') as HTMLSelectElement).options].some((o) => o.value === id), ETH, { timeout: 15_000 });
    await page.selectOption('#bt-dataset', ETH);
    await page.selectOption('#bt-strategy', 'sma_cross');
    // The strategy's parameters at their defaults, one field each.
    expect(await page.locator('#bt-param-fast').inputValue()).toBe('10');
    expect(await page.locator('#bt-param-slow').inputValue()).toBe('30');
    expect(await page.locator('#bt-param-quantity').inputValue()).toBe('1');
    const ds = ((await api.get('/api/datasets')).json as { datasets: { id: string; first_time: number; last_time: number }[] }).datasets.find((d) => d.id === ETH)!;
    expect(await page.locator('#bt-from').inputValue()).toBe(local(ds.first_time)); // the dataset's span
    // A refusal is the server's, shown as any error, and nothing is run.
    await page.fill('#bt-param-fast', '30');
    await page.fill('#bt-param-slow', '21');
    await page.click('#bt-run');
    await expect.poll(() => page.locator('#toasts').textContent(), { timeout: 10_000 }).toMatch(/fast \(30\) must be shorter than slow \(21\)/);
    expect(((await api.get('/api/backtests')).json as { backtests: unknown[] }).backtests).toEqual([]);
    await page.fill('#bt-param-fast', '8');
    await page.fill('#bt-param-slow', '21');
    await page.fill('#bt-fee', '2.5');
    await page.fill('#bt-from', local(ds.first_time + DAY)); // 29 days: 41,760 bars
    // Every value the progress bar takes, seen in the page as it changes.
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: string[] };
      w.progressSeen = [];
      const p = document.getElementById('bt-progress') as HTMLProgressElement;
      new MutationObserver(() => w.progressSeen.push(`${p.dataset.status} ${p.getAttribute('value')}/${p.max}`)).observe(p, { attributes: true });
    });
    await page.click('#bt-run');
    await expect.poll(() => page.locator('#bt-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    const id = (await page.locator('#bt-progress').getAttribute('data-backtest'))!;
    expect(id).toMatch(/^bt-\d+$/);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    const running = seen.filter((s) => /^running \d+\/\d+$/.test(s)).map((s) => s.split(' ')[1]!.split('/').map(Number) as [number, number]);
    // Running over the run's bars, never going back (how many values between depends on the machine's
    // speed: the worker tells its progress every 16,384 bars, at most every 200 ms), then full.
    expect(running.length, seen.join(', ')).toBeGreaterThan(0);
    expect(running.every(([done, total]) => total === 41_760 && done <= total), seen.join(', ')).toBe(true);
    expect(running.map(([done]) => done)).toEqual(running.map(([done]) => done).sort((a, b) => a - b));
    expect(seen.at(-1)).toBe('done 1/1');
    expect(await page.locator('#bt-progress-text').textContent()).toMatch(new RegExp(`^${id} done`));

    const bt = (await api.get(`/api/backtests/${id}`)).json as Backtest;
    expect(bt.status).toBe('done');
    expect(bt.request).toMatchObject({ dataset: ETH, strategy: 'sma_cross', params: { fast: 8, slow: 21, quantity: 1 }, fee_bps: 2.5, from: ds.first_time + DAY, to: ds.last_time });
    const r = bt.result!;
    expect(r.trade_count).toBeGreaterThan(5);
    // The report: every trade, the figures as the API gave them, the curve drawn.
    const rows = page.locator('#bt-trades tbody tr[data-trade]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(r.trade_count);
    expect(await page.locator('#bt-figures dd[data-field="trade_count"]').textContent()).toBe(String(r.trade_count));
    expect(await page.locator('#bt-figures dd[data-field="net_pnl"]').getAttribute('data-value')).toBe(String(r.net_pnl));
    expect(await page.locator('#bt-figures dd[data-field="win_rate"]').getAttribute('data-value')).toBe(String(r.stats.win_rate));
    expect(await page.locator('#bt-figures dd[data-field="sharpe"]').getAttribute('data-value')).toBe(String(r.stats.sharpe));
    expect(await page.locator('#bt-chart').getAttribute('data-points')).toBe(String(r.equity_curve.length));
    expect(await page.locator('#bt-chart canvas').count()).toBeGreaterThan(0);
    expect(await page.locator(`#bt-runs tr[data-backtest="${id}"]`).getAttribute('data-status')).toBe('done');
    expect(await page.locator(`#bt-runs tr[data-backtest="${id}"] td`).nth(3).textContent()).toBe(String(r.trade_count));
    await shot('01-report');

    // Open the third trade in replay: a session on the dataset, just before its entry.
    const trade = r.trades[2]!;
    const row = page.locator(`#bt-trades tr[data-trade="${trade.id}"]`);
    expect(Number(await row.locator('td.n[data-value]').getAttribute('data-value'))).toBe(trade.pnl);
    await row.locator('button.bt-replay').click();
    await expect.poll(() => page.locator('#replay-bar').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('#backtests').isHidden(), { timeout: 10_000 }).toBe(true); // once the session is charted
    const sessions = ((await api.get('/api/replay/sessions')).json as { sessions: Session[] }).sessions;
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s).toMatchObject({ dataset_id: ETH, name: `${id} #${trade.id}`, status: 'paused' });
    expect(s.clock).toBeLessThan(trade.entry_time);
    expect(s.clock).toBeGreaterThanOrEqual(trade.entry_time - LEAD_BARS * r.interval_ms);
    await expect.poll(() => page.locator('#symbol').inputValue(), { timeout: 10_000 }).toBe('ETHUSDT');
    expect(await page.locator('#rb-name').textContent()).toContain(`${id} #${trade.id}`);
    // Nothing of the trade is on the chart before the clock reaches it.
    await page.waitForTimeout(500);
    expect(Number(await page.locator('#chart').getAttribute('data-markers') ?? '0')).toBe(0);
    await shot('02-replay-before');

    // Past its exit: its entry and exit fills and its result are marked.
    await page.fill('#rb-jump-to', new Date(trade.exit_time + MIN).toISOString().slice(0, 16).replace('T', ' '));
    await page.click('#rb-jump-go');
    await expect.poll(async () => ((await api.get(`/api/replay/sessions/${s.session_id}`)).json as Session).clock, { timeout: 10_000 }).toBeGreaterThan(trade.exit_time);
    await expect.poll(() => page.locator('#chart').getAttribute('data-markers'), { timeout: 10_000 }).toBe('3');
    await shot('03-replay-marked');

    // A run made elsewhere (over the API) appears in the open dock's list; its report is a click away.
    await page.click('#backtests-open');
    const other = (await api.post('/api/backtests', { dataset: ETH, strategy: 'sma_cross', fee_bps: 4, to: ds.first_time + 2 * DAY })).json as { id: string };
    const otherRow = page.locator(`#bt-runs tr[data-backtest="${other.id}"]`);
    await expect.poll(() => otherRow.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    await otherRow.locator('button.bt-show').click();
    const done = (await api.get(`/api/backtests/${other.id}`)).json as Backtest;
    await expect.poll(() => page.locator('#bt-report-title').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^${other.id} · sma_cross fast=10 slow=30`));
    expect(await rows.count()).toBe(done.result!.trade_count);
    expect(await otherRow.locator('td').nth(3).textContent()).toBe(String(done.result!.trade_count));

    // Korean labels.
    await page.selectOption('#lang', 'ko');
    expect(await page.locator('#backtests-open').textContent()).toBe('백테스트');
    await expect.poll(() => page.locator('#bt-figures dt[data-field="win_rate"]').textContent(), { timeout: 10_000 }).toBe('승률');
    expect(await page.locator('#bt-trades button.bt-replay').first().textContent()).toBe('리플레이로 열기');
    await shot('04-ko');
    expect(await csp()).toEqual([]);
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']); // the refused run's, only
  }, 120_000);
});
