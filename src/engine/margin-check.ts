import { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import { addedExposure, checkMargin, initialMargin, type MarginAccount } from '../domain/margin.js';
import type { Order } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import { Rejection } from '../domain/rejection.js';
import type { SubmitOrder } from './commands.js';

/** Leverage of a symbol on an exchange, or null where the venue keeps the margin itself (live trading). */
export type LeverageOf = (exchange: string, symbol: string) => Decimal | null;

export interface MarginBook {
  readonly equity: Decimal;
  readonly positions: Iterable<Position>;
  readonly orders: Iterable<Order>;
  readonly mark: (exchange: string, symbol: string) => Decimal | null;
  readonly leverage: LeverageOf;
}

/**
 * The margin a simulated account holds: its positions at their marks, and every resting order that
 * would add exposure (its unfilled part, against the position as it is now, at its own price).
 */
export function marginAccount(book: MarginBook): MarginAccount {
  const sizes = new Map<string, Decimal>();
  let positionMargin = Decimal.ZERO;
  for (const p of book.positions) {
    sizes.set(`${p.exchange}|${p.symbol}`, p.quantity);
    const lev = book.leverage(p.exchange, p.symbol);
    const mark = book.mark(p.exchange, p.symbol);
    if (lev && mark) positionMargin = positionMargin.add(initialMargin(p.quantity, mark, lev));
  }
  let orderMargin = Decimal.ZERO;
  for (const o of book.orders) {
    const lev = book.leverage(o.exchange, o.symbol);
    const price = o.price ?? o.stopPrice ?? book.mark(o.exchange, o.symbol);
    if (!lev || !price || o.reduceOnly) continue;
    const added = addedExposure(o.side, o.quantity.sub(o.filledQuantity), sizes.get(`${o.exchange}|${o.symbol}`) ?? Decimal.ZERO);
    orderMargin = orderMargin.add(initialMargin(added, price, lev));
  }
  return { equity: book.equity, positionMargin, orderMargin };
}

const money = (d: Decimal): string => d.rescale(2, 'up').toString();

/** Refuses (422 INSUFFICIENT_MARGIN) an order the account cannot carry at the symbol's leverage. */
export function requireMargin(cmd: SubmitOrder, inst: Instrument, position: Decimal, price: Decimal | null, leverage: Decimal, account: MarginAccount): void {
  if (price === null) return; // no market yet: the venue refuses the order itself
  const added = addedExposure(cmd.side, cmd.quantity, position, cmd.reduceOnly ?? false);
  const short = checkMargin({ added, quantity: cmd.quantity, price, leverage, feeRate: inst.takerFee }, account);
  if (!short) return;
  throw new Rejection(
    'INSUFFICIENT_MARGIN',
    `the order needs ${money(short.required)} ${inst.quote} of margin at ${short.leverage.toString()}× (fee included), and ${money(short.available)} ${inst.quote} is free`,
    { required: short.required.toNumber(), available: short.available.toNumber(), leverage: short.leverage.toNumber() },
  );
}
