import { Decimal } from './decimal.js';
import type { Position } from './position.js';
import { dailyReturns, equityCurve, maxDrawdown, type CurvePoint, type Drawdown } from './trade-stats-curve.js';
import { ascending, historicalVar, mean, parametricVar, sharpe, sortino, sqn } from './trade-stats-risk.js';

export type { CurvePoint, Drawdown } from './trade-stats-curve.js';

/**
 * The one statistics module (GET /api/trading/stats, the journal's review, backtests). A trade is
 * a win when its net result (after fees) is > 0, else a loss. Money is exact Decimal; ratios of
 * returns are documented floats.
 */
export interface TradeOutcome {
  readonly openedAt: number;
  readonly closedAt: number;
  readonly grossPnl: Decimal;
  readonly fees: Decimal;
  readonly netPnl: Decimal;
  /** Net result ÷ the planned risk, where a stop was set at entry. */
  readonly rMultiple: Decimal | null;
}

/** Session statistics over closed positions (one position = one trade), net of fees. */
export interface TradeStats {
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRate: Decimal | null;
  readonly grossProfit: Decimal;
  /** Σ of the losing trades' net results, as a positive amount. */
  readonly grossLoss: Decimal;
  readonly netPnl: Decimal;
  readonly fees: Decimal;
  readonly profitFactor: Decimal | null;
  readonly expectancy: Decimal | null;
  readonly avgWin: Decimal | null;
  readonly avgLoss: Decimal | null;
  /** Largest fall of the cumulative net result from a previous high. */
  readonly maxDrawdown: Decimal;
}

export interface ReviewStats extends TradeStats {
  /** Σ results before fees, and fees ÷ that (null when it is not positive). */
  readonly grossPnl: Decimal;
  readonly feesShareOfGross: number | null;
  /** avg win ÷ avg loss: null without a winner or without a loser. */
  readonly payoffRatio: number | null;
  /** Mean R over the trades that had a stop at entry (`rTrades` of them), and the SQN of those R. */
  readonly expectancyR: number | null;
  readonly rTrades: number;
  readonly sqn: number | null;
  /** The best net result and the worst (as a positive amount); null without a winner / loser. */
  readonly largestWin: Decimal | null;
  readonly largestLoss: Decimal | null;
  readonly longestWinStreak: number;
  readonly longestLossStreak: number;
  readonly avgWinnerMs: number | null;
  readonly avgLoserMs: number | null;
  readonly drawdown: Drawdown;
  /** Per trade (return = net ÷ equity before it, not annualized) and per UTC day (annualized × √365). */
  readonly sharpePerTrade: number | null;
  readonly sortinoPerTrade: number | null;
  readonly sharpeDaily: number | null;
  readonly sortinoDaily: number | null;
  readonly days: number;
  /** Of one trade's net result, as a loss (positive = a loss). */
  readonly var95: Decimal | null;
  readonly var99: Decimal | null;
  readonly parametricVar95: number | null;
  readonly parametricVar99: number | null;
  readonly equityCurve: readonly CurvePoint[];
}

const SCALE = 8;
const ratio = (a: Decimal, b: Decimal | number): Decimal | null => {
  const d = typeof b === 'number' ? Decimal.fromInt(b) : b;
  return d.isZero() ? null : a.div(d, SCALE);
};
const float = (a: Decimal, b: Decimal): number | null => (b.isZero() ? null : a.div(b, 12).toNumber());

export const outcomeOf = (p: Position): TradeOutcome => ({
  openedAt: p.openedAt,
  closedAt: p.closedAt ?? p.updatedAt,
  grossPnl: p.realizedPnl,
  fees: p.feesPaid,
  netPnl: p.realizedPnl.sub(p.feesPaid),
  rMultiple: null,
});

/** Statistics of closed positions; a position still open is not a trade yet. */
export function tradeStats(closed: readonly Position[]): TradeStats {
  return review(closed.filter((p) => p.closedAt !== null).map(outcomeOf), Decimal.ZERO);
}

