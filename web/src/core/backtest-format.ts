import type { JournalKey } from './i18n-journal.js';
import type { BacktestKey } from './i18n-backtest.js';
import { curveBars, type CurveBar, type FigureKind } from './journal-format.js';

/** A closed trade of a backtest's result (src/backtest/backtest-result.ts). */
export interface BacktestTrade {
  id: string;
  side: 'LONG' | 'SHORT';
  entry_time: number;
  exit_time: number;
  entry_price: number;
  exit_price: number;
  quantity: number;
  pnl: number;
  gross_pnl: number;
  fees: number;
  fills: number;
}

/** The result of GET /api/backtests/{id} once done (what `npm run cli -- backtest --json` prints). */
export interface BacktestResult {
  strategy: string;
  params: Record<string, number>;
  symbol: string;
  interval_ms: number;
  from: number;
  to: number;
  bars: number;
  fee_bps: number;
  slippage_bps: number;
  starting_cash: number;
  ending_equity: number;
  trades: BacktestTrade[];
  trade_count: number;
  net_pnl: number;
  gross_pnl: number;
  fees: number;
  funding: number;
  stats: Record<string, number | null>;
  rejected_orders: number;
  equity_curve: { time: number; equity: number; close: number }[];
}

/** A figure of the report: the review's way of writing it, and its label (the review's where it is the same figure). */
export interface BacktestFigure {
  field: string;
  kind: FigureKind;
  key: JournalKey | BacktestKey;
}

/**
 * The report's figures in their order. The statistics are those of the replay review (one module on
 * the server), so they carry its labels; the period's (return, exposure, Calmar…) have their own.
 */
export const BACKTEST_FIGURES: readonly BacktestFigure[] = [
  { field: 'trade_count', kind: 'count', key: 'fig_trades' },
  { field: 'wins', kind: 'count', key: 'fig_wins' },
  { field: 'losses', kind: 'count', key: 'fig_losses' },
  { field: 'win_rate', kind: 'pct', key: 'fig_win_rate' },
  { field: 'net_pnl', kind: 'signed', key: 'fig_net_pnl' },
  { field: 'gross_pnl', kind: 'signed', key: 'fig_gross_pnl' },
  { field: 'fees', kind: 'money', key: 'fig_fees' },
  { field: 'funding', kind: 'signed', key: 'bt_fig_funding' },
  { field: 'starting_cash', kind: 'money', key: 'fig_starting_equity' },
  { field: 'ending_equity', kind: 'money', key: 'bt_fig_ending_equity' },
  { field: 'return_pct', kind: 'pct', key: 'bt_fig_return_pct' },
  { field: 'annual_return', kind: 'pct', key: 'bt_fig_annual_return' },
  { field: 'buy_and_hold_return', kind: 'pct', key: 'bt_fig_buy_and_hold_return' },
  { field: 'profit_factor', kind: 'ratio', key: 'fig_profit_factor' },
  { field: 'expectancy', kind: 'signed', key: 'fig_expectancy' },
  { field: 'avg_win', kind: 'money', key: 'fig_avg_win' },
  { field: 'avg_loss', kind: 'money', key: 'fig_avg_loss' },
  { field: 'sqn', kind: 'ratio', key: 'fig_sqn' },
  { field: 'sqn_r', kind: 'ratio', key: 'bt_fig_sqn_r' },
  { field: 'max_drawdown', kind: 'money', key: 'fig_max_drawdown' },
  { field: 'max_drawdown_pct', kind: 'pct', key: 'fig_max_drawdown_pct' },
  { field: 'max_drawdown_duration_ms', kind: 'duration', key: 'fig_max_drawdown_duration_ms' },
  { field: 'sharpe', kind: 'ratio', key: 'fig_sharpe_daily' },
  { field: 'sortino', kind: 'ratio', key: 'fig_sortino_daily' },
  { field: 'calmar', kind: 'ratio', key: 'bt_fig_calmar' },
  { field: 'var_95', kind: 'money', key: 'fig_var_95' },
  { field: 'var_99', kind: 'money', key: 'fig_var_99' },
  { field: 'exposure', kind: 'pct', key: 'bt_fig_exposure' },
  { field: 'rejected_orders', kind: 'count', key: 'bt_fig_rejected_orders' },
];

/** A figure's value: the result's own totals, else its statistics'. */
export function figureValue(r: BacktestResult, field: string): number | null {
  const top = (r as unknown as Record<string, unknown>)[field];
  if (typeof top === 'number') return top;
  const v = r.stats[field];
  return typeof v === 'number' ? v : null;
}

/** The equity curve of a result as the review's chart draws it, with the drawdown from the running peak. */
export function backtestCurve(points: readonly { time: number; equity: number }[]): CurveBar[] {
  let peak = -Infinity;
  return curveBars(
    points.map((p) => {
      peak = Math.max(peak, p.equity);
      return { time: p.time, equity: p.equity, drawdown: peak - p.equity };
    }),
    false,
  );
}

/** Bars of the backtest's interval a session opened on a trade starts before its entry. */
export const LEAD_BARS = 5;

/** Where a practice session on a trade starts: a few bars before its entry, never before the run's first bar. */
export function replayStart(entryTime: number, intervalMs: number, firstTime: number): number {
  return Math.max(firstTime, entryTime - LEAD_BARS * Math.max(intervalMs, 1_000));
}

/**
 * A trade as the chart marks a session's: its entry and exit as fills (`B`/`S` and the size), and
 * its exit with its result, as a re-watch marks the original's closed trades.
 */
export function studyMarks(t: BacktestTrade): {
  fills: { side: 'BUY' | 'SELL'; quantity: number; time: number }[];
  trades: { side: 'LONG' | 'SHORT'; exit_time: number; net_pnl: number; r_multiple: null }[];
} {
  const entry = t.side === 'LONG' ? 'BUY' : 'SELL';
  const exit = t.side === 'LONG' ? 'SELL' : 'BUY';
  return {
    fills: [
      { side: entry, quantity: t.quantity, time: t.entry_time },
      { side: exit, quantity: t.quantity, time: t.exit_time },
    ],
    trades: [{ side: t.side, exit_time: t.exit_time, net_pnl: t.pnl, r_multiple: null }],
  };
}
