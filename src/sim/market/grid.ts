import { Decimal } from '../../domain/decimal.js';

/** `n` whole units of `unit` (a tick or a lot step) as an exact Decimal at the unit's scale. */
export function units(n: number | bigint, unit: Decimal): Decimal {
  return Decimal.of(BigInt(n) * unit.raw, unit.scale);
}

/** `value` on the grid of `unit`, rounding half-up when it is off the grid ('floor' for quantities). */
export function snap(value: Decimal, unit: Decimal, mode: 'half-up' | 'floor' = 'half-up'): Decimal {
  const u = unit.normalize();
  if (value.isMultipleOf(u)) return value.scale >= u.scale ? value : value.rescale(u.scale);
  return value.div(u, 0, mode).mul(u);
}
