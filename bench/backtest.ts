/**
 * Backtests: sma_cross over the Bybit ETHUSDT 1m file read again and again (≥ 5M bars) through the
 * whole engine (ExecutionEngine + SimVenue + RiskEngine + ledger, every order and fill), against a
 * bare loop that only computes the two averages over the same arrays in the same run; bars/s, and
 * the heap after the run against before it (the bars are streamed: memory stays flat in their number).
 * `npm run bench` runs it in a child process (runBacktestBenchChild), as a backtest runs.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadBarData, type BarData } from '../src/backtest/bar-data.js';
import { loadStrategy } from '../src/backtest/load-strategy.js';
import { runBacktestSync } from '../src/backtest/run-backtest.js';
import { defineStrategy } from '../src/backtest/strategy.js';
import { row, type Row } from './table.js';

const FILE = fileURLToPath(new URL('../datasets/bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv', import.meta.url));
const PARAMS = { fast: 50, slow: 200, quantity: 1 };

/** The bare loop: the two sums over the same columns, `repeat` times; answers the crosses seen. */
function bare(d: BarData, repeat: number, fast: number, slow: number): number {
  const fr = new Float64Array(fast);
  const sr = new Float64Array(slow);
  let fs = 0;
  let ss = 0;
  let seen = 0;
  let prev = 0;
  let crosses = 0;
  for (let r = 0; r < repeat; r++) {
    const close = d.close;
    for (let i = 0; i < d.length; i++, seen++) {
      const c = close[i]!;
      fs += c - fr[seen % fast]!;
      fr[seen % fast] = c;
      ss += c - sr[seen % slow]!;
      sr[seen % slow] = c;
      if (seen + 1 < slow) continue;
      const l = fs * slow;
      const rr = ss * fast;
      const o = l > rr ? 1 : l < rr ? -1 : 0;
      if (o !== 0 && o === -prev) crosses++;
      prev = o;
    }
  }
  return crosses;
}

/** A full collection, for the heap figures (exposed at run time: the benchmark runs without flags). */
function collect(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

/** The highest heap seen during a run (sampled at each progress report, ~1 % of the bars) over the heap before it, in MB. */
function peakMb(run: (onProgress: () => void) => unknown): number {
  collect();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  run(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  return (peak - before) / 1e6;
}

/** A strategy that reads every bar and never trades: what a bar itself costs in memory. */
const WATCHER = defineStrategy({ name: 'watcher', description: 'reads every bar', params: {}, create: () => ({ onBar() {} }) });

export async function runBacktestBench(opts: { bars: number; reps: number; log: (l: string) => void }): Promise<Row[]> {
  const data = loadBarData(FILE);
  const def = await loadStrategy('sma_cross');
  const repeat = Math.ceil(opts.bars / data.length);
  const bars = repeat * data.length;
  let best = Infinity;
  let bestBare = Infinity;
  let trades = 0;
  let crosses = 0;
  // Pass 0 warms the JIT up (a short run); then alternating passes, the best of each.
  runBacktestSync({ data, strategy: def, params: PARAMS, feeBps: 5, repeat: 2 });
  bare(data, 2, PARAMS.fast, PARAMS.slow);
  for (let rep = 0; rep < opts.reps; rep++) {
    const t0 = performance.now();
    const r = runBacktestSync({ data, strategy: def, params: PARAMS, feeBps: 5, repeat });
    best = Math.min(best, performance.now() - t0);
    trades = r.trade_count;
    const b0 = performance.now();
    crosses = bare(data, repeat, PARAMS.fast, PARAMS.slow);
    bestBare = Math.min(bestBare, performance.now() - b0);
  }
  // Memory: flat in bars (a tenth of the bars or all of them leave the same heap), growing with trades only (the ledger).
  const tenth = Math.max(1, Math.round(repeat / 10));
  const idleSmall = peakMb((p) => runBacktestSync({ data, strategy: WATCHER, feeBps: 5, repeat: tenth }, p));
  const idleFull = peakMb((p) => runBacktestSync({ data, strategy: WATCHER, feeBps: 5, repeat }, p));
  const traded = peakMb((p) => runBacktestSync({ data, strategy: def, params: PARAMS, feeBps: 5, repeat }, p));
  const rate = bars / (best / 1000);
  const bareRate = bars / (bestBare / 1000);
  opts.log(`  sma_cross ${PARAMS.fast}/${PARAMS.slow}: ${bars.toLocaleString('en-US')} bars (the file × ${repeat}) in ${best.toFixed(0)} ms, ${trades} trades (${crosses} crosses in the bare loop); bare loop ${bestBare.toFixed(0)} ms`);
  opts.log(
    `  peak heap during a run (garbage included): no trades ${idleSmall.toFixed(1)} MB over ${(tenth * data.length).toLocaleString('en-US')} bars, ` +
      `${idleFull.toFixed(1)} MB over ${bars.toLocaleString('en-US')}; sma_cross ${traded.toFixed(1)} MB (the ledger grows with the trades, not the bars)`,
  );
  return [
    row('backtest: sma_cross through the engine', 'bars/s', 'bare loop over the same arrays (two SMAs only)', rate, bareRate, rate / bareRate),
  ];
}

/**
 * The benchmark in a process of its own, as a backtest runs (the CLI's process, the API's worker):
 * in the bench's process the engine's code has already served the replay benchmark with another
 * ledger store, and its call sites would be measured polymorphic. Log lines stream through; the
 * child's last line is its rows.
 */
export async function runBacktestBenchChild(opts: { bars: number; reps: number; log: (l: string) => void }): Promise<Row[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, BACKTEST_BENCH_CHILD: JSON.stringify({ bars: opts.bars, reps: opts.reps }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    if (last) opts.log(last);
    last = line;
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  if (code !== 0) throw new Error(`backtest bench: the child exited with ${code}`);
  return JSON.parse(last) as Row[];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.env.BENCH_QUICK === '1';
  const asChild = process.env.BACKTEST_BENCH_CHILD ? (JSON.parse(process.env.BACKTEST_BENCH_CHILD) as { bars: number; reps: number }) : null;
  const opts = asChild ?? { bars: quick ? 200_000 : 5_000_000, reps: quick ? 1 : Number(process.env.BENCH_REPS ?? 3) };
  const rows = await runBacktestBench({ ...opts, log: console.log });
  console.log(asChild ? JSON.stringify(rows) : rows);
}
