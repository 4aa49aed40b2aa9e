import type { BacktestStats } from './backtest-result.js';

/** The metrics an optimization can rank by, read off a backtest result. */

/** What ranking reads of a result (a BacktestResult has these, and more). */
export interface Scorable {
  readonly net_pnl: number;
  readonly trade_count: number;
  readonly fees: number;
  readonly stats: BacktestStats;
}

interface MetricSpec {
  readonly better: 'higher' | 'lower';
  readonly read: (r: Scorable) => number | null;
}

const stat = (name: keyof BacktestStats) => (r: Scorable): number | null => r.stats[name];

export const METRICS = {
  net_pnl: { better: 'higher', read: (r) => r.net_pnl },
  return_pct: { better: 'higher', read: stat('return_pct') },
  sharpe: { better: 'higher', read: stat('sharpe') },
  sortino: { better: 'higher', read: stat('sortino') },
  calmar: { better: 'higher', read: stat('calmar') },
  profit_factor: { better: 'higher', read: stat('profit_factor') },
  expectancy: { better: 'higher', read: stat('expectancy') },
  win_rate: { better: 'higher', read: stat('win_rate') },
  sqn: { better: 'higher', read: stat('sqn') },
  max_drawdown: { better: 'lower', read: stat('max_drawdown') },
  max_drawdown_pct: { better: 'lower', read: stat('max_drawdown_pct') },
  trade_count: { better: 'higher', read: (r) => r.trade_count },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetric(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function metricOf(r: Scorable, name: MetricName): number | null {
  const v = METRICS[name].read(r);
  return v === null || !Number.isFinite(v) ? null : v;
}

/**
 * Orders rows best first by `metric` of `score(row)`: a row without a value (no trades, no result)
 * goes last; equal values keep their grid order, so the ranking is the same on every run.
 */
export function rankBy<T>(rows: readonly T[], metric: MetricName, score: (row: T) => Scorable | null): T[] {
  const sign = METRICS[metric].better === 'higher' ? -1 : 1;
  const keyed = rows.map((row, i) => {
    const s = score(row);
    return { row, i, v: s === null ? null : metricOf(s, metric) };
  });
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    return a.v === b.v ? a.i - b.i : sign * (a.v - b.v);
  });
  return keyed.map((k) => k.row);
}
