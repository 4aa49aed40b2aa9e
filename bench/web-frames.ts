/**
 * The browser trainer's frame time in headless Chromium while the sim market replays real history
 * (Binance BTCUSDT 1m, datasets/) as fast as the file can sustain for the whole window: the
 * config puts no cap on SIM_SPEED, so the speed is the one at which the replay's 10 days last the
 * blank page, the warm-up and the trainer page (≈ 9,000× over 2 × 30 s: some 750 ticks a second to
 * the page). The blank page is measured while the replay runs, so both see the same load.
 *
 * Measured with one requestAnimationFrame sampler, the same on both pages, over `seconds`:
 * - frame interval: time between two frames (what the trader sees; 16.7 ms at 60 Hz) — against a
 *   blank page running only the sampler, in the same browser, in the same run;
 * - frame work: from the start of a frame's animation callbacks until the main thread is free again
 *   (the chart's canvas drawing, layout and paint, plus the stream's messages handled meanwhile) —
 *   against the 16 ms budget of a 60 Hz frame (the goal: p99 under it);
 * - chart updates applied per second against ticks received per second (the page applies what
 *   arrived at most once a frame, so fewer updates than ticks is the design, not a loss).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { ensureWeb } from '../scripts/build-web.mjs';
import { loadConfig } from '../src/app/config.js';
import { startApp } from '../src/app/create-app.js';
import { DATASET } from '../test/datasets.js';
import { client } from '../test/server/harness.js';
import { launchChromium } from '../test/web/chromium.js';
import { row, type Row } from './table.js';

const REPLAY = DATASET.btcSpot1m;
const HISTORY_BARS = 60;
const BUDGET_MS = 16;

interface Samples {
  intervals: number[];
  work: number[];
}
interface Counters {
  ticks: number;
  chartUpdates: number;
}

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

/**
 * rAF deltas and per-frame main-thread work, sampled in the page for `ms`. Sent as source text:
 * tsx's transform would add helpers (`__name`) that do not exist in the page.
 */
const SAMPLER = `(duration) => new Promise((resolve) => {
  const intervals = [];
  const work = [];
  const channel = new MessageChannel();
  let start = 0;
  let last = null;
  channel.port1.onmessage = () => work.push(performance.now() - start);
  const end = performance.now() + duration;
  const frame = () => {
    const now = performance.now();
    if (last !== null) intervals.push(now - last);
    last = now;
    start = now;
    channel.port2.postMessage(0); // runs once this frame's callbacks, layout and paint are done
    if (now < end) requestAnimationFrame(frame);
    else setTimeout(() => resolve({ intervals, work }), 50);
  };
  requestAnimationFrame(frame);
})`;
const sample = (page: Page, ms: number): Promise<Samples> => page.evaluate(`(${SAMPLER})(${ms})`) as Promise<Samples>;

const counters = (page: Page) => page.evaluate('({ ...window.trainerMetrics })') as Promise<Counters>;

export async function runWebFrames(opts: { seconds: number; log: (line: string) => void }): Promise<Row[]> {
  await ensureWeb();
  const bars = readFileSync(REPLAY, 'utf8').trim().split('\n').length - 1;
  const wallSeconds = 2 * opts.seconds + 15; // the blank page, warm-up, the trainer page, and a margin
  const speed = Math.floor(((bars - HISTORY_BARS) * 60) / wallSeconds);
  const dataDir = mkdtempSync(join(tmpdir(), 'scalping-trainer-bench-web-'));
  const chrome = await launchChromium();
  const page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    return [...(await liveReplay()), ...(await practiceAt1000(page, opts, errors))];
  } finally {
    await chrome.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  async function liveReplay(): Promise<Row[]> {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SIM_SOURCE: 'replay', SIM_REPLAY_FILES: REPLAY, SIM_SPEED: String(speed) });
    const app = await startApp(config, pino({ level: 'silent' }));
    try {
      // The blank page is measured while the server replays too: the same load on the same 2 cores.
      opts.log(`  blank page: a rAF loop only, ${opts.seconds} s, the replay running`);
      await page.goto('about:blank');
      const base = await sample(page, opts.seconds * 1000);
      opts.log(`  trainer page: replay of ${bars} 1m bars at ${speed}×, ${opts.seconds} s`);
      await page.goto(app.url);
      await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 20_000 });
      await page.waitForTimeout(2_000);
      const before = await counters(page);
      const t0 = Date.now();
      const ours = await sample(page, opts.seconds * 1000);
      const elapsed = (Date.now() - t0) / 1000;
      const after = await counters(page);
      const ticks = (after.ticks - before.ticks) / elapsed;
      const updates = (after.chartUpdates - before.chartUpdates) / elapsed;
      if (ticks <= 0) throw new Error('web bench: the page received no ticks (did the replay end?)');
      if (errors.length) throw new Error(`web bench: the page logged errors: ${errors.join(' | ')}`);
      const p = (s: Samples, k: keyof Samples, q: number) => pct(s[k], q);
      return [
        row('web: frame interval p50', 'ms', 'blank page, same browser', p(ours, 'intervals', 50), p(base, 'intervals', 50), p(base, 'intervals', 50) / p(ours, 'intervals', 50)),
        row('web: frame interval p99', 'ms', 'blank page, same browser', p(ours, 'intervals', 99), p(base, 'intervals', 99), p(base, 'intervals', 99) / p(ours, 'intervals', 99)),
        row('web: frame work p50', 'ms', '60 Hz frame budget', p(ours, 'work', 50), BUDGET_MS, BUDGET_MS / p(ours, 'work', 50)),
        row('web: frame work p99 (goal < 16 ms)', 'ms', '60 Hz frame budget', p(ours, 'work', 99), BUDGET_MS, BUDGET_MS / p(ours, 'work', 99)),
        row('web: frame work p99, blank page', 'ms', '60 Hz frame budget', p(base, 'work', 99), BUDGET_MS, BUDGET_MS / p(base, 'work', 99)),
        row('web: chart updates applied', '/s', 'ticks received/s', updates, ticks, updates / ticks),
      ];
    } finally {
      await page.goto('about:blank'); // its sockets closed before the server is: no errors logged
      await app.close();
    }
  }
}

