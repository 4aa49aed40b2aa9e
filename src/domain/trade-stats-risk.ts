import type { Decimal } from './decimal.js';

/** The float statistics of the review (ratios of returns): each null where it is undefined. */

export const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Sample standard deviation (n − 1); null below two values. */
export function sampleSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** mean ÷ sample sd × √periods-per-year (1: not annualized); risk-free rate 0. */
export function sharpe(returns: readonly number[], annualize = 1): number | null {
  const sd = sampleSd(returns);
  return sd === null || sd === 0 ? null : (mean(returns)! / sd) * Math.sqrt(annualize);
}

/** mean ÷ downside deviation √(Σ min(r, 0)² ÷ n), target 0; null with no period below 0. */
export function sortino(returns: readonly number[], annualize = 1): number | null {
  if (returns.length < 2) return null;
  const dd = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length);
  return dd === 0 ? null : (mean(returns)! / dd) * Math.sqrt(annualize);
}

/** Van Tharp's system quality number: √N × mean R ÷ sample sd of R (N not capped). */
export function sqn(rs: readonly number[]): number | null {
  const sd = sampleSd(rs);
  return sd === null || sd === 0 ? null : (Math.sqrt(rs.length) * mean(rs)!) / sd;
}

/** One-sided normal quantiles of the parametric VaR. */
export const Z = { 95: 1.6448536269514722, 99: 2.3263478740408408 } as const;

/**
 * Historical VaR at `confidence` of per-trade net results, as a loss (positive = a loss): minus the
 * k-th worst result, k = ⌈n × (1 − confidence)⌉ (nearest rank; the worst trade when n is small).
 */
export function historicalVar(nets: readonly Decimal[], confidence: 95 | 99, sorted: readonly Decimal[] = ascending(nets)): Decimal | null {
  if (nets.length === 0) return null;
  const k = Math.max(1, Math.ceil((nets.length * (100 - confidence)) / 100));
  return sorted[k - 1]!.neg();
}

/** The results worst first (a stable sort: equal results keep their order), for historicalVar; sorted once for both levels. */
export function ascending(nets: readonly Decimal[]): Decimal[] {
  return [...nets].sort((a, b) => a.cmp(b));
}

/** Gaussian VaR at `confidence`: z × sample sd − mean of per-trade net results (positive = a loss). */
export function parametricVar(nets: readonly number[], confidence: 95 | 99): number | null {
  const sd = sampleSd(nets);
  return sd === null ? null : Z[confidence] * sd - mean(nets)!;
}
