import { Decimal } from './decimal.js';

export interface CurvePoint {
  readonly time: number;
  readonly equity: Decimal;
  /** Below the highest equity so far: amount (≥ 0) and fraction of that peak. */
  readonly drawdown: Decimal;
  readonly drawdownPct: number;
}

export interface Drawdown {
  readonly amount: Decimal;
  /** The largest fall as a fraction of the peak it fell from (may be another fall than the largest amount). */
  readonly percent: number;
  /** The longest time from a peak to the first point back at or above it (or to the last point). */
  readonly durationMs: number;
}

const DAY = 86_400_000;
const ratio = (a: Decimal, b: Decimal): number => (b.isZero() ? 0 : a.div(b, 12).toNumber());

/** Starting equity at `start`, then the equity after each closed trade's net result, at its close. */
export function equityCurve(start: number, startingEquity: Decimal, closes: readonly { time: number; net: Decimal }[]): CurvePoint[] {
  const points: CurvePoint[] = [{ time: start, equity: startingEquity, drawdown: Decimal.ZERO, drawdownPct: 0 }];
  let equity = startingEquity;
  let peak = startingEquity;
  for (const c of closes) {
    equity = equity.add(c.net);
    peak = peak.max(equity);
    const dd = peak.sub(equity);
    points.push({ time: c.time, equity, drawdown: dd, drawdownPct: ratio(dd, peak) });
  }
  return points;
}

export function maxDrawdown(points: readonly CurvePoint[]): Drawdown {
  let amount = Decimal.ZERO;
  let percent = 0;
  let durationMs = 0;
  let peak: CurvePoint | null = null;
  let below = false;
  for (const p of points) {
    if (p.drawdown.gt(amount)) amount = p.drawdown;
    percent = Math.max(percent, p.drawdownPct);
    if (!peak || p.equity.gte(peak.equity)) {
      if (peak && below) durationMs = Math.max(durationMs, p.time - peak.time);
      peak = p;
      below = false;
    } else below = true;
  }
  const last = points[points.length - 1];
  if (peak && last && below) durationMs = Math.max(durationMs, last.time - peak.time);
  return { amount, percent, durationMs };
}

/**
 * Daily returns: the equity at the end of each UTC day from the curve's first day to its last
 * (days without a trade return 0), each over the day before's (the starting equity before the first).
 */
export function dailyReturns(points: readonly CurvePoint[]): number[] {
  if (points.length < 2) return [];
  const first = Math.floor(points[0]!.time / DAY);
  const last = Math.floor(points[points.length - 1]!.time / DAY);
  const out: number[] = [];
  let prev = points[0]!.equity;
  let i = 0;
  for (let day = first; day <= last; day++) {
    let end = prev;
    while (i < points.length && Math.floor(points[i]!.time / DAY) <= day) end = points[i++]!.equity;
    out.push(ratio(end.sub(prev), prev));
    prev = end;
  }
  return out;
}
