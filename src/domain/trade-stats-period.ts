import { Decimal } from './decimal.js';

/**
 * Statistics of a run over a period rather than of its trades (backtests): the return, its
 * annualized rate, Calmar, the time in the market and buy-and-hold for comparison. Part of the one
 * statistics module (trade-stats.ts); ratios of returns are documented floats.
 */
export interface PeriodInput {
  readonly startingEquity: Decimal;
  readonly endingEquity: Decimal;
  /** The period: first bar's open to last bar's close (ms). */
  readonly startTime: number;
  readonly endTime: number;
  /** The largest fall as a fraction of its peak (ReviewStats.drawdown.percent). */
  readonly maxDrawdownPct: number;
  readonly bars: number;
  /** Bars that closed with a position open. */
  readonly barsInMarket: number;
  /** The first and last close of the data (exact). */
  readonly firstClose: Decimal;
  readonly lastClose: Decimal;
}

export interface PeriodStats {
  /** Ending ÷ starting equity − 1. */
  readonly returnPct: number | null;
  /** (1 + return)^(365 days ÷ period) − 1; null for an empty period or a wiped-out account. */
  readonly annualReturn: number | null;
  /** Annual return ÷ max drawdown (fraction); null without a drawdown. */
  readonly calmar: number | null;
  /** Bars in the market ÷ bars. */
  readonly exposure: number | null;
  /** Last close ÷ first close − 1: holding the asset over the same bars. */
  readonly buyAndHoldReturn: number | null;
}

const YEAR_MS = 365 * 86_400_000;
const fraction = (a: Decimal, b: Decimal): number | null => (b.isZero() ? null : a.div(b, 12).toNumber());

export function periodStats(p: PeriodInput): PeriodStats {
  const ret = fraction(p.endingEquity.sub(p.startingEquity), p.startingEquity);
  const span = p.endTime - p.startTime;
  const annualReturn = ret === null || span <= 0 || 1 + ret <= 0 ? null : Math.pow(1 + ret, YEAR_MS / span) - 1;
  return {
    returnPct: ret,
    annualReturn,
    calmar: annualReturn === null || !(p.maxDrawdownPct > 0) ? null : annualReturn / p.maxDrawdownPct,
    exposure: p.bars > 0 ? p.barsInMarket / p.bars : null,
    buyAndHoldReturn: fraction(p.lastClose.sub(p.firstClose), p.firstClose),
  };
}
