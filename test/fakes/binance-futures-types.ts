import type { Decimal } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/ids.js';
import type { SymbolSpec } from './binance-format.js';

/** The fake's USD-M records: an order of the matching engine, an algo (conditional) order, a fill. */
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface FutOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly spec: SymbolSpec;
  readonly side: Side;
  readonly type: string;
  readonly origType: string;
  readonly price: Decimal;
  readonly origQty: Decimal;
  readonly stopPrice: Decimal;
  readonly timeInForce: string;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly workingType: string;
  readonly priceProtect: boolean;
  readonly time: number;
  /** The algo order this order was placed for when it triggered, or null. */
  readonly algoId: number | null;
  executedQty: Decimal;
  cumQuote: Decimal;
  status: OrderStatus;
  updateTime: number;
}

export type AlgoStatus = 'NEW' | 'CANCELED' | 'TRIGGERING' | 'TRIGGERED' | 'FINISHED' | 'REJECTED' | 'EXPIRED';

export interface AlgoOrder {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly spec: SymbolSpec;
  readonly orderType: string;
  readonly side: Side;
  readonly timeInForce: string;
  readonly quantity: Decimal;
  readonly triggerPrice: Decimal;
  readonly price: Decimal;
  readonly workingType: 'CONTRACT_PRICE' | 'MARK_PRICE';
  readonly closePosition: boolean;
  readonly priceProtect: boolean;
  readonly reduceOnly: boolean;
  readonly callbackRate: Decimal | null;
  readonly activatePrice: Decimal | null;
  readonly createTime: number;
  algoStatus: AlgoStatus;
  updateTime: number;
  triggerTime: number;
  actualOrderId: number | null;
  actualPrice: Decimal | null;
  rejectReason: string;
  /** Trailing stops: whether the activation price was reached, and the best price since. */
  activated: boolean;
  extreme: Decimal | null;
}

export interface UserTrade {
  readonly id: number;
  readonly orderId: number;
  readonly spec: SymbolSpec;
  readonly side: Side;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly fee: Decimal;
  readonly realized: Decimal;
  readonly maker: boolean;
  readonly time: number;
}
