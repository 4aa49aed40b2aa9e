import { Decimal } from '../decimal.js';
import type { RiskOrder } from './risk-types.js';

/** The position after the order fills entirely. */
export const positionAfter = (order: RiskOrder, position: Decimal): Decimal =>
  position.add(order.side === 'BUY' ? order.quantity : order.quantity.neg());

/** Does the order add exposure (a bigger position, or one on the other side)? */
export function addsExposure(order: RiskOrder, position: Decimal): boolean {
  if (order.reduceOnly) return false;
  const after = positionAfter(order, position);
  return after.abs().gt(position.abs()) || (after.sign() !== 0 && after.sign() !== position.sign());
}

export const notional = (qty: Decimal, price: Decimal): Decimal => qty.abs().mul(price);
export const ZERO = Decimal.ZERO;

/** Exact text of a value, for messages and details. */
export const text = (d: Decimal): string => d.toString();
