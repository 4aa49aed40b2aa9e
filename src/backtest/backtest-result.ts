import type { Decimal } from '../domain/decimal.js';
import type { JournalTrade } from '../domain/journal.js';
import { periodStats } from '../domain/trade-stats-period.js';
import { sqn } from '../domain/trade-stats-risk.js';
import { review, type TradeOutcome } from '../domain/trade-stats.js';

/** One closed trade of a backtest, as JSON. */
export interface BacktestTrade {
  readonly id: string;
  readonly side: 'LONG' | 'SHORT';
  readonly entry_time: number;
  readonly exit_time: number;
  readonly entry_price: number;
  readonly exit_price: number;
  readonly quantity: number;
  /** Net of fees. */
  readonly pnl: number;
  readonly gross_pnl: number;
  readonly fees: number;
  readonly fills: number;
}

export interface BacktestStats {
  readonly win_rate: number | null;
  readonly wins: number;
  readonly losses: number;
  readonly profit_factor: number | null;
  readonly expectancy: number | null;
  readonly avg_win: number | null;
  readonly avg_loss: number | null;
  /** Van Tharp's SQN over the trades' net results (and over R where stops were set). */
  readonly sqn: number | null;
  readonly sqn_r: number | null;
  readonly max_drawdown: number;
  readonly max_drawdown_pct: number;
  readonly max_drawdown_duration_ms: number;
  /** Daily (UTC) returns, annualized × √365. */
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  /** Of one trade's net result, as a loss. */
  readonly var_95: number | null;
  readonly var_99: number | null;
  readonly exposure: number | null;
  readonly return_pct: number | null;
  readonly annual_return: number | null;
  readonly buy_and_hold_return: number | null;
}

export interface StatsInput {
  readonly trades: readonly JournalTrade[];
  readonly cash: Decimal;
  readonly funding: Decimal;
  readonly startTime: number;
  readonly endTime: number;
  readonly bars: number;
  readonly barsInMarket: number;
  readonly firstClose: Decimal;
  readonly lastClose: Decimal;
}

const num = (d: Decimal | null): number | null => (d === null ? null : d.toNumber());

export function tradeRows(trades: readonly JournalTrade[]): BacktestTrade[] {
  return trades.map((t) => ({
    id: t.tradeId,
    side: t.side,
    entry_time: t.entryTime,
    exit_time: t.exitTime,
    entry_price: t.avgEntryPrice.toNumber(),
    exit_price: t.avgExitPrice.toNumber(),
    quantity: t.entryQuantity.toNumber(),
    pnl: t.netPnl.toNumber(),
    gross_pnl: t.grossPnl.toNumber(),
    fees: t.fees.toNumber(),
    fills: t.fillCount,
  }));
}

/** The statistics of the replay review (domain/trade-stats.ts) plus those of the period. */
export function backtestStats(s: StatsInput): { stats: BacktestStats; netPnl: Decimal; fees: Decimal; grossPnl: Decimal } {
  const outcomes: TradeOutcome[] = s.trades.map((t) => ({ openedAt: t.entryTime, closedAt: t.exitTime, grossPnl: t.grossPnl, fees: t.fees, netPnl: t.netPnl, rMultiple: t.rMultiple }));
  const r = review(outcomes, s.cash);
  const netPnl = r.netPnl.sub(s.funding);
  const period = periodStats({
    startingEquity: s.cash,
    endingEquity: s.cash.add(netPnl),
    startTime: s.startTime,
    endTime: s.endTime,
    maxDrawdownPct: r.drawdown.percent,
    bars: s.bars,
    barsInMarket: s.barsInMarket,
    firstClose: s.firstClose,
    lastClose: s.lastClose,
  });
  const stats: BacktestStats = {
    win_rate: num(r.winRate),
    wins: r.wins,
    losses: r.losses,
    profit_factor: num(r.profitFactor),
    expectancy: num(r.expectancy),
    avg_win: num(r.avgWin),
    avg_loss: num(r.avgLoss),
    sqn: sqn(s.trades.map((t) => t.netPnl.toNumber())),
    sqn_r: r.sqn,
    max_drawdown: r.drawdown.amount.toNumber(),
    max_drawdown_pct: r.drawdown.percent,
    max_drawdown_duration_ms: r.drawdown.durationMs,
    sharpe: r.sharpeDaily,
    sortino: r.sortinoDaily,
    calmar: period.calmar,
    var_95: num(r.var95),
    var_99: num(r.var99),
    exposure: period.exposure,
    return_pct: period.returnPct,
    annual_return: period.annualReturn,
    buy_and_hold_return: period.buyAndHoldReturn,
  };
  return { stats, netPnl, fees: r.fees, grossPnl: r.grossPnl };
}
