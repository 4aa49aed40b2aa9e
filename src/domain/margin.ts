import { Decimal } from './decimal.js';
import type { Side } from './ids.js';

/**
 * Initial margin of a simulated account (cross margin, one-way positions): a position or an order
 * that adds exposure holds |quantity| × price / leverage of the account's equity. Spot is traded at
 * 1×. Until liquidation exists, an order that needs more than the account has free is refused.
 *
 * @example
 *   addedExposure('SELL', d('3'), d('1'))         // 2: one closes the long, two open a short
 *   initialMargin(d('0.1'), d('64000'), d('5'))   // 1280
 */

/** Money figures are kept at this many digits (rounded up: a requirement is never understated). */
const SCALE = 8;

/** How much of `quantity` opens or grows a position, given the signed `position` now. */
export function addedExposure(side: Side, quantity: Decimal, position: Decimal, reduceOnly = false): Decimal {
  if (reduceOnly) return Decimal.ZERO;
  const after = position.add(side === 'BUY' ? quantity : quantity.neg());
  if (position.sign() !== 0 && after.sign() !== 0 && after.sign() !== position.sign()) return after.abs(); // a flip
  return after.abs().sub(position.abs()).max(Decimal.ZERO);
}

export function initialMargin(quantity: Decimal, price: Decimal, leverage: Decimal): Decimal {
  return quantity.abs().mul(price).div(leverage, SCALE, 'up');
}

/** What the account holds: its equity and the margin its positions and resting orders take. */
export interface MarginAccount {
  /** Cash + unrealized PnL. */
  readonly equity: Decimal;
  /** Σ initial margin of the open positions at their marks. */
  readonly positionMargin: Decimal;
  /** Σ initial margin of the resting orders that would add exposure. */
  readonly orderMargin: Decimal;
}

export const freeMargin = (a: MarginAccount): Decimal => a.equity.sub(a.positionMargin).sub(a.orderMargin).max(Decimal.ZERO);

/** An order as the margin check sees it: the exposure it adds, at the price it should trade at. */
export interface MarginOrder {
  readonly added: Decimal;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly leverage: Decimal;
  /** The taker fee rate: the fee is paid out of the same free balance. */
  readonly feeRate: Decimal;
}

export interface MarginShortfall {
  readonly required: Decimal;
  readonly available: Decimal;
  readonly leverage: Decimal;
}

/** Null when the account can carry the order; otherwise what it needs and what it has. */
export function checkMargin(order: MarginOrder, account: MarginAccount): MarginShortfall | null {
  if (order.added.isZero()) return null; // reducing never needs margin
  const fee = order.quantity.mul(order.price).mul(order.feeRate).rescale(SCALE, 'up');
  const required = initialMargin(order.added, order.price, order.leverage).add(fee);
  const available = freeMargin(account);
  return required.lte(available) ? null : { required, available, leverage: order.leverage };
}
