import type { Decimal } from './decimal.js';
import type { FillId, OrderId, PositionId, Side, TradingMode } from './ids.js';

export type Liquidity = 'MAKER' | 'TAKER';

/** One execution of one order. Fees are charged per fill in the quote asset. */
export interface Fill {
  readonly id: FillId;
  readonly orderId: OrderId;
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly fee: Decimal;
  readonly feeAsset: string;
  readonly liquidity: Liquidity;
  readonly realizedPnl: Decimal;
  readonly positionId: PositionId;
  readonly time: number;
}
