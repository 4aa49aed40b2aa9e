import { Decimal } from '../domain/decimal.js';
import { clientOrderId, type OrderId, type TradingMode } from '../domain/ids.js';
import { isTerminal, type Order } from '../domain/order.js';
import { Rejection } from '../domain/rejection.js';
import type { VenueAction } from '../domain/venue-action.js';
import type { MarketTick } from '../sim/market/market-types.js';
import { markOf } from '../sim/market/mark-price.js';
import type { ClosePosition, CloseResult, OrderResult, SubmitOrder } from './commands.js';
import { sameOrder, validateOrder } from './order-validation.js';
import { requireMargin } from './margin-check.js';
import { UnitOfWork } from './unit-of-work.js';
import { fundingPayments } from './funding-clock.js';
import { markKey, positionKey } from './engine-keys.js';
import { EngineBooking } from './engine-booking.js';
import type { EngineDeps, EngineListener } from './engine-deps.js';

export type { EngineDeps, EngineListener } from './engine-deps.js';
export { positionKey };

/**
 * The one engine: orders in, fills and positions out, the same code in every environment. Each
 * command runs as one unit of work that is committed to the ledger before its events are published
 * and before the in-memory state (a projection of the ledger, rebuilt at start-up) moves.
 * Here: the commands and the unit of work; the state and its reads are EngineState
 * (engine-state.ts), the booking of what venues do is EngineBooking (engine-booking.ts).
 */
export class ExecutionEngine extends EngineBooking {
  private readonly listeners = new Set<EngineListener>();
  private readonly applyActions = (actions: VenueAction[]): void => this.apply(actions);
  private spare: UnitOfWork | null = null;

