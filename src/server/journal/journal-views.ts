import type { Decimal } from '../../domain/decimal.js';
import type { JournalTrade } from '../../domain/journal.js';
import type { ReviewStats } from '../../domain/trade-stats.js';
import { emptyAnnotation, type TradeAnnotation } from '../../engine/trade-annotations.js';

const n = (d: Decimal): number => d.toNumber();
const nn = (d: Decimal | null | undefined): number | null => (d == null ? null : d.toNumber());

export const annotationView = (a: TradeAnnotation, stored = true) => ({
  trade_id: a.tradeId,
  notes: a.notes,
  tags: [...a.tags],
  setup: a.setup,
  rating: a.rating,
  mistakes: [...a.mistakes],
  updated_at: stored ? a.updatedAt : null,
});

export function journalEntryView(t: JournalTrade, a: TradeAnnotation | undefined) {
  const ann = a ?? emptyAnnotation(t.tradeId, 0);
  const ex = t.excursion;
  return {
    trade_id: t.tradeId,
    mode: t.mode,
    exchange: t.exchange,
    symbol: t.symbol,
    side: t.side,
    entry_time: t.entryTime,
    exit_time: t.exitTime,
    duration_ms: t.durationMs,
    avg_entry_price: n(t.avgEntryPrice),
    avg_exit_price: n(t.avgExitPrice),
    entry_quantity: n(t.entryQuantity),
    max_size: n(t.maxSize),
    gross_pnl: n(t.grossPnl),
    fees: n(t.fees),
    net_pnl: n(t.netPnl),
    stop_price: nn(t.stopPrice),
    planned_risk: nn(t.plannedRisk),
    r_multiple: nn(t.rMultiple),
    best_price: nn(ex?.bestPrice),
    worst_price: nn(ex?.worstPrice),
    mfe: nn(ex?.mfe),
    mae: nn(ex?.mae),
    mfe_price: nn(t.mfePrice),
    mae_price: nn(t.maePrice),
    fills: t.fillCount,
    notes: ann.notes,
    tags: [...ann.tags],
    setup: ann.setup,
    rating: ann.rating,
    mistakes: [...ann.mistakes],
  };
}

export function reviewView(mode: string, s: ReviewStats, openTrades: number, startingEquity: Decimal) {
  return {
    mode,
    trades: s.trades,
    open_trades: openTrades,
    wins: s.wins,
    losses: s.losses,
    win_rate: nn(s.winRate),
    gross_pnl: n(s.grossPnl),
    fees: n(s.fees),
    net_pnl: n(s.netPnl),
    gross_profit: n(s.grossProfit),
    gross_loss: n(s.grossLoss),
    avg_win: nn(s.avgWin),
    avg_loss: nn(s.avgLoss),
    payoff_ratio: s.payoffRatio,
    profit_factor: nn(s.profitFactor),
    expectancy: nn(s.expectancy),
    expectancy_r: s.expectancyR,
    r_trades: s.rTrades,
    sqn: s.sqn,
    largest_win: nn(s.largestWin),
    largest_loss: nn(s.largestLoss),
    longest_win_streak: s.longestWinStreak,
    longest_loss_streak: s.longestLossStreak,
    avg_time_in_winners_ms: s.avgWinnerMs,
    avg_time_in_losers_ms: s.avgLoserMs,
    max_drawdown: n(s.drawdown.amount),
    max_drawdown_pct: s.drawdown.percent,
    max_drawdown_duration_ms: s.drawdown.durationMs,
    sharpe_per_trade: s.sharpePerTrade,
    sortino_per_trade: s.sortinoPerTrade,
    sharpe_daily: s.sharpeDaily,
    sortino_daily: s.sortinoDaily,
    days: s.days,
    var_95: nn(s.var95),
    var_99: nn(s.var99),
    parametric_var_95: s.parametricVar95,
    parametric_var_99: s.parametricVar99,
    fees_share_of_gross: s.feesShareOfGross,
    starting_equity: n(startingEquity),
    equity_curve: s.equityCurve.map((p) => ({ time: p.time, equity: n(p.equity), drawdown: n(p.drawdown), drawdown_pct: p.drawdownPct })),
  };
}
