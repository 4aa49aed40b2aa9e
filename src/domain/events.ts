import type { Fill } from './fill.js';
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
  | { readonly type: 'PositionChanged'; readonly time: number; readonly position: Position };

export type DomainEventType = DomainEvent['type'];
