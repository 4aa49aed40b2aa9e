import { Decimal } from '../domain/decimal.js';
import type { DomainEvent } from '../domain/events.js';
import type { Fill } from '../domain/fill.js';
import { clientOrderId, fillId, orderId, positionId, type OrderId, type TradingMode } from '../domain/ids.js';
import { feeFor, priceScale, qtyScale, type Instrument } from '../domain/instrument.js';
import {
  applyOrderFill,
  cancelOrder,
  expireOrder,
  isTerminal,
  rejectOrder,
  resizeOrder,
  triggerOrder,
  type Order,
} from '../domain/order.js';
import { applyFill, type Position, type PositionKey } from '../domain/position.js';
import { Rejection } from '../domain/rejection.js';
import type { VenueAction } from '../domain/venue-action.js';
import type { MarketTick } from '../sim/market/market-types.js';
import { markOf } from '../sim/market/mark-price.js';
import type { ClosePosition, CloseResult, OrderResult, SubmitOrder } from './commands.js';
import { sameOrder, validateOrder } from './order-validation.js';
import type { Clock, Defer, ExecutionVenue, LedgerStore, VenueReport } from './ports.js';
import { accountSummary, type AccountSummary } from './account-view.js';
import type { MarginAccount } from '../domain/margin.js';
import { marginAccount, requireMargin } from './margin-check.js';
import type { RiskEngine } from './risk-engine.js';
import { GroupCommit } from './group-commit.js';
import { bracketExits, newOrder } from './new-order.js';
import { UnitOfWork } from './unit-of-work.js';
import { PerpBook, type PerpTermsOf, type PerpWatch } from './perp-book.js';
import { liquidationFill } from './liquidation.js';
import type { FundingSource } from '../domain/funding.js';
import { FundingClock, fundingPayments } from './funding-clock.js';
import { markKey, positionKey, venueKey } from './engine-keys.js';

export interface EngineDeps {
  readonly store: LedgerStore;
  readonly clock: Clock;
  /**
   * The venue orders of a mode go to on an exchange (created once, then kept): the simulated
   * venue for simulation and paper trading, the exchange itself for live. Throws a Rejection for
   * an unknown exchange or a mode that is not available there.
   */
  readonly venueFor: (mode: TradingMode, exchange: string, report: VenueReport) => ExecutionVenue;
  readonly instrument: (exchange: string, symbol: string) => Instrument | null;
  /**
   * Group commit: when set, units of work are applied at once but committed together at the end of
   * the turn (`defer`, e.g. setImmediate); callers acknowledge after `durable()`. When absent, each
   * unit commits before the command returns.
   */
  readonly groupCommit?: Defer;
  /** Pre-trade risk, run on every order a trader sends (not on exits the engine creates). */
  readonly risk?: RiskEngine;
  /** Cash an account starts with, per mode, for equity (default 10,000 USDT). */
  readonly startingBalance?: Decimal;
  /**
   * The account's cash as its venues report it, where they do (live trading: the exchanges'
   * wallets): equity is then that cash + unrealized PnL, for risk and statistics. Null while they
   * have not reported it yet; undefined for a mode whose ledger is the account.
   */
  readonly reportedCash?: (mode: TradingMode) => Decimal | null | undefined;
  /**
   * Leverage a mode trades a symbol at, where the engine keeps the margin (simulated accounts: 1×
   * for spot); null where the venue keeps it (live). Absent: no margin check.
   */
  readonly leverage?: (mode: TradingMode, inst: Instrument) => Decimal | null;
  /**
   * How a mode trades a perpetual where the engine keeps the margin (margin mode, tiers, formula):
   * its positions are liquidated when the mark crosses their liquidation price. Null for spot and
   * live trading; absent: no liquidation.
   */
  readonly perp?: PerpTermsOf;
  /**
   * Funding of the perpetual positions of simulated accounts: at each funding time the source gives, every
   * open one pays or receives notional × rate at its mark, one ledger entry each.
   */
  readonly funding?: FundingSource;
}

export type EngineListener = (event: DomainEvent) => void;

export { positionKey };

/**
 * The one engine: orders in, fills and positions out, the same code in every environment. Each
 * command runs as one unit of work that is committed to the ledger before its events are published
 * and before the in-memory state (a projection of the ledger, rebuilt at start-up) moves.
 */
