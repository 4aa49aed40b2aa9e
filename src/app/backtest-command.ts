import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStrategy, strategyPath } from '../backtest/load-strategy.js';
import { backtestReportHtml } from '../backtest/report-html.js';
import { runBacktestSync, type BacktestResult } from '../backtest/run-backtest.js';
import { tradesCsv } from '../backtest/trades-csv.js';
import { openDatabase } from '../persistence/sqlite/database.js';
import { SqliteDatasetStore } from '../persistence/sqlite/sqlite-datasets.js';
import { DatasetLibrary } from '../server/datasets/dataset-library.js';
import { BACKTEST_HELP, paramsHelp, parseBacktestArgs, strategyParams, UsageError } from './backtest-args.js';
import { bundledDatasetDirs } from './create-app.js';

export interface CliIo {
  readonly print: (line: string) => void;
  readonly printError: (line: string) => void;
  /** Progress is drawn only on a terminal. */
  readonly progress?: (text: string | null) => void;
  readonly cwd?: string;
}

/** A CSV path as given, else a dataset id of the catalog (bundled files and DATA_DIR's imports). */
export function dataPath(data: string, dataDir: string, cwd: string): string {
  const asPath = join(cwd, data);
  if (existsSync(data)) return data;
  if (existsSync(asPath)) return asPath;
  const file = join(dataDir, 'trainer.db');
  const db = openDatabase(existsSync(file) ? file : ':memory:');
  try {
    const found = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: bundledDatasetDirs() }).get(data);
    if (!found) throw new UsageError(`--data ${data}: no such file and no dataset by that id (GET /api/datasets lists them)`);
    return found.path;
  } finally {
    db.close();
  }
}

const fmt = (n: number | null, digits = 2): string => (n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
const pct = (n: number | null): string => (n === null ? '—' : `${(n * 100).toFixed(2)} %`);

export function summaryLines(r: BacktestResult): string[] {
  const s = r.stats;
  const rows: [string, string][] = [
    ['strategy', `${r.strategy} ${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ')}`],
    ['data', `${r.symbol}, ${r.bars.toLocaleString('en-US')} bars, ${new Date(r.from).toISOString()} → ${new Date(r.to).toISOString()}`],
    ['fees / slippage', `${r.fee_bps} bps / ${r.slippage_bps} bps`],
    ['trades', String(r.trade_count)],
    ['net PnL', fmt(r.net_pnl, 8)],
    ['gross PnL', fmt(r.gross_pnl, 8)],
    ['fees', fmt(r.fees, 8)],
    ['funding', fmt(r.funding, 8)],
    ['ending equity', `${fmt(r.ending_equity, 8)} (from ${fmt(r.starting_cash)})`],
    ['return', `${pct(s.return_pct)} (annualized ${pct(s.annual_return)}; buy and hold ${pct(s.buy_and_hold_return)})`],
    ['win rate', `${pct(s.win_rate)} (${s.wins} won, ${s.losses} lost)`],
    ['profit factor', fmt(s.profit_factor, 3)],
    ['expectancy', fmt(s.expectancy, 8)],
    ['SQN', fmt(s.sqn, 3)],
    ['max drawdown', `${fmt(s.max_drawdown, 8)} (${pct(s.max_drawdown_pct)}, ${(s.max_drawdown_duration_ms / 3_600_000).toFixed(1)} h)`],
    ['Sharpe / Sortino', `${fmt(s.sharpe, 3)} / ${fmt(s.sortino, 3)} (daily, annualized)`],
    ['Calmar', fmt(s.calmar, 3)],
    ['VaR 95 / 99', `${fmt(s.var_95, 8)} / ${fmt(s.var_99, 8)} per trade`],
    ['exposure', pct(s.exposure)],
  ];
  if (r.rejected_orders) rows.push(['refused orders', String(r.rejected_orders)]);
  if (r.ignored_at_end) rows.push(['ignored at the end', `${r.ignored_at_end} decision(s) of the last bar`]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
}

/** `backtest …`: answers the exit code (2 for a mistake in the flags, 1 when the run fails). */
export async function backtestCommand(args: readonly string[], dataDir: string, io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.print(`usage: npm run cli -- backtest ${'--data <csv|dataset> --strategy <name|path> --fee-bps N [params…] [options]'}`);
      for (const l of BACKTEST_HELP) io.print(l);
      const i = args.indexOf('--strategy');
      const name = i >= 0 ? args[i + 1] : undefined;
      if (name && strategyPath(name, cwd)) for (const l of paramsHelp(await loadStrategy(name, cwd))) io.print(l);
      return 0;
    }
    const a = parseBacktestArgs(args);
    if (strategyPath(a.strategy, cwd) === null) throw new UsageError(`--strategy ${a.strategy}: neither a built-in (sma_cross, breakout, mean_reversion) nor a file`);
    const def = await loadStrategy(a.strategy, cwd);
    const params = strategyParams(def, a.params);
    const path = dataPath(a.data, dataDir, cwd);
    let result: BacktestResult;
    try {
      result = runBacktestSync(
        { data: path, strategy: def, params, feeBps: a.feeBps, slippageBps: a.slippageBps, from: a.from, to: a.to, cash: a.cash, funding: a.funding, leverage: a.leverage, marginMode: a.marginMode, fillModel: a.fillModel },
        io.progress ? (p) => io.progress!(bar(p.done, p.total)) : undefined,
      );
    } finally {
      io.progress?.(null);
    }
    if (a.json) io.print(JSON.stringify(result));
    else for (const l of summaryLines(result)) io.print(l);
    if (a.trades) writeFileSync(a.trades, tradesCsv(result));
    if (a.plot) writeFileSync(a.plot, backtestReportHtml(result));
    if (!a.json && (a.trades || a.plot)) io.print(`written: ${[a.trades, a.plot].filter(Boolean).join(', ')}`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof RangeError) {
      io.printError(`backtest: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

function bar(done: number, total: number): string {
  const width = 30;
  const f = total ? done / total : 1;
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)} % ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} bars`;
}
