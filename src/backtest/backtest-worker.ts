import { parentPort, workerData } from 'node:worker_threads';
import { runBacktest, type BacktestOptions } from './run-backtest.js';

/** What a worker of POST /api/backtests is given: the runner's options, with the data as a file and the strategy as a name or path. */
export interface OneBacktest {
  readonly options: BacktestOptions & { readonly data: string; readonly strategy: string };
}

export type OneBacktestMessage =
  | { readonly progress: { readonly done: number; readonly total: number } }
  | { readonly result: unknown }
  | { readonly error: string };

// Runs one backtest through the one runner, telling its progress at most every 200 ms.
const { options } = (workerData as { data: OneBacktest }).data;
const port = parentPort!;
let last = 0;
try {
  const result = await runBacktest(options, (p) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    port.postMessage({ progress: p } satisfies OneBacktestMessage);
  });
  port.postMessage({ result } satisfies OneBacktestMessage);
} catch (err) {
  port.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies OneBacktestMessage);
}
