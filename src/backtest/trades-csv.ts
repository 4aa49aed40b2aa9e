import type { BacktestResult } from './run-backtest.js';

const COLUMNS = ['id', 'side', 'entry_time', 'exit_time', 'entry_price', 'exit_price', 'quantity', 'gross_pnl', 'fees', 'pnl', 'fills'] as const;

/** The trades of a run as CSV: a header, then one line a trade (times in epoch ms, ISO beside them). */
export function tradesCsv(r: BacktestResult): string {
  const head = [...COLUMNS.slice(0, 4), 'entry_iso', 'exit_iso', ...COLUMNS.slice(4)];
  const lines = r.trades.map((t) =>
    [t.id, t.side, t.entry_time, t.exit_time, new Date(t.entry_time).toISOString(), new Date(t.exit_time).toISOString(), t.entry_price, t.exit_price, t.quantity, t.gross_pnl, t.fees, t.pnl, t.fills].join(','),
  );
  return [head.join(','), ...lines].join('\n') + '\n';
}
