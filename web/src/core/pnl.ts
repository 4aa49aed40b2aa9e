import type { PositionSide } from './api-types.js';

/** Unrealized PnL of a position at `mark` (quote asset): (mark − entry) × size, negated for a short. */
export function unrealizedPnl(side: PositionSide, quantity: number, entry: number, mark: number): number {
  if (side === 'FLAT' || quantity === 0) return 0;
  const sign = side === 'LONG' ? 1 : -1;
  return roundTo((mark - entry) * quantity * sign, 1e-8);
}

/** `value` rounded to a multiple of `step` (a tick or lot size), without binary noise. */
export function roundTo(value: number, step: number): number {
  if (!(step > 0)) return value;
  const d = decimalsOf(step);
  return Number((Math.round(value / step) * step).toFixed(d));
}

/** Digits after the point of a step such as 0.01 or 1e-8. */
export function decimalsOf(step: number): number {
  if (!(step > 0)) return 0;
  const text = step.toExponential();
  const [mant, exp] = text.split('e') as [string, string];
  const frac = mant.split('.')[1]?.length ?? 0;
  return Math.max(0, frac - Number(exp));
}
