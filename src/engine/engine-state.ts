import { Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import { orderId, type OrderId, type TradingMode } from '../domain/ids.js';
import type { Instrument } from '../domain/instrument.js';
import { isTerminal, type Order } from '../domain/order.js';
import type { Position, PositionKey } from '../domain/position.js';
import { Rejection } from '../domain/rejection.js';
import type { VenueAction } from '../domain/venue-action.js';
import type { MarketTick } from '../sim/market/market-types.js';
import { markOf } from '../sim/market/mark-price.js';
import type { OrderResult, SubmitOrder } from './commands.js';
import type { ExecutionVenue } from './ports.js';
import { accountSummary, type AccountSummary } from './account-view.js';
import type { MarginAccount } from '../domain/margin.js';
import { marginAccount } from './margin-check.js';
import { GroupCommit } from './group-commit.js';
import { newOrder } from './new-order.js';
import type { UnitOfWork } from './unit-of-work.js';
import { PerpBook } from './perp-book.js';
import { FundingClock } from './funding-clock.js';
import { markKey, positionKey, venueKey } from './engine-keys.js';
import type { EngineDeps } from './engine-deps.js';

/**
 * The engine's in-memory state — a projection of the ledger (open orders, open positions, the
 * totals, the marks), rebuilt at start-up — and every read over it, the uncommitted unit of work
 * included. Only ExecutionEngine (its commands) and EngineBooking (the venue actions booked into
 * a unit of work) change it.
 */
export abstract class EngineState {
  protected readonly openOrders = new Map<OrderId, Order>();
  protected readonly openPositions = new Map<string, Position>();
  protected readonly marks = new Map<string, Decimal>();
  protected readonly venues = new Map<string, ExecutionVenue>();
  protected readonly lastTicks = new Map<string, MarketTick>();
  /** The venues that match an exchange's ticks (kept between ticks; cleared when a venue is added). */
  protected readonly tickVenues = new Map<string, ExecutionVenue[]>();
  protected readonly ids = { order: 0, fill: 0, position: 0 };
  /** Σ realized PnL, Σ fees and Σ funding per mode, committed and pending, for equity. */
  protected readonly totals = new Map<TradingMode, { realized: Decimal; fees: Decimal; funding: Decimal }>();
  protected uow: UnitOfWork | null = null;
  protected readonly group: GroupCommit | null;
  /** The open perpetual positions' liquidation prices (see PerpBook); null without `EngineDeps.perp`. */
  protected readonly perps: PerpBook | null;
  /** When funding falls due (null without `EngineDeps.funding`). */
  protected readonly funding: FundingClock | null;

  protected constructor(protected readonly deps: EngineDeps) {
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
  }

  /** Publishes a committed unit's events (ExecutionEngine). */
  protected abstract publish(uow: UnitOfWork): void;
  /** Rebuilds the projection from the ledger (ExecutionEngine). */
  protected abstract reload(): void;
  /** Books what a remote venue reports later, as a unit of work of its own (ExecutionEngine). */
  protected abstract external(actions: VenueAction[]): void;

  /** A mode's wallet balance: starting cash + realized − fees + funding (negative when paid; what cross margin stands on). */
  protected wallet(mode: TradingMode): Decimal {
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
  protected touch(cmd: SubmitOrder): Decimal | null {
    const t = this.lastTicks.get(markKey(cmd.exchange, cmd.symbol));
    return (t ? (cmd.side === 'BUY' ? t.ask : t.bid) : null) ?? this.mark(cmd.exchange, cmd.symbol);
  }

  /** The mode's equity, or null while its venues have not reported the account's cash. */
  knownEquity(mode: TradingMode): Decimal | null {
    const v = this.accountView(mode);
    return v.equityKnown ? v.equity : null;
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

  /**
   * Resolves once everything the engine has done so far is committed. With group commit on, a
   * caller acknowledges a command only after this; without it, it is already so.
   */
  durable(): Promise<void> {
    return this.group?.durable() ?? Promise.resolve();
  }

  /** The latest version of an order finished since the last commit, if any. */
  protected recentOrder(id: OrderId): Order | null {
    return this.group?.finished(id) ?? null;
  }

  protected order(id: OrderId): Order {
    const o = this.uow?.orders.get(id) ?? this.openOrders.get(id) ?? this.recentOrder(id) ?? this.deps.store.findOrder(id);
    if (!o) throw new Error(`venue reported unknown order ${id}`);
    return o;
  }

  protected liveOrders(pred: (o: Order) => boolean): Order[] {
    const seen = new Map(this.openOrders);
    for (const [id, o] of this.uow?.orders ?? []) seen.set(id, o);
    return [...seen.values()].filter((o) => !isTerminal(o.status) && pred(o));
  }

  protected openPosition(key: PositionKey): Position | null {
    const k = positionKey(key);
    if (this.uow?.open.has(k)) return this.uow.open.get(k) ?? null;
    return this.openPositions.get(k) ?? null;
  }

  /** Signed size of the position an order acts on (for reduce-only matching). */
  positionOf(order: Order): Decimal {
    return this.openPosition(order)?.quantity ?? Decimal.ZERO;
  }

  protected newOrder(cmd: SubmitOrder, parentId: OrderId | null = null): Order {
    return newOrder(cmd, orderId(String(++this.ids.order)), this.deps.clock.now(), parentId);
  }

  protected refuseRejected(result: OrderResult): OrderResult {
    const o = result.order;
    if (o.status === 'REJECTED') {
      throw new Rejection(o.rejectCode ?? 'ORDER_REJECTED', o.rejectReason ?? 'the venue refused the order', { order_id: o.id });
    }
    return result;
  }

  protected restoreVenues(): void {
    const open = [...this.openOrders.values()];
    for (const o of open) this.venue(o.mode, o.exchange); // venues holding open orders exist
    for (const [key, venue] of this.venues) venue.restore(open.filter((o) => `${o.mode}|${o.exchange}` === key));
  }

  protected instrument(exchange: string, symbol: string): Instrument {
    const inst = this.deps.instrument(exchange, symbol);
    if (!inst) throw new Rejection('UNKNOWN_SYMBOL', `${exchange} does not list ${symbol}`, { exchange, symbol });
    return inst;
  }

  protected venue(mode: TradingMode, exchange: string): ExecutionVenue {
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
