/**
 * The optimizer's grid: 100 sma_cross parameter sets over the same Bybit ETHUSDT 1m file (read 10
 * times over in each run: 432,000 bars, as the backtest benchmark repeats it) on the
 * worker-thread pool (src/backtest/grid-pool.ts: the file read once, its columns shared with the
 * workers, each running sets one at a time through the one runner; the read and the workers' start
 * are in its time), against the same 100 backtests one after another in this thread
 * (the file read once). Wall time of each, and the ratio sequential / grid (the threads' gain: ~2×
 * expected on 2 idle cores, less when other work shares them: each worker also pays its own start
 * and JIT warm-up, ~1 s of CPU; and on 2 cores one thread's garbage collection runs its parallel
 * scavenges on the idle core, two threads' cannot: a single run with --single-threaded-gc is ~20 %
 * slower, measured). One worker alone runs the 100 sets in the time this thread does (measured
 * 14.3 s vs 14.1 s). `BENCH_QUICK=1`: 10 sets over 10,000 bars, once.
 * Standalone: `npx tsx bench/backtest-grid.ts`.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadBarData } from '../src/backtest/bar-data.js';
import { runGrid, type GridTask } from '../src/backtest/grid-pool.js';
import { loadStrategy } from '../src/backtest/load-strategy.js';
import { cartesian, parseRange } from '../src/backtest/param-grid.js';
import { runBacktestSync } from '../src/backtest/run-backtest.js';
import { row, table, type Row } from './table.js';

const FILE = fileURLToPath(new URL('../datasets/bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv', import.meta.url));

export interface GridBenchOptions {
  readonly quick: boolean;
  readonly threads?: number;
  readonly log?: (line: string) => void;
}

export async function runBacktestGrid(o: GridBenchOptions): Promise<Row[]> {
  const log = o.log ?? console.log;
  const threads = o.threads ?? availableParallelism();
  const sets = cartesian([
    ['fast', parseRange('fast', o.quick ? '5:25:5' : '5:50:5')],
    ['slow', parseRange('slow', o.quick ? '60,80' : '60:150:10')],
  ]);
  // The file read 10 times over in each run (432,000 bars): each worker's JIT warm-up (~1 s) is then a small part of its work, as in a real grid.
  const options = { feeBps: 4, repeat: o.quick ? 1 : 10 };
  const first = loadBarData(FILE);
  const to = o.quick ? first.openTime[9_999] : undefined;
  const tasks: GridTask[] = sets.map((params) => ({ params, to }));

  // Sequential: read once, then every set in this thread.
  let t0 = performance.now();
  const data = loadBarData(FILE);
  const def = await loadStrategy('sma_cross');
  const seq = tasks.map((t) => runBacktestSync({ ...options, data, strategy: def, params: t.params, to: t.to, curvePoints: 1 }));
  const sequentialMs = performance.now() - t0;

  t0 = performance.now();
  const grid = await runGrid({ data: () => loadBarData(FILE), strategy: 'sma_cross', options }, tasks, { threads });
  const gridMs = performance.now() - t0;

  // The grid must have computed the same results, or its time means nothing.
  grid.forEach((g, i) => {
    if (!g.ok || g.result.net_pnl !== seq[i]!.net_pnl || g.result.trade_count !== seq[i]!.trade_count) {
      throw new Error(`grid set ${JSON.stringify(tasks[i]!.params)} differs from its single run`);
    }
  });
  const bars = seq[0]!.bars;
  log(`  ${tasks.length} sets × ${bars.toLocaleString('en-US')} bars: grid on ${threads} threads ${(gridMs / 1000).toFixed(2)} s, one after another ${(sequentialMs / 1000).toFixed(2)} s`);
  return [
    row(`optimize grid: ${tasks.length} sma_cross sets × ${bars.toLocaleString('en-US')} bars on ${threads} worker threads (ratio = sequential/grid)`, 'ms', `the ${tasks.length} backtests one after another`, gridMs, sequentialMs, sequentialMs / gridMs),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(table(await runBacktestGrid({ quick: process.env.BENCH_QUICK === '1' })));
}
