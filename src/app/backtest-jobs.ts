import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import type { OneBacktest, OneBacktestMessage } from '../backtest/backtest-worker.js';
import { BUILT_IN_STRATEGIES } from '../backtest/load-strategy.js';
import type { BacktestResult } from '../backtest/run-backtest.js';
import { resolveParams, type StrategyDefinition } from '../backtest/strategy.js';
import { tsWorker } from '../backtest/ts-worker.js';
import { Rejection } from '../domain/rejection.js';
import type { BacktestRecord, BacktestStore } from '../engine/backtest-store.js';
import type { DatasetLibrary } from '../server/datasets/dataset-library.js';
import type { BacktestJob, BacktestPort, NewBacktest, StrategyInfo } from '../server/backtests/backtest-port.js';
import { projectRoot } from './project-root.js';

export interface BacktestJobsOptions {
  readonly store: BacktestStore;
  readonly datasets: DatasetLibrary;
  readonly now?: () => number;
  /** Backtests run at once, each on its own worker thread (default 1: the server keeps a core for its clients). */
  readonly concurrency?: number;
  /** Backtests waiting beyond which a new one is refused with 429 BACKTEST_QUEUE_FULL (default 20). */
  readonly maxQueued?: number;
}

const STOPPED = 'the server stopped before this backtest finished: submit it again';
const ID = /^bt-([1-9]\d{0,15})$/;

interface Running {
  readonly worker: Worker;
  progress: { done: number; total: number } | null;
}

/**
 * POST /api/backtests' runs: each request is checked here (dataset, built-in strategy, its
 * parameters, the range), recorded, queued, then run on a worker thread through the one runner
 * (backtest/backtest-worker.ts); the result is kept in SQLite. What a previous process left
 * unfinished is marked failed at start-up.
 */
export class BacktestJobs implements BacktestPort {
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly queue: number[] = [];
  private readonly running = new Map<number, Running>();
  private readonly defs = new Map<string, Promise<StrategyDefinition>>();
  private readonly listeners = new Map<number, Set<(job: BacktestJob) => void>>();
  private closed = false;

  constructor(private readonly opts: BacktestJobsOptions) {
    this.now = opts.now ?? Date.now;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.maxQueued = opts.maxQueued ?? 20;
    opts.store.failUnfinished(this.now(), STOPPED);
  }

  async submit(req: NewBacktest): Promise<BacktestJob> {
    const dataset = this.opts.datasets.require(req.dataset);
    const def = await this.definition(req.strategy);
    let params: Record<string, number>;
    try {
      params = resolveParams(def, req.params);
    } catch (err) {
      throw new Rejection('INVALID_FIELD', `params: ${(err as Error).message}`, { field: 'params' });
    }
    const from = req.from ?? dataset.first_time;
    const to = req.to ?? dataset.last_time;
    if (from > to) throw new Rejection('INVALID_FIELD', `from (${from}) is after to (${to})`, { field: 'from' });
    if (from > dataset.last_time || to < dataset.first_time) {
      const span = `${new Date(dataset.first_time).toISOString()} → ${new Date(dataset.last_time).toISOString()}`;
      throw new Rejection('INVALID_FIELD', `${dataset.id} has no bars between from and to (it spans ${span})`, { field: req.from !== undefined ? 'from' : 'to' });
    }
    if (this.queue.length >= this.maxQueued) {
      throw new Rejection('BACKTEST_QUEUE_FULL', `${this.queue.length} backtests are waiting already: submit this one when some have finished`, { queued: this.queue.length });
    }
    const record = this.opts.store.add({ ...req, params, symbol: dataset.symbol, interval: dataset.interval }, this.now());
    this.queue.push(record.seq);
    this.pump();
    return this.job(this.opts.store.get(record.seq) as BacktestRecord);
  }

  list(): BacktestJob[] {
    return this.opts.store.list().map((r) => this.job(r));
  }

  get(id: string): BacktestJob | null {
    const m = ID.exec(id);
    const r = m ? this.opts.store.get(Number(m[1])) : null;
    return r === null ? null : this.job(r);
  }

  subscribe(id: string, listener: (job: BacktestJob) => void): (() => void) | null {
    const job = this.get(id);
    if (job === null) return null;
    const seq = job.record.seq;
    let set = this.listeners.get(seq);
    if (!set) this.listeners.set(seq, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(seq);
    };
  }

