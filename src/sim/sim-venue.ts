import { Decimal } from '../domain/decimal.js';
import type { OrderId, Side } from '../domain/ids.js';
import type { Instrument } from '../domain/instrument.js';
import { remainingOf, type Order } from '../domain/order.js';
import type { VenueAction } from '../domain/venue-action.js';
import type { BookLevel, MarketTick } from './market/market-types.js';
import { crosses, fillsOnTrade, slippageLimit, triggers, walkDepth, type DepthLevel, type FillModel } from './matching-core.js';
import { OrderBook } from './order-book.js';

export interface SimVenueOptions {
  /** How resting limit orders fill against market trades (see FillModel). */
  readonly fillModel: FillModel;
  /** A market order never fills further than this many basis points beyond the touch. */
  readonly slippageCapBps: number;
}

export const DEFAULT_SIM_VENUE_OPTIONS: SimVenueOptions = { fillModel: 'through', slippageCapBps: 50 };

/** Receives the actions of one order at a time, so the engine's state is current for the next. */
export type ActionSink = (actions: VenueAction[]) => void;

interface SymbolState {
  readonly inst: Instrument;
  readonly book: OrderBook;
  readonly resting: Map<OrderId, Order>;
  readonly stops: Map<OrderId, Order>;
  /** The market's depth in ticks and lots, built from the last tick's levels when first needed. */
  bids: DepthLevel[] | null;
  asks: DepthLevel[] | null;
  /** The last tick, whose levels are read only when needed. */
  tick: MarketTick | null;
  last: number | null;
}

/**
 * The simulated exchange: user limit orders rest in a price-time book and fill when the market
 * trades through them; market orders and triggered stops walk the market's depth with a slippage
 * cap. `positionOf` tells the signed position an order would reduce, for reduce-only orders.
 */
export class SimVenue {
  private readonly symbols = new Map<string, SymbolState>();

  constructor(
    instruments: readonly Instrument[],
    private readonly positionOf: (order: Order) => Decimal,
    private readonly options: SimVenueOptions = DEFAULT_SIM_VENUE_OPTIONS,
  ) {
    for (const inst of instruments) {
      this.symbols.set(inst.symbol, { inst, book: new OrderBook(), resting: new Map(), stops: new Map(), bids: null, asks: null, tick: null, last: null });
    }
  }

  submit(order: Order): VenueAction[] {
    const s = this.state(order.symbol);
    if (order.type === 'STOP_MARKET' || order.type === 'TAKE_PROFIT_MARKET') {
      const stop = this.ticks(s, order.stopPrice!);
      if (s.last !== null && triggers(order.type, order.side, stop, s.last)) {
        // A bracket child may be born past its trigger (the market moved during the entry): fire it.
        if (order.parentId !== null) return [{ kind: 'trigger', orderId: order.id }, ...this.takeMarket(s, order)];
        return [reject(order, 'ORDER_WOULD_IMMEDIATELY_TRIGGER', 'the stop price would trigger immediately')];
      }
      s.stops.set(order.id, order);
      return [{ kind: 'rest', orderId: order.id }];
    }
    if (order.type === 'MARKET') return this.takeMarket(s, order);
    return this.placeLimit(s, order);
  }

  cancel(order: Order): boolean {
    const s = this.state(order.symbol);
    s.resting.delete(order.id);
    return s.stops.delete(order.id) || s.book.cancel(order.id);
  }

  /** Put the engine's open orders back (start-up, or after a failed commit). */
  restore(open: readonly Order[]): void {
    for (const s of this.symbols.values()) {
      s.book.clear();
      s.resting.clear();
      s.stops.clear();
    }
    for (const o of open) {
      const s = this.symbols.get(o.symbol);
      if (!s) continue;
      if (o.type === 'LIMIT') this.rest(s, o);
      else if (o.type === 'STOP_MARKET' || o.type === 'TAKE_PROFIT_MARKET') {
        if (o.triggered) continue;
        s.stops.set(o.id, o);
      }
    }
  }

  /** A market update: resting orders the trade went through fill, stops at the last price trigger. */
  onTick(tick: MarketTick, sink: ActionSink): void {
    const s = this.symbols.get(tick.symbol);
    if (!s) return;
    // Most ticks meet no order that takes liquidity: the depth is converted only when one does.
    s.tick = tick;
    s.bids = null;
    s.asks = null;
    const last = this.ticks(s, tick.last);
    s.last = last;
    if (!tick.tradeQuantity.isZero() && s.book.size > 0) {
      const lots = Number(tick.tradeQuantity.toUnits(s.inst.stepSize));
      for (const m of fillsOnTrade(s.book, last, lots, this.options.fillModel)) {
        const order = s.resting.get(m.makerId as OrderId);
        if (!order) continue;
        if (m.makerDone) s.resting.delete(order.id);
        sink([this.fill(s, order.id, m.price, m.quantity, 'MAKER')]);
      }
    }
    if (s.stops.size === 0) return;
    for (const order of [...s.stops.values()]) {
      if (!s.stops.has(order.id) || !triggers(order.type, order.side, this.ticks(s, order.stopPrice!), last)) continue;
      s.stops.delete(order.id);
      sink([{ kind: 'trigger', orderId: order.id }, ...this.takeMarket(s, order)]);
    }
  }

  /** Last traded price, or null before the first tick. */
  lastPrice(symbol: string): Decimal | null {
    const s = this.symbols.get(symbol);
    return s?.last == null ? null : this.price(s, s.last);
  }

