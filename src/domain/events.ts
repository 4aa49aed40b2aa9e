import type { Decimal } from './decimal.js';
import type { Fill } from './fill.js';
import type { FundingPayment } from './funding.js';
import type { Order } from './order.js';
import type { Position } from './position.js';

/** What the engine tells the world, each written to the database before anyone hears of it. */
export type DomainEvent =
  | { readonly type: 'OrderAccepted'; readonly time: number; readonly order: Order }
  | { readonly type: 'OrderRejected'; readonly time: number; readonly order: Order }
  | { readonly type: 'OrderTriggered'; readonly time: number; readonly order: Order }
  | { readonly type: 'OrderFilled'; readonly time: number; readonly order: Order; readonly fill: Fill }
  | { readonly type: 'OrderCanceled'; readonly time: number; readonly order: Order }
  | { readonly type: 'OrderExpired'; readonly time: number; readonly order: Order }
  | { readonly type: 'OrderUpdated'; readonly time: number; readonly order: Order }
  | { readonly type: 'PositionChanged'; readonly time: number; readonly position: Position }
  /**
   * A simulated account's position closed by the engine because the mark crossed its liquidation
   * price: `order` and `fill` are the closing order (reduce-only MARKET) and its fill at the
   * liquidation price, whose fee is the liquidation fee (the margin left down to `bankruptcyPrice`).
   */
  /** An open perpetual's margin ratio reached the warning level (80 %) at `mark`: once a position. */
  | { readonly type: 'MarginWarning'; readonly time: number; readonly position: Position; readonly mark: Decimal; readonly marginRatio: Decimal | null }
  /** A funding payment booked on an open perpetual position (amount > 0 received, < 0 paid). */
  | { readonly type: 'FundingPaid'; readonly time: number; readonly payment: FundingPayment }
  | {
      readonly type: 'PositionLiquidated';
      readonly time: number;
      readonly order: Order;
      readonly fill: Fill;
      readonly position: Position;
      readonly liquidationPrice: Decimal;
      readonly bankruptcyPrice: Decimal | null;
    };

export type DomainEventType = DomainEvent['type'];
