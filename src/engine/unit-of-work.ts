import type { DomainEvent } from '../domain/events.js';
import type { Fill } from '../domain/fill.js';
import type { FundingPayment } from '../domain/funding.js';
import type { OrderId, PositionId } from '../domain/ids.js';
import type { Order } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { CommitBatch } from './ports.js';

/**
 * What one command or market update changes, held aside until it is committed: the engine reads
 * through it, and only after the store has made it durable does it become the engine's state.
 */
export class UnitOfWork {
  readonly orders = new Map<OrderId, Order>();
  readonly positions = new Map<PositionId, Position>();
  /** Position key → the open position after this unit (null: flat). */
  readonly open = new Map<string, Position | null>();
  readonly fills: Fill[] = [];
  readonly events: DomainEvent[] = [];
  readonly funding: FundingPayment[] = [];

  get empty(): boolean {
    return this.events.length === 0;
  }

  /** Nothing at all was put in it: it can serve as the next unit. */
  untouched(): boolean {
    return this.events.length === 0 && this.orders.size === 0 && this.positions.size === 0 && this.open.size === 0 && this.fills.length === 0 && this.funding.length === 0;
  }

  putOrder(order: Order, event: DomainEvent | null): void {
    this.orders.set(order.id, order);
    if (event) this.events.push(event);
  }

  putPosition(key: string, changed: readonly Position[], open: Position | null, time: number): void {
    for (const p of changed) {
      this.positions.set(p.id, p);
      this.events.push({ type: 'PositionChanged', time, position: p });
    }
    this.open.set(key, open);
  }

  putFunding(payment: FundingPayment): void {
    this.funding.push(payment);
    this.events.push({ type: 'FundingPaid', time: payment.time, payment });
  }

  batch(): CommitBatch {
    return {
      events: this.events,
      orders: [...this.orders.values()],
      fills: this.fills,
      positions: [...this.positions.values()],
      funding: this.funding,
    };
  }
}