  constructor(deps: EngineDeps) {
    super(deps);
    this.reload();
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  submitOrder(cmd: SubmitOrder): OrderResult {
    const venue = this.venue(cmd.mode, cmd.exchange);
    const inst = this.instrument(cmd.exchange, cmd.symbol);
    if (cmd.clientOrderId) {
      const existing =
        this.group?.byClientId(cmd.mode, cmd.exchange, cmd.clientOrderId) ??
        this.deps.store.findOrderByClientId(cmd.mode, cmd.exchange, clientOrderId(cmd.clientOrderId));
      if (existing) {
        if (!sameOrder(existing, cmd)) {
          throw new Rejection('DUPLICATE_CLIENT_ORDER_ID', `client_order_id ${cmd.clientOrderId} was already used for a different order`, {
            order_id: existing.id,
          });
        }
        return this.refuseRejected({ order: existing, fills: this.fillsOf(existing.id) });
      }
    }
    const position = this.openPosition(cmd)?.quantity ?? Decimal.ZERO;
    const mark = this.mark(cmd.exchange, cmd.symbol);
    validateOrder(cmd, inst, mark, position);
    const account = this.accountView(cmd.mode);
    const leverage = this.leverageOf(cmd.mode, cmd.exchange, cmd.symbol);
    if (leverage) requireMargin(cmd, inst, position, cmd.price ?? cmd.stopPrice ?? this.touch(cmd), leverage, this.marginAccount(cmd.mode, account.equity));
    this.deps.risk?.check(
      cmd.mode,
      {
        symbol: cmd.symbol,
        side: cmd.side,
        quantity: cmd.quantity,
        price: cmd.price ?? cmd.stopPrice ?? mark ?? Decimal.ZERO,
        reduceOnly: cmd.reduceOnly ?? false,
      },
      account,
      `${cmd.exchange}|${cmd.symbol}`,
    );
    const result = this.work((uow) => {
      const order = this.newOrder(cmd);
      uow.putOrder(order, { type: 'OrderAccepted', time: order.createdAt, order });
      this.apply(venue.submit(order));
      return order.id;
    });
    return this.refuseRejected(result);
  }

  /**
   * Cancels an order of a simulated venue (here is where it rests). An order on a remote venue
   * rests on the exchange: it is canceled with cancelOrderRemote, never here alone.
   */
  cancelOrder(exchange: string, symbol: string, id: OrderId): Order {
    const order = this.cancelable(exchange, symbol, id);
    if (this.venue(order.mode, order.exchange).cancelRemote) {
      throw new Error(`order ${id} rests on ${exchange}: cancelOrderRemote cancels it there first`);
    }
    return this.cancelHere(order);
  }

  private cancelable(exchange: string, symbol: string, id: OrderId): Order {
    const order = this.openOrders.get(id) ?? this.recentOrder(id) ?? this.deps.store.findOrder(id);
    if (!order || order.exchange !== exchange || order.symbol !== symbol) {
      throw new Rejection('ORDER_NOT_FOUND', `no order ${id} for ${symbol} on ${exchange}`);
    }
    if (isTerminal(order.status)) {
      throw new Rejection('ORDER_NOT_OPEN', `order ${id} is already ${order.status}`, { status: order.status });
    }
    return order;
  }

  private cancelHere(order: Order): Order {
    return this.work(() => {
      this.bookCancel(order);
      return order.id;
    }).order;
  }

  closePosition(cmd: ClosePosition): CloseResult {
    const pos = this.openPosition(cmd);
    if (!pos) throw new Rejection('NO_OPEN_POSITION', `no open ${cmd.symbol} position on ${cmd.exchange} in ${cmd.mode}`);
    const size = pos.quantity.abs();
    const quantity = cmd.quantity ?? size;
    if (quantity.gt(size)) {
      throw new Rejection('INVALID_QUANTITY', `quantity ${quantity.toString()} is more than the position ${size.toString()}`, {
        field: 'quantity',
      });
    }
    const result = this.submitOrder({
      mode: cmd.mode,
      exchange: cmd.exchange,
      symbol: cmd.symbol,
      side: pos.quantity.sign() > 0 ? 'SELL' : 'BUY',
      type: 'MARKET',
      quantity,
      reduceOnly: true,
    });
    const realizedPnl = result.fills.reduce((sum, f) => sum.add(f.realizedPnl), Decimal.ZERO);
    return { ...result, realizedPnl };
  }

  /** What a remote venue reports later (its answer, fills, cancels), applied as its own unit of work. */
  protected external(actions: VenueAction[]): void {
    this.work(() => {
      this.apply(actions);
      return null;
    });
  }

  /**
   * Waits until a remote venue has answered for an order (immediately for a simulated one); a
   * refusal by the exchange is then the same Rejection a simulated venue's would be.
   */
  async settle(result: OrderResult): Promise<OrderResult> {
    const venue = this.venues.get(`${result.order.mode}|${result.order.exchange}`);
    if (!venue?.settle) return result;
    await venue.settle(result.order);
    const order = this.openOrders.get(result.order.id) ?? this.recentOrder(result.order.id) ?? this.deps.store.findOrder(result.order.id) ?? result.order;
    return this.refuseRejected({ order, fills: this.fillsOf(order.id) });
  }

  /** Cancels on a remote venue first (its refusal is thrown), then here; a simulated one directly. */
  async cancelOrderRemote(exchange: string, symbol: string, id: OrderId): Promise<Order> {
    const order = this.openOrders.get(id);
    const venue = order ? this.venues.get(`${order.mode}|${order.exchange}`) : undefined;
    if (order && venue?.cancelRemote && order.exchange === exchange && order.symbol === symbol) {
      // Returns once the exchange has reported the order ended (throws while it still lists it open).
      await venue.cancelRemote(order);
      const done = this.recentOrder(id) ?? (this.openOrders.has(id) ? null : this.deps.store.findOrder(id));
      if (done?.status === 'CANCELED') return done;
      // Ended otherwise (it filled first: ORDER_NOT_OPEN with its status), or, open here while the
      // venue no longer follows it (final there already, its report lost), canceled here.
      return this.cancelHere(this.cancelable(exchange, symbol, id));
    }
    return this.cancelOrder(exchange, symbol, id);
  }

  /**
   * Cancels orders where they rest, all at once: a remote venue's on the exchange first
   * (cancelOrderRemote), a simulated one's here. An order that became final meanwhile (it filled
   * while its cancel was on the way) is in neither list; one the exchange refused, or could not be
   * reached for, stays open here as it is there, and is returned with the refusal.
   */
  async cancelOrders(orders: readonly Order[], deadlineMs?: number): Promise<{ canceled: Order[]; failed: { order: Order; error: Rejection }[] }> {
    const cancels = orders.map((o) => {
      const cancel = this.cancelOrderRemote(o.exchange, o.symbol, o.id);
      if (deadlineMs === undefined) return cancel;
      // Past the deadline the cancel goes on (its answer is booked when it comes); the caller does not wait.
      cancel.catch(() => {});
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Rejection('EXCHANGE_CANCEL_PENDING', `${o.exchange} did not confirm the cancel of order ${o.clientOrderId} within ${deadlineMs} ms; it is still being canceled`, { client_order_id: o.clientOrderId })),
          deadlineMs,
        );
      });
      return Promise.race([cancel, late]).finally(() => clearTimeout(timer));
    });
    const results = await Promise.allSettled(cancels);
    const canceled: Order[] = [];
    const failed: { order: Order; error: Rejection }[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') canceled.push(r.value);
      else if (!(r.reason instanceof Rejection && r.reason.code === 'ORDER_NOT_OPEN')) {
        failed.push({ order: orders[i]!, error: r.reason instanceof Rejection ? r.reason : new Rejection('EXCHANGE_ERROR', String(r.reason)) });
      }
    });
    return { canceled, failed };
  }

  /** A market update from a feed: marks move, and a simulated venue matches against it. */
  onTick(exchange: string, tick: MarketTick): void {
    const key = markKey(exchange, tick.symbol);
    this.marks.set(key, tick.last);
    this.lastTicks.set(key, tick);
    let venues = this.tickVenues.get(exchange);
    if (venues === undefined) {
      venues = [...this.venues.entries()].filter(([k, v]) => k.endsWith(`|${exchange}`) && v.onTick).map(([, v]) => v);
      this.tickVenues.set(exchange, venues);
    }
    if (venues.length !== 0) {
      const matching = venues;
      this.work(() => {
        for (const venue of matching) venue.onTick!(tick, this.applyActions);
        return null;
      });
    }
    if (this.funding !== null && tick.time >= this.funding.next) this.settleFunding(tick.time);
    // After the venue: a stop that the same tick reached closes the position first.
    if (this.perps !== null && this.perps.size !== 0) this.liquidations(exchange, tick);
  }

  /**
   * Books every funding time up to `time` on the open perpetual positions, at `markOf` (default the
   * engine's marks), one unit of work each; a backtest calls it at each bar's open with that price.
   */
  settleFunding(time: number, markOf: (exchange: string, symbol: string) => Decimal | null = (e, s) => this.mark(e, s)): void {
    const clock = this.funding;
    if (clock === null) return;
    clock.settle(time, (at) =>
      this.work((uow) => {
        for (const f of fundingPayments(at, this.openPositions.values(), clock.source, this.deps.instrument, markOf)) uow.putFunding(f);
        return null;
      }),
    );
  }

  /** Each position whose liquidation price the tick's mark price (`markOf`: the venue's, else mid, else last) crossed, closed in a unit of work of its own. */
  private liquidations(exchange: string, tick: MarketTick): void {
    if (!this.perps!.watching(tick.symbol)) return;
    const mark = markOf(tick);
    for (let w = this.perps!.hit(exchange, tick.symbol, mark); w !== null; w = this.perps!.hit(exchange, tick.symbol, mark)) {
      const watch = w;
      const liquidates = this.perps!.liquidates(w, mark);
      if (!liquidates) this.perps!.markWarned(w);
      this.work((uow) => {
        if (liquidates) this.liquidate(watch);
        else uow.events.push({ type: 'MarginWarning', time: this.deps.clock.now(), position: watch.position, mark, marginRatio: this.perps!.figures(watch.position)?.marginRatio ?? null });
        return null;
      });
    }
  }

  /**
   * Kill switch: cancel every open order of the mode where it rests (on the exchange in live
   * trading; see cancelOrders), then close every position at market. A cancel not confirmed within
   * `cancelDeadlineMs` is answered in `failed` (EXCHANGE_CANCEL_PENDING) and goes on.
   */
  async flattenAll(mode: TradingMode, cancelDeadlineMs = 2_500): Promise<{ canceled: Order[]; failed: { order: Order; error: Rejection }[]; closed: CloseResult[] }> {
    // The positions are closed after the cancels, but never later than the deadline: a slow or
    // unreachable exchange must not hold every close of the kill switch (its cancels go on).
    const { canceled, failed } = await this.cancelOrders(
      this.openOrderList().filter((o) => o.mode === mode),
      cancelDeadlineMs,
    );
    const closed = this.positions(mode).map((p) => this.closePosition({ mode, exchange: p.exchange, symbol: p.symbol }));
    return { canceled, failed, closed };
  }

  // --- one unit of work -------------------------------------------------------------------------

  private work(body: (uow: UnitOfWork) => OrderId): OrderResult;

  private work(body: (uow: UnitOfWork) => null): null;

  private work(body: (uow: UnitOfWork) => OrderId | null): OrderResult | null {
    if (this.uow) throw new Error('engine re-entered during a unit of work');
    // A unit in which nothing happened (most market ticks) is used again: no allocation per tick.
    const uow = this.spare ?? new UnitOfWork();
    this.spare = null;
    this.uow = uow;
    let id: OrderId | null;
    try {
      id = body(uow);
      if (!uow.empty && !this.group) this.deps.store.commit([uow.batch()]);
    } catch (err) {
      // Nothing of this unit was committed: the venue may hold orders the ledger does not; put it back.
      this.uow = null;
      this.restoreVenues();
      throw err;
    }
    this.uow = null;
    if (id === null && uow.untouched()) {
      this.spare = uow;
      return null;
    }
    this.merge(uow);
    if (!uow.empty) {
      if (this.group) this.group.enqueue(uow);
      else this.publish(uow);
    }
    if (id === null) return null;
    return { order: uow.orders.get(id)!, fills: uow.fills.filter((f) => f.orderId === id) };
  }

  private merge(uow: UnitOfWork): void {
    for (const o of uow.orders.values()) {
      if (isTerminal(o.status)) this.openOrders.delete(o.id);
      else this.openOrders.set(o.id, o);
    }
    for (const [key, p] of uow.open) {
      if (p) this.openPositions.set(key, p);
      else this.openPositions.delete(key);
    }
    for (const f of uow.fills) {
      const t = this.totals.get(f.mode) ?? { realized: Decimal.ZERO, fees: Decimal.ZERO, funding: Decimal.ZERO };
      this.totals.set(f.mode, { realized: t.realized.add(f.realizedPnl), fees: t.fees.add(f.fee), funding: t.funding });
    }
    for (const f of uow.funding) {
      const t = this.totals.get(f.mode) ?? { realized: Decimal.ZERO, fees: Decimal.ZERO, funding: Decimal.ZERO };
      this.totals.set(f.mode, { ...t, funding: t.funding.add(f.amount) });
    }
    // The wallet moved (a fill, a funding payment) or a position changed: the liquidation prices follow.
    if (this.perps !== null && (uow.open.size !== 0 || uow.fills.length !== 0 || uow.funding.length !== 0)) this.perps.invalidate();
  }

  protected publish(uow: UnitOfWork): void {
    for (const e of uow.events) {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // A subscriber's failure is its own; the ledger already holds the event.
        }
      }
    }
  }

  /** (Re)build the in-memory projection from the ledger. */
  protected reload(): void {
    this.openOrders.clear();
    this.openPositions.clear();
    this.group?.clear();
    this.totals.clear();
    for (const t of this.deps.store.ledgerTotals()) this.totals.set(t.mode, { realized: t.realized, fees: t.fees, funding: t.funding ?? Decimal.ZERO });
    Object.assign(this.ids, this.deps.store.lastIds());
    for (const o of this.deps.store.loadOpenOrders()) this.openOrders.set(o.id, o);
    for (const p of this.deps.store.loadOpenPositions()) this.openPositions.set(positionKey(p), p);
    this.perps?.invalidate();
    this.restoreVenues();
  }
}