export class ExecutionEngine {
  private readonly openOrders = new Map<OrderId, Order>();
  private readonly openPositions = new Map<string, Position>();
  private readonly marks = new Map<string, Decimal>();
  private readonly listeners = new Set<EngineListener>();
  private readonly venues = new Map<string, ExecutionVenue>();
  private readonly lastTicks = new Map<string, MarketTick>();
  /** The venues that match an exchange's ticks (kept between ticks; cleared when a venue is added). */
  private readonly tickVenues = new Map<string, ExecutionVenue[]>();
  private readonly applyActions = (actions: VenueAction[]): void => this.apply(actions);
  private readonly ids = { order: 0, fill: 0, position: 0 };
  /** Σ realized PnL, Σ fees and Σ funding per mode, committed and pending, for equity. */
  private readonly totals = new Map<TradingMode, { realized: Decimal; fees: Decimal; funding: Decimal }>();
  private uow: UnitOfWork | null = null;
  private spare: UnitOfWork | null = null;
  private readonly group: GroupCommit | null;
  /** The open perpetual positions' liquidation prices (see PerpBook); null without `EngineDeps.perp`. */
  private readonly perps: PerpBook | null;
  /** When funding falls due (null without `EngineDeps.funding`). */
  private readonly funding: FundingClock | null;

