import type { BacktestRecord } from '../../engine/backtest-store.js';

/** A backtest as asked for over HTTP (snake_case, as the API spells it). */
export interface NewBacktest {
  readonly dataset: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, number>>;
  readonly fee_bps: number;
  readonly slippage_bps: number;
  readonly from?: number;
  readonly to?: number;
  readonly cash: number;
  readonly funding?: number;
  readonly leverage?: number;
  readonly margin_mode?: 'cross' | 'isolated';
  readonly fill_model: 'through' | 'touch';
}

/** A kept backtest with its progress while it runs. */
export interface BacktestJob {
  readonly record: BacktestRecord;
  readonly progress: { readonly done: number; readonly total: number } | null;
}

/** The strategies a backtest can use over HTTP (built-ins only: a path would run any file). */
export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, { readonly default: number; readonly description: string }>>;
}

/** The backtests, for the routes (the composition root builds it). Refusals are Rejections. */
export interface BacktestPort {
  /** Checks the request (dataset, strategy, parameters), records it and queues its run. */
  submit(request: NewBacktest): Promise<BacktestJob>;
  list(): BacktestJob[];
  get(id: string): BacktestJob | null;
  strategies(): Promise<StrategyInfo[]>;
  /** Tells `listener` of every change of one backtest (started, progress, done, failed); null for an unknown id. Call the result to stop. */
  subscribe(id: string, listener: (job: BacktestJob) => void): (() => void) | null;
}