  private notify(seq: number): void {
    const set = this.listeners.get(seq);
    if (!set?.size) return;
    const r = this.opts.store.get(seq);
    if (r === null) return;
    const job = this.job({ ...r, result: null }); // listeners get the state; the result is GET /api/backtests/{id}'s
    for (const l of [...set]) l(job);
  }

  async strategies(): Promise<StrategyInfo[]> {
    const out: StrategyInfo[] = [];
    for (const name of BUILT_IN_STRATEGIES) {
      if (!existsSync(strategyFile(name))) continue;
      const def = await this.definition(name);
      out.push({ name: def.name, description: def.description, params: Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, { default: p.default, description: p.description }])) });
    }
    return out;
  }

  /** Stops the running workers; what they ran is marked failed (a restart does the same for the queue). */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.running.values()].map((r) => r.worker.terminate());
    this.running.clear();
    this.queue.length = 0;
    await Promise.allSettled(workers);
    this.opts.store.failUnfinished(this.now(), STOPPED);
  }

  private job(record: BacktestRecord): BacktestJob {
    return { record, progress: this.running.get(record.seq)?.progress ?? null };
  }

  /** A built-in strategy's definition, imported once (tsx's tsImport: the server may run from a JavaScript bundle). */
  private definition(name: string): Promise<StrategyDefinition> {
    if (!(BUILT_IN_STRATEGIES as readonly string[]).includes(name) || !existsSync(strategyFile(name))) {
      return Promise.reject(new Rejection('UNKNOWN_STRATEGY', `there is no built-in strategy ${name}; GET /api/backtests/strategies lists them`, { strategy: name }));
    }
    let def = this.defs.get(name);
    if (!def) {
      def = tsImport(pathToFileURL(strategyFile(name)).href, import.meta.url).then((m: { default: StrategyDefinition }) => m.default);
      this.defs.set(name, def);
    }
    return def;
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.queue.length > 0) this.start(this.queue.shift() as number);
  }

  private start(seq: number): void {
    const store = this.opts.store;
    const rec = store.get(seq);
    if (rec === null) return;
    const req = rec.request as unknown as NewBacktest;
    const dataset = this.opts.datasets.get(req.dataset);
    if (dataset === null) {
      store.failed(seq, this.now(), `the dataset ${req.dataset} is gone or no longer valid`);
      this.notify(seq);
      return;
    }
    store.started(seq, this.now());
    this.notify(seq);
    const work: OneBacktest = {
      options: {
        data: dataset.path,
        strategy: strategyFile(req.strategy),
        params: req.params,
        feeBps: req.fee_bps,
        slippageBps: req.slippage_bps,
        from: req.from,
        to: req.to,
        cash: req.cash,
        funding: req.funding ?? null,
        leverage: req.leverage ?? null,
        marginMode: req.margin_mode,
        fillModel: req.fill_model,
      },
    };
    const worker = tsWorker('backtest/backtest-worker.ts', work);
    const run: Running = { worker, progress: null };
    this.running.set(seq, run);
    let settled = false;
    const settle = (outcome: { result: BacktestResult } | { error: string }): void => {
      if (settled || this.closed) return;
      settled = true;
      this.running.delete(seq);
      if ('result' in outcome) store.finished(seq, this.now(), summaryOf(outcome.result), outcome.result as unknown as Record<string, unknown>);
      else store.failed(seq, this.now(), outcome.error);
      this.notify(seq);
      void worker.terminate();
      this.pump();
    };
    worker.on('message', (m: OneBacktestMessage) => {
      if ('progress' in m) {
        run.progress = { ...m.progress };
        this.notify(seq);
      }
      else if ('result' in m) settle({ result: m.result as BacktestResult });
      else settle({ error: m.error });
    });
    worker.on('error', (err) => settle({ error: `the backtest's worker failed: ${err.message}` }));
    worker.on('exit', (code) => settle({ error: `the backtest's worker stopped (exit code ${code}) before it finished` }));
  }
}

const strategyFile = (name: string): string => join(projectRoot(), 'strategies', `${name}.ts`);

/** The headline figures a list shows. */
function summaryOf(r: BacktestResult): Record<string, unknown> {
  return {
    symbol: r.symbol,
    bars: r.bars,
    from: r.from,
    to: r.to,
    trade_count: r.trade_count,
    net_pnl: r.net_pnl,
    fees: r.fees,
    ending_equity: r.ending_equity,
    return_pct: r.stats.return_pct,
    win_rate: r.stats.win_rate,
    profit_factor: r.stats.profit_factor,
    sharpe: r.stats.sharpe,
    max_drawdown_pct: r.stats.max_drawdown_pct,
  };
}
