import { fmtNum, fmtPct, fmtSigned } from './format.js';
import type { JournalKey } from './i18n-journal.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Tags and mistake labels as typed in a cell: separated by commas or spaces (the server checks each). */
export const parseLabels = (text: string): string[] => text.split(/[\s,]+/).filter((s) => s.length > 0);
export const labelsText = (xs: readonly string[]): string => xs.join(', ');

/** A time in trade: 45s, 3m 12s, 1h 05m, 2d 03h. */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d ${pad(Math.floor(s / 3600) % 24)}h`;
}

/** An entry or exit time: UTC "MM-DD HH:MM:SS", or "+h:mm:ss" from `origin` (a blind session's start: its dates are hidden). */
export function tradeTime(ms: number, origin: number | null): string {
  if (origin === null) return new Date(ms).toISOString().slice(5, 19).replace('T', ' ');
  const sec = Math.max(0, Math.floor((ms - origin) / 1000));
  return `+${Math.floor(sec / 3600)}:${pad(Math.floor(sec / 60) % 60)}:${pad(sec % 60)}`;
}

export type FigureKind = 'count' | 'money' | 'signed' | 'pct' | 'ratio' | 'r' | 'duration';

/** Every figure of GET …/journal/review the panel shows, in its order, with how it is written. */
export const FIGURES: readonly { field: string; kind: FigureKind }[] = [
  { field: 'trades', kind: 'count' },
  { field: 'wins', kind: 'count' },
  { field: 'losses', kind: 'count' },
  { field: 'win_rate', kind: 'pct' },
  { field: 'net_pnl', kind: 'signed' },
  { field: 'gross_pnl', kind: 'signed' },
  { field: 'fees', kind: 'money' },
  { field: 'fees_share_of_gross', kind: 'pct' },
  { field: 'gross_profit', kind: 'money' },
  { field: 'gross_loss', kind: 'money' },
  { field: 'avg_win', kind: 'money' },
  { field: 'avg_loss', kind: 'money' },
  { field: 'payoff_ratio', kind: 'ratio' },
  { field: 'profit_factor', kind: 'ratio' },
  { field: 'expectancy', kind: 'signed' },
  { field: 'expectancy_r', kind: 'r' },
  { field: 'r_trades', kind: 'count' },
  { field: 'sqn', kind: 'ratio' },
  { field: 'largest_win', kind: 'money' },
  { field: 'largest_loss', kind: 'money' },
  { field: 'longest_win_streak', kind: 'count' },
  { field: 'longest_loss_streak', kind: 'count' },
  { field: 'avg_time_in_winners_ms', kind: 'duration' },
  { field: 'avg_time_in_losers_ms', kind: 'duration' },
  { field: 'max_drawdown', kind: 'money' },
  { field: 'max_drawdown_pct', kind: 'pct' },
  { field: 'max_drawdown_duration_ms', kind: 'duration' },
  { field: 'sharpe_per_trade', kind: 'ratio' },
  { field: 'sortino_per_trade', kind: 'ratio' },
  { field: 'sharpe_daily', kind: 'ratio' },
  { field: 'sortino_daily', kind: 'ratio' },
  { field: 'days', kind: 'count' },
  { field: 'var_95', kind: 'money' },
  { field: 'var_99', kind: 'money' },
  { field: 'parametric_var_95', kind: 'money' },
  { field: 'parametric_var_99', kind: 'money' },
  { field: 'starting_equity', kind: 'money' },
  { field: 'open_trades', kind: 'count' },
];

export const figureKey = (field: string): JournalKey => `fig_${field}` as JournalKey;

/** A figure as the panel writes it; null (undefined for the data) is "—". */
export function fmtFigure(kind: FigureKind, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (kind) {
    case 'count':
      return String(v);
    case 'money':
      return fmtNum(v, 2);
    case 'signed':
      return fmtSigned(v);
    case 'pct':
      // A small share (a drawdown of a few cents on 10,000) keeps its digits: 0.017%, not 0.0%.
      return v !== 0 && Math.abs(v) < 0.01 ? `${(v * 100).toFixed(3)}%` : fmtPct(v);
    case 'ratio':
      return fmtNum(v, 2);
    case 'r':
      return `${fmtSigned(v)}R`;
    case 'duration':
      return fmtDuration(v);
  }
}

export interface CurveBar {
  time: number;
  equity: number;
  drawdown: number;
}

/**
 * The review's curve as chart points (time in seconds, strictly rising as the chart needs): by
 * time, a point in the same second as the one before it (a scalp opened and closed within a
 * second) is drawn one second after it, so every trade stays a point of the curve; `byTrade`
 * numbers them 0, 1, 2… instead (every session at once: their clocks are not one time line).
 * The drawdown is drawn below zero, under the curve.
 */
export function curveBars(points: readonly { time: number; equity: number; drawdown: number }[], byTrade: boolean): CurveBar[] {
  const out: CurveBar[] = [];
  points.forEach((p, i) => {
    const sec = byTrade ? i : Math.floor(p.time / 1000);
    const time = out.length ? Math.max(sec, out[out.length - 1]!.time + 1) : sec;
    out.push({ time, equity: p.equity, drawdown: p.drawdown === 0 ? 0 : -p.drawdown });
  });
  return out;
}

/** A closed trade as the chart marks it at its exit: its net result, and its R where a stop was set. */
export function tradeResultLabel(net: number, r: number | null): string {
  const sign = net > 0 ? '+' : '';
  return `${sign}${net.toFixed(2)}${r === null ? '' : ` · ${r.toFixed(1)}R`}`;
}
