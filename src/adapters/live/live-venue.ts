import type { OrderId } from '../../domain/ids.js';
import { isTerminal, type Order } from '../../domain/order.js';
import { Rejection } from '../../domain/rejection.js';
import type { VenueAction } from '../../domain/venue-action.js';
import type { ExecutionVenue, TradingVenue, VenueOrder, VenueReport } from '../../engine/ports.js';
import { bookedOf, fillsFromTrades, type BookedFills } from './trade-fills.js';

export interface LiveVenueOptions {
  /** Open orders are polled this often, as the fallback to the private stream. */
  readonly pollEveryMs?: number;
  /** Told each time the private stream comes back after a drop. */
  readonly onReconnect?: () => void;
  /** The quote asset of a symbol: a fee the venue charged in it is booked as charged. */
  readonly quoteOf?: (symbol: string) => string | null;
  /** An update that could not be applied (the order's later updates still are). */
  readonly onError?: (err: unknown, order: Order) => void;
  /**
   * The pauses (ms) between reads of an order whose cancel the exchange took but still lists open,
   * before the cancel is answered as pending (default 100, 200, 400, 800, 1500: ~3 s in all).
   */
  readonly cancelConfirmMs?: readonly number[];
  /** A cancel the engine asked for (requestCancel) that the exchange refused or did not answer: the order stays open. */
  readonly onCancelFailed?: (err: unknown, order: Order) => void;
  /**
   * An order whose send failed in a way that may have reached the exchange is only refused once the
   * exchange says it has none this long after the send (a request that late is past the venue's
   * receive window). Default 10 s.
   */
  readonly uncertainForMs?: number;
  /** Wall clock, injected. Default Date.now. */
  readonly now?: () => number;
}

interface Known {
  order: Order;
  venueId: string | null;
  /** What of the exchange's fills is booked here: quantity and the exchange trades it came from. */
  booked: BookedFills;
  /** Updates of one order are applied one after another (each may read the venue's trade list). */
  chain: Promise<void>;
  /** When its send failed without the exchange saying whether it took it: asked by client id until it does. */
  uncertainSince: number | null;
}

/**
 * A real exchange as the engine's venue in live trading: an accepted order is sent with our
 * client order id, the exchange's answer and every later change (fills, cancels, expiry) come back
 * as venue actions through `report`: from the venue's private order stream, and from polling
 * open orders as the fallback.
 */
export class LiveVenue implements ExecutionVenue {
  private readonly open = new Map<OrderId, Known>();
  private readonly answers = new Map<OrderId, Promise<void>>();
  /** Cancels on their way to the exchange, by order: a second cancel of the same order waits for the first. */
  private readonly canceling = new Map<OrderId, Promise<void>>();
  /** Restored orders the exchange had none by our client id: when to ask again, and the wait that led there. */
  private readonly askAgain = new Map<OrderId, { at: number; wait: number }>();
  /** Orders the engine ended (requestCancel) that the exchange has not ended yet: each poll sends their cancel again. */
  private readonly toCancel = new Set<OrderId>();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** A catch-up in progress (see `resync`): orders are sent after it. */
  private caughtUp: Promise<void> = Promise.resolve();
  private stopStream: (() => void) | null = null;

