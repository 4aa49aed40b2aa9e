import type { Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import type { Side, TradingMode } from '../domain/ids.js';
import type { Order, OrderType, TimeInForce } from '../domain/order.js';

export interface SubmitOrder {
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: Decimal;
  readonly price?: Decimal | null;
  readonly stopPrice?: Decimal | null;
  readonly timeInForce?: TimeInForce | null;
  readonly clientOrderId?: string | null;
  readonly reduceOnly?: boolean;
  readonly takeProfit?: Decimal | null;
  readonly stopLoss?: Decimal | null;
}

export interface ClosePosition {
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly quantity?: Decimal | null;
}

export interface OrderResult {
  readonly order: Order;
  readonly fills: readonly Fill[];
}

export interface CloseResult extends OrderResult {
  readonly realizedPnl: Decimal;
}
