import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { client, TestServer } from '../server/harness.js';
import { loadChart, openTrainer, pickPracticeDataset, SHOTS, type TrainerPage } from './page-harness.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';

interface Trade {
  trade_id: string;
  side: string;
  net_pnl: number;
  r_multiple: number | null;
  notes: string;
  tags: string[];
  setup: string | null;
  rating: number | null;
  mistakes: string[];
}
type Review = Record<string, number | null> & { equity_curve: { equity: number }[] };

/** Reads a figure as the panel wrote it back into a number (−, thousands commas, %, R, durations). */
function shownNumber(text: string, field: string): number | null {
  if (text === '—') return null;
  if (field.endsWith('_ms')) {
    const parts = [...text.matchAll(/(\d+)([dhms])/g)];
    const unit: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
    return parts.reduce((a, [, n, u]) => a + Number(n) * unit[u!]!, 0);
  }
  const n = Number(text.replace(/\u2212/g, '-').replace(/[,R%+]/g, ''));
  return text.endsWith('%') ? n / 100 : n;
}

/** How far a figure as written may be from the API's value: half its last digit (a duration: its smallest unit shown). */
function tolerance(field: string, text: string, want: number): number {
  if (field.endsWith('_ms')) return { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[text.trim().slice(-1)] ?? 0;
  if (field.endsWith('pct') || field === 'win_rate' || field === 'fees_share_of_gross') return 0.0005 + 1e-12;
  return 0.005 + Math.abs(want) * 1e-12;
}

/**
 * The journal dock in a real browser: a blind practice session traded with the hotkeys, its closed
 * trades in the journal table, annotations edited inline and refused edits shown in the row, then the
 * review's figures against the API's and its equity curve drawn.
 */
describe('the journal and the review', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let page: Page;
  let api: ReturnType<typeof client>;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `journal-${name}.png`) });

  beforeAll(async () => {
    ({ srv, api, page } = trainer = await openTrainer({ errors }));
  }, 60_000);

  afterAll(() => trainer?.close());

  it('lists the session\'s closed trades, saves inline edits, shows refusals in the row, and reviews them with the curve', async () => {
    await loadChart(page, srv.url);
    await pickPracticeDataset(page, ETH);
    await page.check('#pr-blind');
    await page.click('#pr-create');
    await expect.poll(() => page.locator('#rb-clock').textContent(), { timeout: 10_000 }).toBe('+0:00:00');
    const id = ((await api.get('/api/replay/sessions')).json as { sessions: { session_id: string }[] }).sessions[0]!.session_id;
    const base = `/api/replay/sessions/${id}`;
    const journal = async () => ((await api.get(`${base}/journal`)).json as { trades: Trade[] }).trades;
    const positions = async () => ((await api.get(`${base}/positions`)).json as { positions: unknown[] }).positions.length;

    // The journal is open while trading: each trade appears once it closes (the dock polls).
    await page.click('#journal-open');
    await expect.poll(() => page.locator('#journal-empty').isVisible(), { timeout: 10_000 }).toBe(true);
    // One ETH a trade; the long with a stop-loss 15 below the market (its R is planned at entry).
    await page.locator('#presets button', { hasText: /^1$/ }).click();
    // The stop from the session's own price (the API's, not a field of the page that may still show the live market's).
    const last = ((await api.get(`${base}/ticker`)).json as { last: number }).last;
    await page.fill('#sl', String(Math.round(last - 15)));
    await page.keyboard.press('Escape'); // out of the field: the keys trade again
    for (const [open, steps] of [['b', 3], ['s', 5]] as const) {
      await page.keyboard.press(open);
      await expect.poll(positions, { timeout: 10_000 }).toBe(1);
      if (open === 'b') await page.fill('#sl', ''); // the short goes without one
      await page.keyboard.press('Escape');
      for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('f');
      await expect.poll(positions, { timeout: 10_000 }).toBe(0);
    }
    const trades = await journal();
    expect(trades.map((t) => t.side)).toEqual(['SHORT', 'LONG']); // newest exit first
    expect(trades.map((t) => t.r_multiple === null)).toEqual([true, false]);
    const rows = page.locator('#journal-table tbody tr[data-trade-id]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(await rows.nth(0).getAttribute('data-trade-id')).toBe(trades[0]!.trade_id);
    // Blind: times from the session's start, never a date.
    const cells = await rows.nth(1).locator('td').allTextContents();
    expect(cells[4]).toMatch(/^\+\d+:\d\d:\d\d$/);
    expect(cells[5]).toMatch(/^\+\d+:\d\d:\d\d$/);
    expect(Number(await rows.nth(0).locator('td.n').nth(3).getAttribute('data-value'))).toBe(trades[0]!.net_pnl);
    await shot('01-table');

    // Inline edits: a note, tags and a rating on the long, each saved through PATCH.
    const long = page.locator(`#journal-table tr[data-trade-id="${trades[1]!.trade_id}"]`);
    const error = page.locator(`#journal-table tr.j-error[data-for="${trades[1]!.trade_id}"]`);
    await long.locator('textarea[data-field="notes"]').fill('waited for the retest; 한국어 메모');
    await long.locator('textarea[data-field="notes"]').press('Enter');
    await long.locator('input[data-field="tags"]').fill('breakout, A-grade');
    await long.locator('input[data-field="tags"]').press('Enter');
    await long.locator('select[data-field="rating"]').selectOption('4');
    await long.locator('input[data-field="setup"]').fill('ORB');
    await long.locator('input[data-field="setup"]').press('Tab');
    const saved = async () => (await journal()).find((t) => t.trade_id === trades[1]!.trade_id)!;
    await expect.poll(saved, { timeout: 10_000 }).toMatchObject({ notes: 'waited for the retest; 한국어 메모', tags: ['breakout', 'A-grade'], rating: 4, setup: 'ORB' });
    expect(await error.isHidden()).toBe(true);

    // Refused: a tag with a bad character, and notes over 10 kB: the server's reason in the row, the text kept.
    const tags = long.locator('input[data-field="tags"]');
    await tags.fill('breakout, bad!tag');
    await tags.press('Enter');
    await expect.poll(() => error.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await error.textContent()).toMatch(/tags.*letters, digits.*VALIDATION_ERROR/);
    const notes = long.locator('textarea[data-field="notes"]');
    const big = 'x'.repeat(10_241);
    await notes.fill(big);
    await notes.press('Enter');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/notes.*10 kB/);
    expect(await error.textContent()).toMatch(/tags/); // both refusals, one line each
    await page.waitForTimeout(2_000); // a poll or more: the typed text is not overwritten
    expect(await notes.inputValue()).toBe(big);
    expect(await tags.inputValue()).toBe('breakout, bad!tag');
    expect(await tags.getAttribute('class')).toContain('bad');
    expect(await saved()).toMatchObject({ notes: 'waited for the retest; 한국어 메모', tags: ['breakout', 'A-grade'] });
    await shot('02-refused');
    // Fixed: saved again, the error goes.
    await notes.fill('the retest held');
    await notes.press('Enter');
    await tags.fill('breakout');
    await tags.press('Enter');
    await expect.poll(() => error.isHidden(), { timeout: 10_000 }).toBe(true);
    await expect.poll(saved, { timeout: 10_000 }).toMatchObject({ notes: 'the retest held', tags: ['breakout'] });

    // The review: every figure as the API computed it.
    await page.click('#j-tab-review');
    const figures = page.locator('#rv-figures dd');
    await expect.poll(() => figures.count(), { timeout: 10_000 }).toBeGreaterThan(30);
    const checkFigures = async (review: Review) => {
      await expect.poll(() => page.locator('#rv-figures dd[data-field="trades"]').textContent(), { timeout: 10_000 }).toBe(String(review.trades));
      for (const dd of await figures.all()) {
        const field = (await dd.getAttribute('data-field'))!;
        expect(field in review, field).toBe(true);
        expect(await dd.getAttribute('data-value'), field).toBe(String(review[field]));
        const shown = shownNumber((await dd.textContent())!, field);
        const want = review[field] as number | null;
        if (want === null) expect(shown, field).toBeNull();
        else expect(Math.abs(shown! - want), `${field}: ${await dd.textContent()} vs ${want}`).toBeLessThanOrEqual(tolerance(field, (await dd.textContent())!, want));
      }
    };
    const review = (await api.get(`${base}/journal/review`)).json as Review;
    expect(review.trades).toBe(2);
    await checkFigures(review);
    // The curve: the start and two exits, drawn on the chart's canvases.
    await expect.poll(() => page.locator('#rv-chart').getAttribute('data-points'), { timeout: 10_000 }).toBe(String(review.equity_curve.length));
    const drawn = () =>
      page.evaluate(() => {
        let lit = 0;
        for (const c of document.querySelectorAll<HTMLCanvasElement>('#rv-chart canvas')) {
          const ctx = c.getContext('2d');
          if (!ctx || !c.width || !c.height) continue;
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && (Math.abs(d[i]! - 0x26) < 12 && Math.abs(d[i + 1]! - 0xa6) < 12 || Math.abs(d[i]! - 0xef) < 12 && Math.abs(d[i + 1]! - 0x53) < 12)) lit++;
        }
        return lit;
      });
    await expect.poll(drawn, { timeout: 10_000 }).toBeGreaterThan(50); // the green / red of the curve and the drawdown
    await shot('03-review');

    // A trade that closes while the review is open is in it at the next read, without a click.
    await page.keyboard.press('b');
    await expect.poll(positions, { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('f');
    await expect.poll(positions, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('#rv-figures dd[data-field="trades"]').textContent(), { timeout: 10_000 }).toBe('3');
    await checkFigures((await api.get(`${base}/journal/review`)).json as Review);
    await expect.poll(() => page.locator('#rv-chart').getAttribute('data-points'), { timeout: 10_000 }).toBe('4');

    // Filters: the tag, then every practice session (one more session with one trade, made over the API).
    await page.fill('#rv-tag', 'breakout');
    await page.click('#rv-apply');
    await checkFigures((await api.get(`${base}/journal/review?tag=breakout`)).json as Review);
    expect(await page.locator('#rv-figures dd[data-field="trades"]').textContent()).toBe('1');
    await page.fill('#rv-tag', 'no spaces');
    await page.click('#rv-apply');
    await expect.poll(() => page.locator('#rv-error').textContent(), { timeout: 10_000 }).toMatch(/tag.*VALIDATION_ERROR/);
    await page.click('#rv-clear');
    await expect.poll(() => page.locator('#rv-error').isHidden(), { timeout: 10_000 }).toBe(true);
    const other = (await api.post('/api/replay/sessions', { dataset_id: ETH, random: true, starting_cash: 30_000 })).json as { session_id: string };
    expect((await api.post(`/api/replay/sessions/${other.session_id}/order`, { side: 'BUY', type: 'MARKET', quantity: 0.5 })).status).toBe(200);
    expect((await api.post(`/api/replay/sessions/${other.session_id}/control`, { action: 'step_bar' })).status).toBe(200);
    expect((await api.post(`/api/replay/sessions/${other.session_id}/close`, {})).status).toBe(200);
    await page.selectOption('#rv-scope', 'all');
    const all = (await api.get('/api/replay/journal/review')).json as Review;
    expect(all).toMatchObject({ trades: 4, sessions: 2, starting_equity: 20_000 });
    await checkFigures(all);
    await expect.poll(() => page.locator('#rv-chart').getAttribute('data-points'), { timeout: 10_000 }).toBe('5');
    await shot('04-all-sessions');

    // Korean labels.
    await page.selectOption('#lang', 'ko');
    expect(await page.locator('#j-tab-review').textContent()).toBe('복기');
    expect(await page.locator('#rv-figures dt[data-field="win_rate"]').textContent()).toBe('승률');
    await page.click('#j-tab-journal');
    expect(await page.locator('#journal-table th').nth(13).textContent()).toBe('보유 시간');
    await shot('05-ko');
    await page.selectOption('#lang', 'en');

    // Back on the live market: the live account's journal, times as UTC dates.
    await page.click('#rb-leave');
    await expect.poll(() => page.locator('#symbol').inputValue(), { timeout: 10_000 }).toBe('BTCUSDT');
    await expect.poll(() => page.locator('#journal-empty').isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 })).status).toBe(200);
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
    const liveRow = page.locator('#journal-table tbody tr[data-trade-id]');
    await expect.poll(() => liveRow.count(), { timeout: 10_000 }).toBe(1);
    const liveCells = await liveRow.locator('td').allTextContents();
    expect(liveCells[1]).toBe('BTCUSDT');
    expect(liveCells[4]).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d$/);
    await page.click('#j-tab-review');
    await expect.poll(() => page.locator('#rv-scope option[value="current"]').textContent(), { timeout: 10_000 }).toBe('Live account');
    await page.selectOption('#rv-scope', 'current');
    await checkFigures((await api.get('/api/journal/review?mode=simulation')).json as Review);
    // Opened and closed within a second or so: still two points, the start and the exit.
    await expect.poll(() => page.locator('#rv-chart').getAttribute('data-points'), { timeout: 10_000 }).toBe('2');
    await shot('06-live');
    expect(errors).toEqual([]);
  }, 120_000);
});