const PRACTICE_DATASET = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';

/**
 * The same page charting a practice session (WS /ws/replay/{id}, its account re-read while it
 * plays) at 1000×, from a day into the ETHUSDT 1m file: frame work against the 16 ms budget.
 */
async function practiceAt1000(page: Page, opts: { seconds: number; log: (line: string) => void }, errors: string[]): Promise<Row[]> {
  // Its own server with the default sim market: the fast live replay above is not running meanwhile.
  const dataDir = mkdtempSync(join(tmpdir(), 'scalping-trainer-bench-web-practice-'));
  const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  try {
    return await measurePractice(page, app.url, opts, errors);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measurePractice(page: Page, url: string, opts: { seconds: number; log: (line: string) => void }, errors: string[]): Promise<Row[]> {
  const api = client(url);
  await page.goto(url);
  await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout: 20_000 });
  const ds = ((await api.get('/api/datasets')).json as { datasets: { id: string; first_time: number }[] }).datasets.find((d) => d.id === PRACTICE_DATASET);
  if (!ds) throw new Error(`web bench: no dataset ${PRACTICE_DATASET}`);
  const created = await api.post('/api/replay/sessions', { dataset_id: ds.id, start_time: ds.first_time + 86_400_000, name: 'bench 1000x' });
  if (created.status !== 200) throw new Error(`web bench: the session was refused: ${created.text}`);
  const id = (created.json as { session_id: string }).session_id;
  await page.click('#practice-open');
  await page.locator(`#pr-list tbody tr[data-session="${id}"] .pr-open`).click();
  await page.waitForFunction(() => document.getElementById('rb-clock')?.textContent?.endsWith('UTC') === true, null, { timeout: 20_000 });
  // A position and a resting bracket: the panels and the lines have something to follow.
  await api.post(`/api/replay/sessions/${id}/order`, { side: 'BUY', quantity: 1 });
  const play = await api.post(`/api/replay/sessions/${id}/control`, { action: 'play', speed: 1000 });
  if (play.status !== 200) throw new Error(`web bench: play was refused: ${play.text}`);
  opts.log(`  trainer page: a practice session at 1000×, ${opts.seconds} s`);
  await page.waitForTimeout(2_000);
  const before = await counters(page);
  const t0 = Date.now();
  const ours = await sample(page, opts.seconds * 1000);
  const elapsed = (Date.now() - t0) / 1000;
  const after = await counters(page);
  await api.post(`/api/replay/sessions/${id}/control`, { action: 'pause' });
  const ticks = (after.ticks - before.ticks) / elapsed;
  if (ticks <= 0) throw new Error('web bench: the practice session sent the page no ticks');
  if (errors.length) throw new Error(`web bench: the page logged errors: ${errors.join(' | ')}`);
  return [
    row('web: practice 1000×, frame work p50', 'ms', '60 Hz frame budget', pct(ours.work, 50), BUDGET_MS, BUDGET_MS / pct(ours.work, 50)),
    row('web: practice 1000×, frame work p99 (goal < 16 ms)', 'ms', '60 Hz frame budget', pct(ours.work, 99), BUDGET_MS, BUDGET_MS / pct(ours.work, 99)),
    row('web: practice 1000×, ticks received', '/s', 'ticks the file has at 1000× (4 a bar)', ticks, (4 * 1000) / 60, ticks / ((4 * 1000) / 60)),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { table } = await import('./table.js');
  const seconds = Number(process.env.BENCH_WEB_SECONDS ?? 30);
  console.log(table(await runWebFrames({ seconds, log: (l) => console.log(l) })));
}
