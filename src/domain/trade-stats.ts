import { Decimal } from './decimal.js';
import type { Position } from './position.js';

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

const SCALE = 8;

export function tradeStats(closed: readonly Position[]): TradeStats {
  const ordered = [...closed].filter((p) => p.closedAt !== null).sort((a, b) => a.closedAt! - b.closedAt!);
  let grossProfit = Decimal.ZERO;
  let grossLoss = Decimal.ZERO;
  let fees = Decimal.ZERO;
  let wins = 0;
  let losses = 0;
  let cumulative = Decimal.ZERO;
  let peak = Decimal.ZERO;
  let maxDrawdown = Decimal.ZERO;
  for (const p of ordered) {
    const net = p.realizedPnl.sub(p.feesPaid);
    fees = fees.add(p.feesPaid);
    if (net.sign() > 0) {
      wins++;
      grossProfit = grossProfit.add(net);
    } else {
      losses++;
      grossLoss = grossLoss.add(net.neg());
    }
    cumulative = cumulative.add(net);
    peak = peak.max(cumulative);
    maxDrawdown = maxDrawdown.max(peak.sub(cumulative));
  }
  const trades = ordered.length;
  const netPnl = grossProfit.sub(grossLoss);
  const ratio = (a: Decimal, b: Decimal | number): Decimal | null => {
    const d = typeof b === 'number' ? Decimal.fromInt(b) : b;
    return d.isZero() ? null : a.div(d, SCALE);
  };
  return {
    trades,
    wins,
    losses,
    winRate: ratio(Decimal.fromInt(wins), trades),
    grossProfit,
    grossLoss,
    netPnl,
    fees,
    profitFactor: ratio(grossProfit, grossLoss),
    expectancy: ratio(netPnl, trades),
    avgWin: ratio(grossProfit, wins),
    avgLoss: ratio(grossLoss, losses),
    maxDrawdown,
  };
}