  private readonly pollEveryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly trading: () => TradingVenue,
    private readonly report: VenueReport,
    private readonly options: LiveVenueOptions = {},
  ) {
    this.pollEveryMs = options.pollEveryMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  submit(order: Order): VenueAction[] {
    this.open.set(order.id, this.known(order));
    // Sent after the accepted order is committed (and after any catch-up in progress): the report
    // comes back as its own unit of work.
    const answer = this.caughtUp
      .then(() =>
        this.trading().placeOrder({
          symbol: order.symbol,
          side: order.side,
          type: order.type,
          quantity: order.quantity,
          price: order.price,
          stopPrice: order.stopPrice,
          clientOrderId: order.clientOrderId,
          reduceOnly: order.reduceOnly,
          timeInForce: order.type === 'LIMIT' ? order.timeInForce : null,
        }),
      )
      .then(
        (v) => this.apply(order.id, v),
        (err: unknown) => {
          if (err instanceof Rejection && err.code === 'EXCHANGE_ORDER_UNCERTAIN') {
            // Not refused: the exchange may hold it. It stays open (NEW) until the exchange tells.
            const known = this.open.get(order.id);
            if (known) known.uncertainSince = this.now();
            this.options.onError?.(err, order);
            return;
          }
          this.open.delete(order.id);
          const r = err instanceof Rejection ? err : new Rejection('EXCHANGE_ERROR', String(err));
          this.report([{ kind: 'reject', orderId: order.id, code: r.code, reason: r.message }]);
        },
      );
    this.answers.set(order.id, answer);
    this.startPolling();
    return [];
  }

  settle(order: Order): Promise<void> {
    return this.answers.get(order.id) ?? Promise.resolve();
  }

  async cancelRemote(order: Order): Promise<void> {
    // A cancel already on its way (one the engine asked for) is waited for, not sent twice.
    const inFlight = this.canceling.get(order.id);
    if (inFlight) {
      await inFlight;
      if (!this.open.has(order.id)) return;
    }
    await this.settle(order);
    let known = this.open.get(order.id);
    if (known && !known.venueId) {
      await this.findRestored();
      known = this.open.get(order.id);
    }
    if (!known) return; // already final on the exchange: reported through the engine
    if (!known.venueId) {
      throw new Rejection('EXCHANGE_ORDER_UNKNOWN', `${order.exchange} does not list order ${order.clientOrderId} as open; nothing was canceled`, {
        client_order_id: order.clientOrderId,
      });
    }
    // The exchange's answer goes through the order's own chain: a fill still being booked is booked
    // first, and the cancel (with any fill it reports) comes back as the order's final update.
    const venueId = known.venueId;
    await this.apply(order.id, await this.trading().cancelOrder(order.symbol, venueId, isTrigger(order.type)));
    // A venue that cancels asynchronously (Bybit v5, OKX) may still list the order open, and it can
    // still fill there: it ends here only as the exchange says it ended (CANCELED, or FILLED first).
    const waits = this.options.cancelConfirmMs ?? [100, 200, 400, 800, 1_500];
    for (let i = 0; this.open.get(order.id) === known && i < waits.length; i++) {
      await new Promise((r) => setTimeout(r, waits[i]));
      if (this.open.get(order.id) !== known) break; // the stream told meanwhile
      try {
        await this.apply(order.id, await this.trading().fetchOrder(order.symbol, venueId, isTrigger(order.type)));
      } catch {
        // Asked again after the next wait.
      }
    }
    if (this.open.get(order.id) === known) {
      throw new Rejection('EXCHANGE_CANCEL_PENDING', `${order.exchange} took the cancel of order ${order.clientOrderId} but still lists it open; it stays open here until ${order.exchange} reports it ended`, {
        client_order_id: order.clientOrderId,
      });
    }
  }

  requestCancel(order: Order): void {
    this.toCancel.add(order.id);
    void this.sendCancel(order);
    this.startPolling();
  }

  /**
   * One cancel of an order the engine ended, at a time (a filled exit ends its sibling both as the
   * other half of the bracket and as a reduce-only order once flat). A refused or unanswered one is
   * reported and sent again by the next poll, until the exchange ends the order: an exit left armed
   * there could close part of a later position.
   */
  private sendCancel(order: Order): Promise<void> {
    const inFlight = this.canceling.get(order.id);
    if (inFlight) return inFlight;
    const sent = this.cancelRemote(order)
      .then(() => {
        this.toCancel.delete(order.id);
      })
      .catch((err: unknown) => {
        // An order the exchange does not know (a restored one it never had, or no longer lists):
        // nothing to cancel there, and the poll still looks for it. Reported once, not every poll.
        if (err instanceof Rejection && err.code === 'EXCHANGE_ORDER_UNKNOWN') this.toCancel.delete(order.id);
        this.options.onCancelFailed?.(err, order);
      })
      .finally(() => this.canceling.delete(order.id));
    this.canceling.set(order.id, sent);
    return sent;
  }

  cancel(order: Order): boolean {
    return this.open.delete(order.id);
  }

  restore(open: readonly Order[]): void {
    // Orders of a previous run: their exchange ids are found again by polling with our client ids.
    for (const o of open) if (!this.open.has(o.id)) this.open.set(o.id, this.known(o));
    if (open.length) this.startPolling();
  }

  /**
   * After a (re)connect, before anything else: every open order is asked of the exchange by our
   * client id and its answer applied on the order's chain, so what filled while we were cut off is
   * booked before a new order is sent (orders wait for this; `ready` lets a caller wait before it
   * even accepts one). A failed read is left to the next poll.
   */
  resync(): Promise<void> {
    const ids = [...this.open.keys()]; // the orders open now; one accepted later is sent after this
    const run = this.caughtUp.then(() => this.fetchByClientId(ids));
    this.caughtUp = run;
    return run;
  }

  /** Resolves once a catch-up in progress is done; at once when none is. */
  ready(): Promise<void> {
    return this.caughtUp;
  }

  private async fetchByClientId(ids: readonly OrderId[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const known = this.open.get(id);
        if (!known) return; // final meanwhile
        try {
          const trading = this.trading();
          const o = known.order;
          const v = trading.orderByClientId
            ? await trading.orderByClientId(o.symbol, o.clientOrderId, isTrigger(o.type))
            : known.venueId
              ? await trading.fetchOrder(o.symbol, known.venueId, isTrigger(o.type))
              : null;
          if (v) await this.apply(id, v);
        } catch {
          // Retried by the next poll.
        }
      }),
    );
  }

  /** Asks the exchange about every open order once; what changed is reported. */
  async poll(): Promise<void> {
    await this.resolveUncertain();
    await this.findRestored();
    for (const id of [...this.toCancel]) {
      const known = this.open.get(id);
      if (known) void this.sendCancel(known.order);
      else this.toCancel.delete(id); // ended on the exchange
    }
    for (const [id, known] of [...this.open]) {
      if (!known.venueId) continue;
      try {
        await this.apply(id, await this.trading().fetchOrder(known.order.symbol, known.venueId, isTrigger(known.order.type)));
      } catch {
        // A failed poll is retried on the next one; the feed status shows a venue in trouble.
      }
    }
  }

  /** Orders whose send may or may not have reached the exchange: asked by our client id. */
  private async resolveUncertain(): Promise<void> {
    for (const [id, known] of [...this.open]) {
      if (known.uncertainSince === null) continue;
      const o = known.order;
      try {
        const v = (await this.trading().orderByClientId?.(o.symbol, o.clientOrderId, o.type === 'STOP_MARKET' || o.type === 'TAKE_PROFIT_MARKET')) ?? null;
        if (v) {
          known.uncertainSince = null;
          await this.apply(id, v);
        } else if (this.now() - known.uncertainSince >= (this.options.uncertainForMs ?? 10_000)) {
          this.open.delete(id);
          this.report([{ kind: 'reject', orderId: id, code: 'EXCHANGE_ORDER_UNKNOWN', reason: `${o.exchange} has no order ${o.clientOrderId}: the send that failed never reached it` }]);
        }
      } catch {
        // Asked again on the next poll.
      }
    }
  }

  /**
   * Orders restored after a restart are found again by our client id: among the exchange's open
   * orders, else asked by it in any status (one that filled while we were away, or whose catch-up
   * read failed; a stop kept apart that the open orders do not list).
   */
  private async findRestored(): Promise<void> {
    const missing = [...this.open.values()].filter((k) => !k.venueId && !this.answers.has(k.order.id));
    for (const id of this.askAgain.keys()) if (!this.open.has(id)) this.askAgain.delete(id);
    for (const symbol of new Set(missing.map((k) => k.order.symbol))) {
      const ofSymbol = missing.filter((k) => k.order.symbol === symbol);
      try {
        const trading = this.trading();
        trading.expectClientIds?.(ofSymbol.map((k) => k.order.clientOrderId));
        const open = await trading.openOrders(symbol);
        for (const k of ofSymbol) {
          const hit = open.find((v) => v.clientOrderId === k.order.clientOrderId) ?? (await this.askByClientId(trading, k.order));
          if (hit) await this.apply(k.order.id, hit);
        }
      } catch {
        // Retried on the next poll.
      }
    }
  }

  /**
   * A restored order asked by our client id, less and less often while the exchange has none by it
   * (2 s, doubling, at most every 5 minutes): one it never had stays asked about, not every poll.
   */
  private async askByClientId(trading: TradingVenue, o: Order): Promise<VenueOrder | null> {
    if (!trading.orderByClientId) return null;
    const now = this.now();
    const next = this.askAgain.get(o.id);
    if (next && now < next.at) return null;
    const v = await trading.orderByClientId(o.symbol, o.clientOrderId, isTrigger(o.type));
    if (v) this.askAgain.delete(o.id);
    else {
      const wait = Math.min((next?.wait ?? 1_000) * 2, 300_000);
      this.askAgain.set(o.id, { at: now + wait, wait });
    }
    return v;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopStream?.();
    this.stopStream = null;
  }

  private known(order: Order): Known {
    return { order, venueId: null, booked: bookedOf(order), chain: Promise.resolve(), uncertainSince: null };
  }

  /** Applies the venue's view of one order after any update of it still being applied. */
  private apply(id: OrderId, v: VenueOrder): Promise<void> {
    const known = this.open.get(id);
    if (!known) return Promise.resolve();
    // A failed update is reported and does not block the order's later ones (nor crash the process).
    known.chain = known.chain.then(() => this.applyNow(id, known, v)).catch((err: unknown) => this.options.onError?.(err, known.order));
    return known.chain;
  }

  private async applyNow(id: OrderId, known: Known, v: VenueOrder): Promise<void> {
    if (this.open.get(id) !== known) return; // final already
    // The id the order is followed by is the first the exchange gave: a stop kept apart (OKX algo,
    // Binance Algo Service) keeps its own when the order it sent reports under our client id.
    known.venueId ??= v.id;
    known.uncertainSince = null; // the exchange has told
    const actions: VenueAction[] = [];
    let booked = known.booked;
    if (v.filledQuantity.gt(known.booked.quantity)) {
      const r = await fillsFromTrades({
        order: known.order,
        venueOrder: v,
        booked: known.booked,
        trades: () => this.trading().orderTrades?.(known.order.symbol, v.id) ?? Promise.resolve(null),
        quote: this.options.quoteOf?.(known.order.symbol) ?? null,
      });
      actions.push(...r.fills);
      booked = r.booked;
    }
    // An order the exchange filled more of than could be booked yet (its trades not listed, no
    // average to book at) is not final here: it stays followed, and the next poll books the rest
    // before the order ends (a CANCELED booked first would refuse the fills that came before it).
    const unbooked = v.filledQuantity.gt(booked.quantity);
    if (!unbooked) {
      if (v.status === 'REJECTED') actions.push({ kind: 'reject', orderId: id, code: 'EXCHANGE_REJECTED_ORDER', reason: `${known.order.exchange} rejected the order` });
      else if (v.status === 'CANCELED') actions.push({ kind: 'canceled', orderId: id });
      else if (v.status === 'EXPIRED') actions.push({ kind: 'expire', orderId: id, reason: `${known.order.exchange} reports the order expired` });
    }
    // Only what the engine took is booked here: a report that throws leaves the fill to the next update.
    if (actions.length) this.report(actions);
    known.booked = booked;
    if (isTerminal(v.status) && !unbooked) this.open.delete(id);
  }

  /** An update from the private stream: matched to our order by the exchange's id or our client id. */
  private onStream(v: VenueOrder): void {
    for (const [id, known] of this.open) {
      if ((known.venueId !== null && known.venueId === v.id) || (v.clientOrderId !== null && v.clientOrderId === known.order.clientOrderId)) {
        void this.apply(id, v);
        return;
      }
    }
  }

  private startPolling(): void {
    if (!this.stopStream) {
      try {
        this.stopStream =
          this.trading().watchOrders?.(
            (v) => this.onStream(v),
            () => {
              void this.poll(); // catch up on what the drop hid
              this.options.onReconnect?.();
            },
          ) ?? null;
      } catch {
        // No keys or no stream yet: polling alone until the next order tries again.
      }
    }
    if (this.timer || this.pollEveryMs <= 0) return;
    this.timer = setInterval(() => void this.poll(), this.pollEveryMs);
    this.timer.unref();
  }
}

/** A stop or take-profit: some venues (OKX) keep these in a book apart from their other orders. */
const isTrigger = (type: string): boolean => type === 'STOP_MARKET' || type === 'TAKE_PROFIT_MARKET';