  private placeLimit(s: SymbolState, order: Order): VenueAction[] {
    const limit = this.ticks(s, order.price!);
    const bestBid = this.levels(s, 'BUY')[0]?.price ?? null;
    const bestAsk = this.levels(s, 'SELL')[0]?.price ?? null;
    const taking = crosses(order.side, limit, bestBid, bestAsk);
    if (taking && order.timeInForce === 'GTX') {
      return [{ kind: 'expire', orderId: order.id, reason: 'post-only order would take liquidity' }];
    }
    const actions: VenueAction[] = [];
    let lots = this.allowedLots(s, order);
    if (lots === 0) return [{ kind: 'expire', orderId: order.id, reason: 'reduce-only order would not reduce the position' }];
    if (taking) {
      const { fills, remaining } = walkDepth(this.levels(s, order.side === 'BUY' ? 'SELL' : 'BUY'), order.side, lots, limit);
      for (const f of fills) actions.push(this.fill(s, order.id, f.price, f.quantity, 'TAKER'));
      lots = remaining;
    }
    if (lots === 0) return actions;
    if (order.timeInForce === 'IOC') {
      actions.push({ kind: 'expire', orderId: order.id, reason: 'immediate-or-cancel remainder' });
      return actions;
    }
    this.rest(s, order, lots);
    actions.push({ kind: 'rest', orderId: order.id });
    return actions;
  }

  private takeMarket(s: SymbolState, order: Order): VenueAction[] {
    const levels = this.levels(s, order.side === 'BUY' ? 'SELL' : 'BUY');
    if (levels.length === 0) return [reject(order, 'NO_MARKET_DATA', `no market for ${order.symbol} yet`)];
    const touch = levels.find((l) => l.quantity > 0)?.price;
    if (touch === undefined) {
      // Orders since the last market update took every level: nothing to fill until the book is renewed.
      const side = order.side === 'BUY' ? 'asks' : 'bids';
      return [{ kind: 'expire', orderId: order.id, reason: `no liquidity: the book's ${side} were used up since the last market update` }];
    }
    const lots = this.allowedLots(s, order);
    if (lots === 0) return [{ kind: 'expire', orderId: order.id, reason: 'reduce-only order would not reduce the position' }];
    const limit = slippageLimit(order.side, touch, this.options.slippageCapBps);
    const { fills, remaining } = walkDepth(levels, order.side, lots, limit);
    const actions: VenueAction[] = fills.map((f) => this.fill(s, order.id, f.price, f.quantity, 'TAKER'));
    if (remaining > 0) {
      actions.push({ kind: 'expire', orderId: order.id, reason: 'not enough liquidity within the slippage cap' });
    } else if (lots < this.lots(s, remainingOf(order))) {
      actions.push({ kind: 'expire', orderId: order.id, reason: 'reduce-only: the rest would open a position' });
    }
    return actions;
  }

  private lots(s: SymbolState, qty: Decimal): number {
    return Number(qty.toUnits(s.inst.stepSize));
  }

  private rest(s: SymbolState, order: Order, lots = this.lots(s, remainingOf(order))): void {
    s.book.add(order.id, order.side, this.ticks(s, order.price!), lots);
    s.resting.set(order.id, order);
  }

  /** Lots this order may still fill: its remainder, capped by the position for reduce-only. */
  private allowedLots(s: SymbolState, order: Order): number {
    let qty = remainingOf(order);
    if (order.reduceOnly) {
      const pos = this.positionOf(order);
      const reducible = order.side === 'BUY' ? pos.neg() : pos;
      qty = reducible.sign() > 0 ? qty.min(reducible) : Decimal.ZERO;
    }
    return this.lots(s, qty);
  }

  private fill(s: SymbolState, orderId: OrderId, ticks: number, lots: number, liquidity: 'MAKER' | 'TAKER'): VenueAction {
    return { kind: 'fill', orderId, price: this.price(s, ticks), quantity: this.qty(s, lots), liquidity };
  }

  /** The market's bids (BUY) or asks (SELL), as orders since the last tick left them. */
  private levels(s: SymbolState, side: Side): DepthLevel[] {
    if (side === 'BUY') return (s.bids ??= this.depth(s, s.tick?.bids ?? []));
    return (s.asks ??= this.depth(s, s.tick?.asks ?? []));
  }

  private depth(s: SymbolState, levels: readonly BookLevel[]): DepthLevel[] {
    return levels.map((l) => ({ price: this.ticks(s, l.price), quantity: Number(l.quantity.toUnits(s.inst.stepSize)) }));
  }

  private state(symbol: string): SymbolState {
    const s = this.symbols.get(symbol);
    if (!s) throw new Error(`sim venue does not list ${symbol}`);
    return s;
  }

  private ticks(s: SymbolState, price: Decimal): number {
    return Number(price.toUnits(s.inst.tickSize));
  }
  private price(s: SymbolState, ticks: number): Decimal {
    return Decimal.of(BigInt(ticks) * s.inst.tickSize.raw, s.inst.tickSize.scale);
  }
  private qty(s: SymbolState, lots: number): Decimal {
    return Decimal.of(BigInt(lots) * s.inst.stepSize.raw, s.inst.stepSize.scale);
  }
}

function reject(order: Order, code: string, reason: string): VenueAction {
  return { kind: 'reject', orderId: order.id, code, reason };
}
