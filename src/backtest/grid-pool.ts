import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BarData } from './bar-data.js';
import type { BacktestOptions, BacktestResult } from './run-backtest.js';
import { shareBars, type SharedBars } from './shared-bars.js';
import { tsWorker } from './ts-worker.js';

/** A backtest result without its per-trade rows, curve and log: what a grid keeps of each run. */
export type GridSummary = Omit<BacktestResult, 'trades' | 'equity_curve' | 'logs'>;

/** What every run of a grid shares: the data file, the strategy and the runner's other options. */
export interface GridSetup {
  /**
   * A market-data CSV (each worker reads it once), or bars already read (shared with the workers,
   * not copied), or the reading of them: called once the workers are started, so that they load
   * their code while it runs.
   */
  readonly data: string | BarData | (() => BarData);
  /** A built-in strategy name or a strategy file's path. */
  readonly strategy: string;
  /** A relative strategy path is resolved against this. */
  readonly cwd?: string;
  readonly options: Omit<BacktestOptions, 'data' | 'strategy' | 'params' | 'from' | 'to' | 'curvePoints'>;
}

/** One run: a parameter set over a range of the bars (ms, open times, inclusive). */
export interface GridTask {
  readonly params: Readonly<Record<string, number>>;
  readonly from?: number;
  readonly to?: number;
}

export type GridOutcome = { readonly ok: true; readonly result: GridSummary } | { readonly ok: false; readonly error: string };

export interface GridRequest {
  readonly index: number;
  readonly task: GridTask;
}

export interface GridReply {
  readonly index: number;
  readonly outcome: GridOutcome;
}

/** The setup as a worker receives it (its data comes in the first message). */
export type WorkerSetup = Omit<GridSetup, 'data'>;

/** The first message to a worker: what to run on. */
export interface GridData {
  readonly data: string | SharedBars;
}

type WorkerMessage = GridReply | { ready: true } | { failed: string };

export interface GridOptions {
  /** Worker threads (default: the machine's available parallelism), never more than the tasks. */
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export const defaultThreads = (): number => availableParallelism();

/**
 * Runs every task on a pool of worker threads, each calling the one runner (runBacktestSync) on
 * the data it read once; a worker takes the next task when it is done with one, so slow parameter
 * sets do not hold the others up. Answers one outcome per task, in the tasks' order: a run the
 * runner refused (a parameter out of range) is an error outcome, not a failure of the grid. A
 * worker that cannot read the data or the strategy fails the whole grid.
 */
export function runGrid(setup: GridSetup, tasks: readonly GridTask[], options: GridOptions = {}): Promise<GridOutcome[]> {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), tasks.length));
  const outcomes: (GridOutcome | undefined)[] = new Array(tasks.length);
  if (tasks.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(outcomes as GridOutcome[]);
    };
    const feed = (w: Worker): void => {
      if (next >= tasks.length) return;
      const index = next++;
      w.postMessage({ index, task: tasks[index] as GridTask } satisfies GridRequest);
    };
    const { data: given, ...common } = setup;
    for (let i = 0; i < threads; i++) {
      const w = tsWorker('backtest/grid-worker.ts', common satisfies WorkerSetup);
      workers.push(w);
      w.on('message', (m: WorkerMessage) => {
        if ('failed' in m) return finish(new Error(m.failed));
        if ('ready' in m) return feed(w);
        outcomes[m.index] = m.outcome;
        done++;
        options.onProgress?.(done, tasks.length);
        if (done === tasks.length) finish(null);
        else feed(w);
      });
      w.on('error', (err) => finish(err));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`a grid worker stopped (exit code ${code}) before the grid was done`));
      });
    }
    try {
      const bars = typeof given === 'function' ? given() : given;
      const data: GridData = { data: typeof bars === 'string' ? bars : shareBars(bars) };
      for (const w of workers) w.postMessage(data);
    } catch (err) {
      finish(err as Error);
    }
  });
}
