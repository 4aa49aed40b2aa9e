import { Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import { clientOrderId, fillId, positionId, type OrderId } from '../domain/ids.js';
import { feeFor, priceScale, qtyScale } from '../domain/instrument.js';
import { applyOrderFill, cancelOrder, expireOrder, isTerminal, rejectOrder, resizeOrder, triggerOrder, type Order } from '../domain/order.js';
import { applyFill, type Position, type PositionKey } from '../domain/position.js';
import type { VenueAction } from '../domain/venue-action.js';
import { bracketExits } from './new-order.js';
import type { PerpWatch } from './perp-book.js';
import { liquidationFill } from './liquidation.js';
import { positionKey } from './engine-keys.js';
import { EngineState } from './engine-state.js';

/**
 * How a unit of work books what a venue did — rests, triggers, fills (the order, the fill, the
 * position, a bracket's exits, one-cancels-other), cancels, expiries, refusals — and a
 * liquidation. One booking for every venue: simulated, replayed, backtested and live.
 */
export abstract class EngineBooking extends EngineState {
  /** Closes a position as the venue would: its orders canceled, one fill at the liquidation price, the rest of the margin as the fee. */
  protected liquidate(w: PerpWatch): void {
    const uow = this.uow!;
    const p = w.position;
    const time = this.deps.clock.now();
    for (const o of this.liveOrders((o) => o.mode === p.mode && o.exchange === p.exchange && o.symbol === p.symbol)) this.cancel(o);
    const plan = liquidationFill(w);
    const order = this.newOrder({ mode: p.mode, exchange: p.exchange, symbol: p.symbol, side: plan.side, type: 'MARKET', quantity: plan.quantity, reduceOnly: true, clientOrderId: `liquidation-${p.id}` });
    uow.putOrder(order, { type: 'OrderAccepted', time, order });
    this.fill(order, plan.price, plan.quantity, 'TAKER', time, plan.fee);
    const fill = uow.fills[uow.fills.length - 1]!;
    const closed = uow.positions.get(p.id)!;
    uow.events.push({ type: 'PositionLiquidated', time, order: uow.orders.get(order.id)!, fill, position: closed, liquidationPrice: plan.price, bankruptcyPrice: w.bankruptcy });
  }

  protected apply(actions: readonly VenueAction[]): void {
    const uow = this.uow!;
    const time = this.deps.clock.now();
    // A bracket's exits follow its entry once per report, for all it filled: an entry that fills in
    // several trades at once (a market order through several levels) gets one pair of exits.
    let entries: Map<OrderId, boolean> | null = null; // entry → it had no fill before this report
    for (const a of actions) {
      const order = this.order(a.orderId);
      if (isTerminal(order.status)) continue;
      switch (a.kind) {
        case 'rest':
          break;
        case 'trigger': {
          const o = triggerOrder(order, time);
          uow.putOrder(o, { type: 'OrderTriggered', time, order: o });
          break;
        }
        case 'fill':
          if (order.bracket && order.parentId === null && !entries?.has(order.id)) (entries ??= new Map()).set(order.id, order.filledQuantity.isZero());
          this.fill(order, a.price, a.quantity, a.liquidity, time, a.fee);
          break;
        case 'canceled': {
          const o = cancelOrder(order, time);
          uow.putOrder(o, { type: 'OrderCanceled', time, order: o });
          break;
        }
        case 'expire': {
          const o = expireOrder(order, time, a.reason);
          uow.putOrder(o, { type: 'OrderExpired', time, order: o });
          break;
        }
        case 'reject': {
          const o = rejectOrder(order, time, a.code, a.reason);
          uow.putOrder(o, { type: 'OrderRejected', time, order: o });
          break;
        }
      }
    }
    if (entries !== null) for (const [id, first] of entries) this.syncBracket(uow.orders.get(id)!, first, time);
  }

  protected fill(order: Order, price: Decimal, quantity: Decimal, liquidity: 'MAKER' | 'TAKER', time: number, charged?: Decimal): void {
    const uow = this.uow!;
    const inst = this.instrument(order.exchange, order.symbol);
    const filled = applyOrderFill(order, price, quantity, time);
    const fee = charged ?? feeFor(inst, price, quantity, liquidity);
    const key: PositionKey = { mode: order.mode, exchange: order.exchange, symbol: order.symbol };
    const update = applyFill(
      this.openPosition(key),
      key,
      { side: order.side, price, quantity, fee, time },
      priceScale(inst) + qtyScale(inst),
      () => positionId(String(++this.ids.position)),
    );
    const fill: Fill = {
      id: fillId(String(++this.ids.fill)),
      orderId: order.id,
      ...key,
      side: order.side,
      price,
      quantity,
      fee,
      feeAsset: inst.quote,
      liquidity,
      realizedPnl: update.realizedPnl,
      positionId: (update.closed ?? update.open)!.id,
      time,
    };
    uow.fills.push(fill);
    uow.putOrder(filled, { type: 'OrderFilled', time, order: filled, fill });
    uow.putPosition(positionKey(key), [update.closed, update.open].filter((p): p is Position => p !== null), update.open, time);

    if (filled.parentId !== null) {
      // One cancels the other: an exit that executes takes its sibling with it.
      for (const o of this.liveOrders((o) => o.parentId === filled.parentId && o.id !== filled.id)) this.cancel(o);
    }
    if (update.open === null) {
      // Flat: reduce-only orders (attached exits included) have nothing left to reduce.
      for (const o of this.liveOrders((o) => o.reduceOnly && o.id !== filled.id && o.symbol === key.symbol && o.exchange === key.exchange && o.mode === key.mode)) {
        this.cancel(o);
      }
    }
  }

  /**
   * Create the entry's take-profit / stop-loss on its first fill; grow them with later fills. A
   * simulated venue resizes an exit in place; on an exchange the exit is replaced: the old one is
   * canceled there and a new one, for all the entry filled, sent under a client id of its own.
   */
  protected syncBracket(entry: Order, firstFill: boolean, time: number): void {
    const venue = this.venue(entry.mode, entry.exchange);
    if (!firstFill) {
      if (venue.requestCancel) {
        // The newest exit of each kind is the one in force; an older one is being canceled already
        // (the exchange has not confirmed yet) and is not replaced again.
        const newest = new Map<string, Order>();
        for (const o of this.liveOrders((x) => x.parentId === entry.id)) {
          const seen = newest.get(o.type);
          if (!seen || Number(o.id) > Number(seen.id)) newest.set(o.type, o);
        }
        for (const child of newest.values()) {
          if (!child.quantity.lt(entry.filledQuantity)) continue;
          venue.requestCancel(child);
          const replacement = this.newOrder(
            { mode: child.mode, exchange: child.exchange, symbol: child.symbol, side: child.side, type: child.type, quantity: entry.filledQuantity, stopPrice: child.stopPrice, reduceOnly: true, clientOrderId: this.unusedClientId(child) },
            entry.id,
          );
          this.uow!.putOrder(replacement, { type: 'OrderAccepted', time, order: replacement });
          this.apply(venue.submit(replacement));
        }
        return;
      }
      for (const child of this.liveOrders((o) => o.parentId === entry.id && o.quantity.lt(entry.filledQuantity))) {
        const resized = resizeOrder(child, entry.filledQuantity, time);
        venue.cancel(child);
        this.uow!.putOrder(resized, { type: 'OrderUpdated', time, order: resized });
        this.apply(venue.submit(resized));
      }
      return;
    }
    // Nothing left to protect (the entry brought the position to flat): no exits.
    if (this.openPosition(entry) === null) return;
    for (const exit of bracketExits(entry)) {
      const child = this.newOrder(exit, entry.id);
      this.uow!.putOrder(child, { type: 'OrderAccepted', time, order: child });
      this.apply(venue.submit(child));
    }
  }

  /**
   * The client id of an exit that replaces `child`: the next after it that no order of the venue
   * holds yet (a replacement the exchange refused, or one the trader canceled, keeps its id).
   */
  private unusedClientId(child: Order): string {
    let id = nextClientId(child.clientOrderId);
    while ((this.group?.byClientId(child.mode, child.exchange, id) ?? this.deps.store.findOrderByClientId(child.mode, child.exchange, clientOrderId(id))) !== null) {
      id = nextClientId(id);
    }
    return id;
  }

  /**
   * An order the engine itself ends (a bracket's other exit, a reduce-only order once flat, a
   * liquidated position's): a simulated venue's here and now; a remote venue's is asked of the
   * exchange, and booked CANCELED when the exchange reports it (it stays open here meanwhile, as
   * it is there).
   */
  protected cancel(order: Order): void {
    const venue = this.venue(order.mode, order.exchange);
    if (venue.requestCancel) venue.requestCancel(order);
    else this.bookCancel(order);
  }

  /** The order is canceled where it rested: it is dropped from its venue and booked CANCELED. */
  protected bookCancel(order: Order): void {
    const time = this.deps.clock.now();
    this.venue(order.mode, order.exchange).cancel(order);
    const canceled = cancelOrder(order, time);
    this.uow!.putOrder(canceled, { type: 'OrderCanceled', time, order: canceled });
  }
}

/** The client id of an exit that replaces another: `…-tp` → `…-tp_2` → `…-tp_3` (the characters every venue takes). */
export function nextClientId(id: string): string {
  const m = /^(.*)_(\d+)$/.exec(id);
  return m ? `${m[1]}_${Number(m[2]) + 1}` : `${id}_2`;
}