/** The review: everything in ReviewStats, the equity curve starting at `startingEquity`. */
export function review(trades: readonly TradeOutcome[], startingEquity: Decimal): ReviewStats {
  const ordered = [...trades].sort((a, b) => a.closedAt - b.closedAt);
  let grossProfit = Decimal.ZERO;
  let grossLoss = Decimal.ZERO;
  let grossPnl = Decimal.ZERO;
  let fees = Decimal.ZERO;
  let largestWin: Decimal | null = null;
  let largestLoss: Decimal | null = null;
  const streak = { win: 0, loss: 0, longestWin: 0, longestLoss: 0 };
  const time = { win: 0, loss: 0 };
  const perTrade: number[] = [];
  // One pass: what the figures below read of each trade (wins, the R of those with a stop, the results, the closes).
  let wins = 0;
  const rs: number[] = [];
  const nets: Decimal[] = [];
  const netFloats: number[] = [];
  const closes: { time: number; net: Decimal }[] = [];
  let firstOpen = Infinity;
  let equity = startingEquity;
  for (const t of ordered) {
    const net = t.netPnl;
    fees = fees.add(t.fees);
    grossPnl = grossPnl.add(t.grossPnl);
    perTrade.push(float(net, equity) ?? 0);
    equity = equity.add(net);
    if (t.rMultiple !== null) rs.push(t.rMultiple.toNumber());
    nets.push(net);
    netFloats.push(net.toNumber());
    closes.push({ time: t.closedAt, net });
    firstOpen = Math.min(firstOpen, t.openedAt);
    if (net.sign() > 0) {
      wins++;
      grossProfit = grossProfit.add(net);
      largestWin = largestWin ? largestWin.max(net) : net;
      streak.win++;
      streak.loss = 0;
      time.win += t.closedAt - t.openedAt;
    } else {
      grossLoss = grossLoss.add(net.neg());
      largestLoss = largestLoss ? largestLoss.max(net.neg()) : net.neg();
      streak.loss++;
      streak.win = 0;
      time.loss += t.closedAt - t.openedAt;
    }
    streak.longestWin = Math.max(streak.longestWin, streak.win);
    streak.longestLoss = Math.max(streak.longestLoss, streak.loss);
  }
  const n = ordered.length;
  const losses = n - wins;
  const netPnl = grossProfit.sub(grossLoss);
  const avgWin = ratio(grossProfit, wins);
  const avgLoss = ratio(grossLoss, losses);
  const curve = n ? equityCurve(firstOpen, startingEquity, closes) : [];
  const worstFirst = ascending(nets);
  const daily = dailyReturns(curve);
  const drawdown = maxDrawdown(curve);
  return {
    trades: n,
    wins,
    losses,
    winRate: ratio(Decimal.fromInt(wins), n),
    grossProfit,
    grossLoss,
    netPnl,
    fees,
    profitFactor: ratio(grossProfit, grossLoss),
    expectancy: ratio(netPnl, n),
    avgWin,
    avgLoss,
    maxDrawdown: drawdown.amount,
    grossPnl,
    feesShareOfGross: grossPnl.sign() > 0 ? float(fees, grossPnl) : null,
    payoffRatio: avgWin && avgLoss ? float(avgWin, avgLoss) : null,
    expectancyR: mean(rs),
    rTrades: rs.length,
    sqn: sqn(rs),
    largestWin,
    largestLoss,
    longestWinStreak: streak.longestWin,
    longestLossStreak: streak.longestLoss,
    avgWinnerMs: wins ? time.win / wins : null,
    avgLoserMs: losses ? time.loss / losses : null,
    drawdown,
    sharpePerTrade: sharpe(perTrade),
    sortinoPerTrade: sortino(perTrade),
    sharpeDaily: sharpe(daily, 365),
    sortinoDaily: sortino(daily, 365),
    days: daily.length,
    var95: historicalVar(nets, 95, worstFirst),
    var99: historicalVar(nets, 99, worstFirst),
    parametricVar95: parametricVar(netFloats, 95),
    parametricVar99: parametricVar(netFloats, 99),
    equityCurve: curve,
  };
}
