/** A backtest of POST /api/backtests, as kept: `seq` makes its id `bt-<seq>`. */
export interface BacktestRecord {
  readonly seq: number;
  /** The request as accepted (snake_case JSON of the API), parameters resolved. */
  readonly request: Readonly<Record<string, unknown>>;
  readonly status: BacktestStatus;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The headline figures once done (net PnL, trades, …): what a list shows. */
  readonly summary: Readonly<Record<string, unknown>> | null;
  /** The whole result once done (JSON of the runner's BacktestResult). */
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly error: string | null;
}

export type BacktestStatus = 'queued' | 'running' | 'done' | 'failed';

/** Where backtests are kept (persisted: the list and the results survive a restart). */
export interface BacktestStore {
  add(request: Readonly<Record<string, unknown>>, createdAt: number): BacktestRecord;
  /** Oldest first, each without its `result` (null): the list does not read every trade of every run. */
  list(): BacktestRecord[];
  get(seq: number): BacktestRecord | null;
  started(seq: number, at: number): void;
  finished(seq: number, at: number, summary: Readonly<Record<string, unknown>>, result: Readonly<Record<string, unknown>>): void;
  failed(seq: number, at: number, error: string): void;
  /** Marks what a stopped process left queued or running as failed with `error`; answers how many. */
  failUnfinished(at: number, error: string): number;
}