  constructor(private readonly deps: EngineDeps) {
    this.group = deps.groupCommit
      ? new GroupCommit(
          deps.store,
          deps.groupCommit,
          (units) => units.forEach((u) => this.publish(u)),
          () => this.reload(),
        )
      : null;
    this.funding = deps.funding ? new FundingClock(deps.funding) : null;
    this.perps = deps.perp
      ? new PerpBook(deps.perp, {
          wallet: (mode) => this.wallet(mode),
          mark: (exchange, symbol) => this.markPrice(exchange, symbol),
          instrument: (exchange, symbol) => deps.instrument(exchange, symbol),
        }, () => this.openPositions.values())
      : null;
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

  cancelOrder(exchange: string, symbol: string, id: OrderId): Order {
    const order = this.openOrders.get(id) ?? this.recentOrder(id) ?? this.deps.store.findOrder(id);
    if (!order || order.exchange !== exchange || order.symbol !== symbol) {
      throw new Rejection('ORDER_NOT_FOUND', `no order ${id} for ${symbol} on ${exchange}`);
    }
    if (isTerminal(order.status)) {
      throw new Rejection('ORDER_NOT_OPEN', `order ${id} is already ${order.status}`, { status: order.status });
    }
    return this.work(() => {
      this.cancel(order);
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
  private external(actions: VenueAction[]): void {
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
      await venue.cancelRemote(order);
      // The venue's own report (its stream) may have canceled it here already.
      const done = this.recentOrder(id) ?? (this.openOrders.has(id) ? null : this.deps.store.findOrder(id));
      if (done?.status === 'CANCELED') return done;
    }
    return this.cancelOrder(exchange, symbol, id);
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

  /** Closes a position as the venue would: its orders canceled, one fill at the liquidation price, the rest of the margin as the fee. */
  private liquidate(w: PerpWatch): void {
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

  /** A mode's wallet balance: starting cash + realized − fees + funding (negative when paid; what cross margin stands on). */
  private wallet(mode: TradingMode): Decimal {
    const t = this.totals.get(mode);
    return t ? this.startingBalance().add(t.realized).sub(t.fees).add(t.funding) : this.startingBalance();
  }

  /** A position's margin figures (leverage, mode, IM, MM, margin ratio, liquidation price); null for spot and live. */
  perpFigures(p: Position) {
    return this.perps?.figures(p) ?? null;
  }

  /** Whether a bar's range in whole ticks reaches an open position's liquidation price (a backtest's idle bars). */
  liquidationWithin(exchange: string, symbol: string, lowTicks: number, highTicks: number): boolean {
    return this.perps !== null && this.perps.size !== 0 && this.perps.crossesTicks(exchange, symbol, lowTicks, highTicks);
  }

  /** Recompute the liquidation prices (after a leverage or margin-mode change). */
  refreshPerps(): void {
    this.perps?.invalidate();
  }

  /** The cash an account of any mode starts with (EngineDeps.startingBalance). */
  startingBalance(): Decimal {
    return this.deps.startingBalance ?? Decimal.fromInt(10_000);
  }

  /** Equity (starting cash + realized − fees + unrealized) and positions of one mode. */
  accountView(mode: TradingMode): AccountSummary {
    return accountSummary(
      this.startingBalance(),
      this.totals.get(mode) ?? { realized: Decimal.ZERO, fees: Decimal.ZERO, funding: Decimal.ZERO },
      [...this.openPositions.values()].filter((p) => p.mode === mode),
      (exchange, symbol) => this.mark(exchange, symbol),
      this.deps.reportedCash?.(mode),
    );
  }

  /** The margin a mode's account holds, where the engine keeps it (see `EngineDeps.leverage`). */
  marginAccount(mode: TradingMode, equity: Decimal = this.accountView(mode).equity): MarginAccount {
    return marginAccount({
      equity,
      positions: this.positions(mode),
      orders: this.openOrderList().filter((o) => o.mode === mode),
      mark: (exchange, symbol) => this.mark(exchange, symbol),
      leverage: (exchange, symbol) => this.leverageOf(mode, exchange, symbol),
    });
  }

  /** Leverage of a symbol in a mode whose margin the engine keeps; null otherwise. */
  leverageOf(mode: TradingMode, exchange: string, symbol: string): Decimal | null {
    const inst = this.deps.leverage ? this.deps.instrument(exchange, symbol) : null;
    return inst ? this.deps.leverage!(mode, inst) : null;
  }

  /** The price a market order would meet first: the ask for a buy, the bid for a sell (else the mark). */
  private touch(cmd: SubmitOrder): Decimal | null {
    const t = this.lastTicks.get(markKey(cmd.exchange, cmd.symbol));
    return (t ? (cmd.side === 'BUY' ? t.ask : t.bid) : null) ?? this.mark(cmd.exchange, cmd.symbol);
  }

  /** The mode's equity, or null while its venues have not reported the account's cash. */
  knownEquity(mode: TradingMode): Decimal | null {
    const v = this.accountView(mode);
    return v.equityKnown ? v.equity : null;
  }

  /** Kill switch: cancel every open order of the mode, then close every position at market. */
  flattenAll(mode: TradingMode): { canceled: Order[]; closed: CloseResult[] } {
    const canceled = this.openOrderList()
      .filter((o) => o.mode === mode)
      .map((o) => this.cancelOrder(o.exchange, o.symbol, o.id));
    const closed = this.positions(mode).map((p) => this.closePosition({ mode, exchange: p.exchange, symbol: p.symbol }));
    return { canceled, closed };
  }

  /** Fills of an order, the ones not yet committed included. */
  fillsOf(id: OrderId): Fill[] {
    const pending = this.group?.pendingFills(id) ?? [];
    const stored = this.deps.store.fillsOf(id);
    return [...stored, ...pending.filter((f) => !stored.some((s) => s.id === f.id))];
  }

  mark(exchange: string, symbol: string): Decimal | null {
    return this.marks.get(markKey(exchange, symbol)) ?? null;
  }

  /** The mark price perpetual margin is measured at (the venue's mark, else mid, else last: `markOf`). */
  markPrice(exchange: string, symbol: string): Decimal | null {
    const t = this.lastTicks.get(markKey(exchange, symbol));
    return t ? markOf(t) : this.mark(exchange, symbol);
  }

  position(key: PositionKey): Position | null {
    return this.openPositions.get(positionKey(key)) ?? null;
  }

  positions(mode?: TradingMode): Position[] {
    return [...this.openPositions.values()].filter((p) => !mode || p.mode === mode);
  }

  openOrderList(): Order[] {
    return [...this.openOrders.values()];
  }

  // --- one unit of work -------------------------------------------------------------------------

  /**
   * Resolves once everything the engine has done so far is committed. With group commit on, a
   * caller acknowledges a command only after this; without it, it is already so.
   */
  durable(): Promise<void> {
    return this.group?.durable() ?? Promise.resolve();
  }

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

  private publish(uow: UnitOfWork): void {
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
  private reload(): void {
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

  private apply(actions: readonly VenueAction[]): void {
    const uow = this.uow!;
    const time = this.deps.clock.now();
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
  }

  private fill(order: Order, price: Decimal, quantity: Decimal, liquidity: 'MAKER' | 'TAKER', time: number, charged?: Decimal): void {
    const uow = this.uow!;
    const inst = this.instrument(order.exchange, order.symbol);
    const firstFill = order.filledQuantity.isZero();
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

    if (filled.bracket && filled.parentId === null) this.syncBracket(filled, firstFill, time);
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

  /** Create the entry's take-profit / stop-loss on its first fill; grow them with later fills. */
  private syncBracket(entry: Order, firstFill: boolean, time: number): void {
    const venue = this.venue(entry.mode, entry.exchange);
    if (!firstFill) {
      for (const child of this.liveOrders((o) => o.parentId === entry.id)) {
        const resized = resizeOrder(child, entry.filledQuantity, time);
        venue.cancel(child);
        this.uow!.putOrder(resized, { type: 'OrderUpdated', time, order: resized });
        this.apply(venue.submit(resized));
      }
      return;
    }
    for (const exit of bracketExits(entry)) {
      const child = this.newOrder(exit, entry.id);
      this.uow!.putOrder(child, { type: 'OrderAccepted', time, order: child });
      this.apply(venue.submit(child));
    }
  }

  private cancel(order: Order): void {
    const time = this.deps.clock.now();
    this.venue(order.mode, order.exchange).cancel(order);
    const canceled = cancelOrder(order, time);
    this.uow!.putOrder(canceled, { type: 'OrderCanceled', time, order: canceled });
  }

  // --- reads through the unit of work -------------------------------------------------------------

  /** The latest version of an order finished since the last commit, if any. */
  private recentOrder(id: OrderId): Order | null {
    return this.group?.finished(id) ?? null;
  }

  private order(id: OrderId): Order {
    const o = this.uow?.orders.get(id) ?? this.openOrders.get(id) ?? this.recentOrder(id) ?? this.deps.store.findOrder(id);
    if (!o) throw new Error(`venue reported unknown order ${id}`);
    return o;
  }

  private liveOrders(pred: (o: Order) => boolean): Order[] {
    const seen = new Map(this.openOrders);
    for (const [id, o] of this.uow?.orders ?? []) seen.set(id, o);
    return [...seen.values()].filter((o) => !isTerminal(o.status) && pred(o));
  }

  private openPosition(key: PositionKey): Position | null {
    const k = positionKey(key);
    if (this.uow?.open.has(k)) return this.uow.open.get(k) ?? null;
    return this.openPositions.get(k) ?? null;
  }

  /** Signed size of the position an order acts on (for reduce-only matching). */
  positionOf(order: Order): Decimal {
    return this.openPosition(order)?.quantity ?? Decimal.ZERO;
  }

  private newOrder(cmd: SubmitOrder, parentId: OrderId | null = null): Order {
    return newOrder(cmd, orderId(String(++this.ids.order)), this.deps.clock.now(), parentId);
  }

  private refuseRejected(result: OrderResult): OrderResult {
    const o = result.order;
    if (o.status === 'REJECTED') {
      throw new Rejection(o.rejectCode ?? 'ORDER_REJECTED', o.rejectReason ?? 'the venue refused the order', { order_id: o.id });
    }
    return result;
  }

  private restoreVenues(): void {
    const open = [...this.openOrders.values()];
    for (const o of open) this.venue(o.mode, o.exchange); // venues holding open orders exist
    for (const [key, venue] of this.venues) venue.restore(open.filter((o) => `${o.mode}|${o.exchange}` === key));
  }

  private instrument(exchange: string, symbol: string): Instrument {
    const inst = this.deps.instrument(exchange, symbol);
    if (!inst) throw new Rejection('UNKNOWN_SYMBOL', `${exchange} does not list ${symbol}`, { exchange, symbol });
    return inst;
  }

  private venue(mode: TradingMode, exchange: string): ExecutionVenue {
    const key = venueKey(mode, exchange);
    let v = this.venues.get(key);
    if (!v) {
      v = this.deps.venueFor(mode, exchange, (actions) => this.external(actions));
      // A new venue learns the market it missed (it holds no order yet, so nothing can fill).
      for (const [k, t] of this.lastTicks) if (k.startsWith(`${exchange}|`)) v.onTick?.(t, () => {});
      this.venues.set(key, v);
      this.tickVenues.clear();
    }
    return v;
  }
}
