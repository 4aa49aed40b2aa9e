/**
 * `npm run bench`: the matching core against nodejs-order-book, the order route against a raw
 * Fastify route, the WebSocket price fan-out (one symbol; 50 symbols × 3 exchanges at real rates)
 * against a raw `ws` broadcast, the cold start against a raw Fastify server, and the browser page's
 * frames against a blank page, practice sessions (replay) against a bare tick loop, backtests
 * against a bare two-SMA loop, the optimizer's worker-thread grid against the same backtests one
 * after another, each baseline measured in the same run (alternating passes, best of each;
 * start-up: medians). Prints a table and writes bench/out/latest.json. Every `ratio` is oriented so
 * that > 1 is better for us. `BENCH_QUICK=1` runs every benchmark once and briefly (a smoke run, ~1 min:
 * the figures are noisy, the point is that each one runs, as test/fresh-clone.test.ts checks).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBacktestGrid } from './backtest-grid.js';
import { runHttp } from './http.js';
import { runMatching } from './matching.js';
import { runMultiSymbol } from './multi-symbol.js';
import { runReplay } from './replay.js';
import { runBacktestBenchChild } from './backtest.js';
import { runStartup } from './startup.js';
import { table, type Row } from './table.js';
import { runWebFrames } from './web-frames.js';
import { runWsFanout } from './ws-fanout.js';

const log = (line: string) => console.log(line);
const started = Date.now();
const rows: Row[] = [];
const quick = process.env.BENCH_QUICK === '1';
/** The full figure, or the smoke run's. */
const q = (full: number, smoke: number): number => (quick ? smoke : full);
if (quick) log('BENCH_QUICK=1: every benchmark once and briefly; the figures are not comparable with a full run');

log('matching core vs nodejs-order-book (best of 3 alternating passes each, after warm-up)');
rows.push(...runMatching({ reps: q(3, 1), log }));

log('http: whole app vs raw fastify (autocannon in a child process, 2 alternating rounds, best of each)');
rows.push(...(await runHttp({ connections: 50, seconds: q(5, 1), lightSeconds: q(3, 1), rounds: q(2, 1), log })));

log('ws fan-out: /ws/multi-exchange to 100 clients vs raw ws broadcast (clients in a child process, 2 alternating rounds, best of each)');
rows.push(...(await runWsFanout({ clients: 100, seconds: q(3, 1), warmSeconds: q(0.5, 0.2), rate: 50, rateSeconds: q(2, 1), rounds: q(2, 1), log })));

log('multi-symbol: /ws/multi-symbol, 50 symbols × 3 exchanges at real rates to 20 clients vs raw ws broadcast (clients in a child process, 2 alternating rounds, best of each)');
rows.push(...(await runMultiSymbol({ symbols: 50, clients: 20, seconds: q(6, 1), warmSeconds: q(1, 0.5), rounds: q(2, 1), log })));

log('replay: a practice session at "max" through the whole engine vs a bare loop over the same ticks, a 10-day jump, reopening a session with 1,000 trades (after a warm-up pass, best of the rest)');
rows.push(...(await runReplay({ reps: q(3, 1), trades: q(1000, 100), log })));

log('backtest: sma_cross over the Bybit ETHUSDT file repeated to ≥ 5M bars through the whole engine vs a bare loop computing the two SMAs over the same arrays, in a process of its own as a backtest runs (after a warm-up pass, best of 3)');
rows.push(...(await runBacktestBenchChild({ bars: q(5_000_000, 200_000), reps: q(3, 1), log })));

log('startup: spawn → /health ok vs raw fastify, and the ccxt classes vs an empty child (4 alternating runs each, medians)');
rows.push(...(await runStartup({ runs: q(4, 1), log })));

log('web: the trainer page in headless Chromium during a fast replay vs a blank page (frame interval, frame work vs the 16 ms budget, chart updates vs ticks)');
rows.push(...(await runWebFrames({ seconds: q(30, 3), log })));

log('optimize: 100 sma_cross parameter sets × 432,000 bars on the worker-thread pool vs the same 100 backtests one after another (BENCH_QUICK: 10 sets over 10,000 bars)');
rows.push(...(await runBacktestGrid({ quick, log })));

const outDir = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.json`, `${JSON.stringify(rows, null, 2)}\n`);

log('');
log(table(rows));
log(`\nwrote bench/out/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
