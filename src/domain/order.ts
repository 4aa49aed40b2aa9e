import { Decimal } from './decimal.js';
import type { ClientOrderId, OrderId, Side, TradingMode } from './ids.js';

export type OrderType = 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'TAKE_PROFIT_MARKET';
export const ORDER_TYPES: readonly OrderType[] = ['MARKET', 'LIMIT', 'STOP_MARKET', 'TAKE_PROFIT_MARKET'];
/** GTC rests, IOC takes what it can and expires the rest, GTX (post-only) never takes. */
export type TimeInForce = 'GTC' | 'IOC' | 'GTX';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  NEW: ['PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED'],
  FILLED: [],
  CANCELED: [],
  REJECTED: [],
  EXPIRED: [],
};

export const isTerminal = (s: OrderStatus): boolean => NEXT[s].length === 0;
export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

/** Attached exits of an entry: created when the entry first fills, one cancels the other. */
export interface BracketSpec {
  readonly takeProfit: Decimal | null;
  readonly stopLoss: Decimal | null;
}

export interface Order {
  readonly id: OrderId;
  readonly clientOrderId: ClientOrderId;
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity: Decimal;
  readonly price: Decimal | null;
  readonly stopPrice: Decimal | null;
  readonly reduceOnly: boolean;
  readonly bracket: BracketSpec | null;
  /** The entry this order is a take-profit / stop-loss of. */
  readonly parentId: OrderId | null;
  readonly status: OrderStatus;
  readonly filledQuantity: Decimal;
  /** Sum of price × quantity over the fills, exact; avg price = cumQuote / filledQuantity. */
  readonly cumQuote: Decimal;
  readonly triggered: boolean;
  /** Why the venue refused or expired it: a stable code and a sentence. */
  readonly rejectCode: string | null;
  readonly rejectReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export class IllegalTransition extends Error {
  constructor(order: Order, to: OrderStatus) {
    super(`order ${order.id} cannot go from ${order.status} to ${to}`);
  }
}

function moveTo(order: Order, to: OrderStatus, time: number, extra: Partial<Order> = {}): Order {
  if (!canTransition(order.status, to)) throw new IllegalTransition(order, to);
  return { ...order, ...extra, status: to, updatedAt: time };
}

export const remainingOf = (o: Order): Decimal => o.quantity.sub(o.filledQuantity);

export function applyOrderFill(order: Order, price: Decimal, quantity: Decimal, time: number): Order {
  if (quantity.sign() <= 0) throw new RangeError('fill quantity must be positive');
  const filled = order.filledQuantity.add(quantity);
  if (filled.gt(order.quantity)) throw new RangeError(`order ${order.id} overfilled`);
  return moveTo(order, filled.eq(order.quantity) ? 'FILLED' : 'PARTIALLY_FILLED', time, {
    filledQuantity: filled,
    cumQuote: order.cumQuote.add(price.mul(quantity)),
  });
}

export const cancelOrder = (o: Order, time: number): Order => moveTo(o, 'CANCELED', time);
export const expireOrder = (o: Order, time: number, reason: string): Order =>
  moveTo(o, 'EXPIRED', time, { rejectCode: 'EXPIRED', rejectReason: reason });
export const rejectOrder = (o: Order, time: number, code: string, reason: string): Order =>
  moveTo(o, 'REJECTED', time, { rejectCode: code, rejectReason: reason });

export const triggerOrder = (o: Order, time: number): Order => ({ ...o, triggered: true, updatedAt: time });

/** Resize an open order (a bracket child following its entry's fills); never below what has filled. */
export function resizeOrder(o: Order, quantity: Decimal, time: number): Order {
  if (isTerminal(o.status)) throw new IllegalTransition(o, o.status);
  if (quantity.lt(o.filledQuantity)) throw new RangeError('cannot resize below the filled quantity');
  return { ...o, quantity, updatedAt: time };
}

export function avgPrice(o: Order, scale: number): Decimal | null {
  return o.filledQuantity.isZero() ? null : o.cumQuote.div(o.filledQuantity, scale);
}
