import type { Order as CcxtOrder, Trade as CcxtTrade } from 'ccxt';
import { Decimal } from '../../domain/decimal.js';
import type { OrderStatus } from '../../domain/order.js';
import { Rejection } from '../../domain/rejection.js';
import type { Balance, TradingVenue, VenueOrder, VenueOrderRequest, VenuePosition, VenueTrade } from '../../engine/ports.js';
import type { CcxtExchange } from './ccxt-loader.js';
import { exact } from './ccxt-instruments.js';
import { backoffMs } from './symbol-stream.js';
import { ExchangeFailure } from './error-map.js';
import type { VenueProfile } from './venue-profile.js';
import type { ClientIdCodec } from './wire-client-id.js';

export interface TradingContext {
  readonly exchange: string;
  /** The connected client: orders are sent and streams opened on it only. */
  readonly client: () => CcxtExchange;
  /** The client orders and trades are read with: the connected one, or the one a disconnect closed (default: `client`). */
  readonly reader?: () => CcxtExchange;
  /** The fetchOrder parameter that names an order by our client id (VenueProfile.clientIdParam). */
  readonly clientIdParam?: string;
  /** ccxt's unified symbol of one of ours, and back. */
  readonly ccxtSymbol: (symbol: string) => string;
  readonly ourSymbol: (ccxtSymbol: string) => string;
  /** Base units per ccxt amount of a ccxt symbol (contracts → base; 1 where ccxt counts in base units). */
  readonly contractSize?: (ccxtSymbol: string) => Decimal;
  /** fetchMyTrades' parameter naming one order (VenueProfile.tradesOrderIdParam; default orderId). */
  readonly tradesOrderIdParam?: string;
  /**
   * Stops live in a book of their own (OKX algo orders, VenueProfile.triggerOrdersApart): they are
   * read and canceled with ccxt's `trigger` flag, and once triggered followed to the order they sent.
   */
  readonly triggerOrdersApart?: boolean;
  /** Where a triggered stop names the order it sent (VenueProfile.triggeredOrderIdField; default `ordId`). */
  readonly triggeredOrderIdField?: string;
  /** The venue's parameter for a stop's client id, sent beside clientOrderId (VenueProfile.triggerClientIdParam). */
  readonly triggerClientIdParam?: string;
  /** Our client ids in the venue's own form and back (VenueProfile.wireClientId); none: sent as they are. */
  readonly clientIds?: ClientIdCodec;
  /** createOrder's parameter for our client order id (VenueProfile.orderClientIdParam; default clientOrderId). */
  readonly orderClientIdParam?: string;
  /** The venue's own order fields (VenueProfile.orderParams). */
  readonly orderParams?: VenueProfile['orderParams'];
  /** False: the venue has no reduce-only orders (spot); a reducing order is sent as a plain one. */
  readonly reduceOnly?: boolean;
  /** How an order is found by our client id (VenueProfile.clientIdLookup). */
  readonly clientIdLookup?: VenueProfile['clientIdLookup'];
  /** A spot venue's holdings are its positions (VenueProfile.spotHoldings). */
  readonly spotHoldings?: VenueProfile['spotHoldings'];
  readonly rest: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Any error of a call, mapped into our catalogue (with `retryable`). */
  readonly failure: (e: unknown) => ExchangeFailure;
  /** Sends of one order after failures that may have reached the exchange (default 3), and the first pause between them. */
  readonly placeAttempts?: number;
  readonly placeBackoffMs?: number;
  readonly hasKeys: boolean;
  readonly balanceIncludesUnrealized: boolean;
}

const STATUS: Record<string, OrderStatus> = { closed: 'FILLED', canceled: 'CANCELED', cancelled: 'CANCELED', expired: 'EXPIRED', rejected: 'REJECTED' };
const num = (d: Decimal | null | undefined): number | undefined => (d == null ? undefined : Number(d.toString()));

const KNOWN_TYPES = new Set(['MARKET', 'LIMIT', 'STOP_MARKET', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET', 'STOP', 'TAKE_PROFIT']);

/**
 * Types ccxt gives trigger orders: 'market' (Binance, Bybit), or the venue's own algo type where
 * stops are kept apart (OKX `conditional`, `trigger`), which ccxt passes through.
 */
const TRIGGER_CARRIERS = new Set(['MARKET', 'CONDITIONAL', 'TRIGGER']);

/**
 * The venue's own type (Binance's `origType`), or, for the types that carry trigger orders,
 * ccxt's unified trigger fields tell the stops apart again (a stop we place triggers a market order).
 */
function orderType(o: CcxtOrder): string {
  const info = (o.info ?? {}) as { origType?: unknown; type?: unknown; orderType?: unknown };
  const raw = [info.origType, info.type].find((t) => typeof t === 'string' && KNOWN_TYPES.has(t.toUpperCase()));
  if (typeof raw === 'string') return raw.toUpperCase();
  const base = String(o.type ?? '').toUpperCase();
  if (!TRIGGER_CARRIERS.has(base)) return base;
  if (o.takeProfitPrice != null) return 'TAKE_PROFIT_MARKET';
  if (o.stopLossPrice != null || o.triggerPrice != null) return 'STOP_MARKET';
  return base;
}

/** Our client id: ccxt's, or where the venue keeps a stop's apart and ccxt does not read it (OKX `algoClOrdId`). */
function clientIdOf(o: CcxtOrder): string | null {
  if (o.clientOrderId) return o.clientOrderId;
  const algo = (o.info as { algoClOrdId?: unknown } | undefined)?.algoClOrdId;
  return typeof algo === 'string' && algo !== '' ? algo : null;
}

/** ccxt's amounts of a symbol in our base units. */
type Units = (ccxtSymbol: string) => Decimal;
const ONE: Units = () => Decimal.ONE;
const times = (d: Decimal | null, cs: Decimal): Decimal | null => (d === null || cs.eq(Decimal.ONE) ? d : d.mul(cs).normalize());

/** A stop's own trigger where ccxt names it only as the stop-loss or take-profit price (OKX algo orders); not a limit's attached TP/SL. */
function triggerOf(type: string, o: CcxtOrder): number | undefined {
  if (type.startsWith('STOP')) return o.stopLossPrice;
  if (type.startsWith('TAKE_PROFIT')) return o.takeProfitPrice;
  return undefined;
}

/**
 * The order's size: ccxt's amount, or what filled plus what is left where that is more (ccxt's pro
 * Coinbase reads a `user` channel order's amount from its cumulative_quantity, the filled part).
 */
function sizeOf(o: CcxtOrder, filled: Decimal, cs: Decimal): Decimal {
  const amount = times(exact(o.amount), cs) ?? Decimal.ZERO;
  const left = times(exact(o.remaining), cs);
  return left && filled.add(left).gt(amount) ? filled.add(left).normalize() : amount;
}

export function toVenueOrder(o: CcxtOrder, ourSymbol: (s: string) => string, units: Units = ONE): VenueOrder {
  const cs = units(o.symbol ?? '');
  const filled = times(exact(o.filled), cs) ?? Decimal.ZERO;
  const status: OrderStatus = STATUS[o.status ?? ''] ?? (filled.sign() > 0 ? 'PARTIALLY_FILLED' : 'NEW');
  const type = orderType(o);
  return {
    id: String(o.id),
    clientOrderId: clientIdOf(o),
    symbol: ourSymbol(o.symbol ?? ''),
    side: o.side === 'sell' ? 'SELL' : 'BUY',
    type,
    status,
    quantity: sizeOf(o, filled, cs),
    filledQuantity: filled,
    avgPrice: exact(o.average),
    price: exact(o.price),
    stopPrice: exact(o.triggerPrice ?? o.stopPrice ?? triggerOf(type, o)),
    reduceOnly: o.reduceOnly === true,
    time: o.timestamp ?? o.lastUpdateTimestamp ?? 0,
  };
}

export function toVenueTrade(t: CcxtTrade, units: Units = ONE): VenueTrade | null {
  const price = exact(t.price);
  const quantity = times(exact(t.amount), units(t.symbol ?? ''));
  if (!price || !quantity || t.id === undefined) return null;
  return {
    id: String(t.id),
    orderId: String(t.order ?? ''),
    price,
    quantity,
    fee: exact(t.fee?.cost),
    feeAsset: t.fee?.currency ?? null,
    liquidity: t.takerOrMaker === 'maker' ? 'MAKER' : t.takerOrMaker === 'taker' ? 'TAKER' : null,
    time: t.timestamp ?? 0,
  };
}

/**
 * Orders, balances and positions on a real venue through ccxt's unified calls. Stops use ccxt's
 * unified `stopLossPrice` / `takeProfitPrice`, which each venue turns into its own trigger order.
 */
export class CcxtTrading implements TradingVenue {
  constructor(private readonly c: TradingContext) {
    if (!c.hasKeys) throw new Rejection('EXCHANGE_NO_CREDENTIALS', `no API key is configured for ${c.exchange}`, { exchange: c.exchange });
  }

  private readonly units: Units = (ccxtSymbol) => this.c.contractSize?.(ccxtSymbol) ?? Decimal.ONE;

  /** Our client id as the venue takes it (VenueProfile.wireClientId). */
  private wire(clientOrderId: string): string {
    return this.c.clientIds?.encode(clientOrderId) ?? clientOrderId;
  }

  /** A ccxt order as ours, named by our own client id where the venue holds it in a form of its own. */
  private venueOrder(o: CcxtOrder): VenueOrder {
    const v = toVenueOrder(o, this.c.ourSymbol, this.units);
    const codec = this.c.clientIds;
    if (!codec || v.clientOrderId === null) return v;
    const ours = codec.decode(v.clientOrderId);
    return ours === v.clientOrderId ? v : { ...v, clientOrderId: ours };
  }

  expectClientIds(ids: readonly string[]): void {
    for (const id of ids) this.wire(id);
  }

  /** Our base quantity in ccxt's amount of the symbol (contracts on a contract market). */
  private amount(ccxtSymbol: string, quantity: Decimal): Decimal {
    const cs = this.units(ccxtSymbol);
    return cs.eq(Decimal.ONE) ? quantity : quantity.div(cs, quantity.scale + 18).normalize();
  }

  private reader(): CcxtExchange {
    return (this.c.reader ?? this.c.client)();
  }

  async placeOrder(req: VenueOrderRequest): Promise<VenueOrder> {
    const ex = this.c.client();
    const clientId = this.wire(req.clientOrderId);
    const params: Record<string, unknown> = { [this.c.orderClientIdParam ?? 'clientOrderId']: clientId };
    if (req.reduceOnly && this.c.reduceOnly !== false) params.reduceOnly = true;
    if (req.timeInForce === 'GTX') params.postOnly = true;
    else if (req.timeInForce) params.timeInForce = req.timeInForce;
    if (req.type === 'STOP_MARKET') params.stopLossPrice = num(req.stopPrice);
    if (req.type === 'TAKE_PROFIT_MARKET') params.takeProfitPrice = num(req.stopPrice);
    const type = req.type === 'LIMIT' ? 'limit' : 'market';
    const trigger = req.type === 'STOP_MARKET' || req.type === 'TAKE_PROFIT_MARKET';
    if (trigger && this.c.triggerClientIdParam) params[this.c.triggerClientIdParam] = clientId;
    const symbol = this.c.ccxtSymbol(req.symbol);
    const side = req.side === 'BUY' ? 'buy' : 'sell';
    const amount = this.amount(symbol, req.quantity);
    Object.assign(params, this.c.orderParams?.({ type, side, amount: amount.toString() }));
    const attempts = this.c.placeAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      let o: CcxtOrder;
      try {
        o = await ex.createOrder(symbol, type, side, num(amount)!, num(req.price), params);
      } catch (e) {
        const failure = this.c.failure(e);
        if (!failure.retryable) throw failure;
        // A timeout or a cut connection may come after the exchange took the order, and a client id
        // is unique among OPEN orders only (Binance, Bybit): a filled market order sent again is a
        // second order. So the exchange is asked first; the order is sent again only if it has none.
        let there: VenueOrder | null;
        try {
          there = await this.orderByClientId(req.symbol, req.clientOrderId, trigger);
        } catch (lookup) {
          throw new ExchangeFailure(
            'EXCHANGE_ORDER_UNCERTAIN',
            `${this.c.exchange} did not answer order ${req.clientOrderId} (${failure.message}) nor say whether it has it (${this.c.failure(lookup).message}); it is asked again until it does`,
            true,
            { exchange: this.c.exchange, client_order_id: req.clientOrderId },
          );
        }
        if (there) return there;
        if (attempt >= attempts) throw failure;
        await new Promise((r) => setTimeout(r, (this.c.placeBackoffMs ?? 200) * 2 ** (attempt - 1)));
        continue;
      }
      // Some venues acknowledge with ids only (Bybit v5, OKX): read the order's state back.
      if (!o.status || o.amount === undefined) return this.readBack(req, String(o.id), trigger);
      return this.venueOrder(o);
    }
  }

  /**
   * An order the venue acknowledged with its id only, read back. The venue has taken it: a read that
   * fails, or does not find it yet (Bybit creates asynchronously: "please use the websocket to
   * confirm the order status"), is no refusal. It is answered NEW under that id, and the stream and
   * the poll follow it from there.
   */
  private async readBack(req: VenueOrderRequest, id: string, trigger: boolean): Promise<VenueOrder> {
    try {
      return await this.fetchOrder(req.symbol, id, trigger);
    } catch {
      return {
        id,
        clientOrderId: req.clientOrderId,
        symbol: req.symbol,
        side: req.side,
        type: req.type,
        status: 'NEW',
        quantity: req.quantity,
        filledQuantity: Decimal.ZERO,
        avgPrice: null,
        price: req.price ?? null,
        stopPrice: req.stopPrice ?? null,
        reduceOnly: req.reduceOnly ?? false,
        time: Date.now(),
      };
    }
  }

  async cancelOrder(symbol: string, id: string, trigger = false): Promise<VenueOrder> {
    const ex = this.c.client();
    const apart = trigger && this.c.triggerOrdersApart === true;
    const o = await this.c.rest(() => ex.cancelOrder(id, this.c.ccxtSymbol(symbol), apart ? { trigger: true } : {}));
    // An acknowledgement with ids only (Bybit v5, OKX) says nothing of what filled before: read the order back.
    if (o?.amount === undefined) return this.fetchOrder(symbol, id, trigger);
    return this.venueOrder({ ...o, status: o.status ?? 'canceled' } as CcxtOrder);
  }

  async fetchOrder(symbol: string, id: string, trigger = false): Promise<VenueOrder> {
    const ex = this.reader();
    const params: Record<string, unknown> = {};
    if (trigger && this.c.triggerOrdersApart) params.trigger = true;
    const o = await this.c.rest(() => ex.fetchOrder(id, this.c.ccxtSymbol(symbol), params));
    return params.trigger ? this.followTriggered(symbol, o, id) : this.venueOrder(o);
  }

  /** The id of the order a triggered stop kept apart sent, from the venue's payload; null before it triggered. */
  private sentOrderId(stop: CcxtOrder): string | null {
    const sent = (stop.info as Record<string, unknown> | undefined)?.[this.c.triggeredOrderIdField ?? 'ordId'];
    return typeof sent === 'string' && sent !== '' ? sent : typeof sent === 'number' ? String(sent) : null;
  }

  /**
   * A stop kept apart (OKX algo order) that has triggered says only that it did: its fills are on
   * the order it sent (`info.ordId`), which is read and answered under the stop's own id.
   */
  private async followTriggered(symbol: string, stop: CcxtOrder, id: string): Promise<VenueOrder> {
    const sent = this.sentOrderId(stop);
    if (sent === null) return this.venueOrder(stop);
    const ex = this.reader();
    const o = await this.c.rest(() => ex.fetchOrder(sent, this.c.ccxtSymbol(symbol)));
    const v = this.venueOrder(o);
    const s = this.venueOrder(stop);
    return { ...v, id, clientOrderId: s.clientOrderId ?? v.clientOrderId, type: s.type, stopPrice: s.stopPrice };
  }

  async orderByClientId(symbol: string, clientOrderId: string, trigger: boolean): Promise<VenueOrder | null> {
    const ex = this.reader();
    if (this.c.clientIdLookup === 'list') {
      const list = await this.c.rest(() => ex.fetchOrders(this.c.ccxtSymbol(symbol), undefined, 100));
      const wire = this.wire(clientOrderId);
      const hit = list.find((o) => o.clientOrderId === wire);
      return hit ? this.venueOrder(hit) : null;
    }
    // No exchange id: the order is named by the client id alone (an `orderId` left undefined is
    // left out of the request where ccxt would send the id, as Bybit's fetchOrder does).
    const params: Record<string, unknown> = { [this.c.clientIdParam ?? 'clientOrderId']: this.wire(clientOrderId), orderId: undefined };
    if (trigger) params.trigger = true;
    try {
      const o = await this.c.rest(() => ex.fetchOrder('', this.c.ccxtSymbol(symbol), params));
      if (trigger && this.c.triggerOrdersApart) return await this.followTriggered(symbol, o, String(o.id));
      return this.venueOrder(o);
    } catch (err) {
      if (err instanceof Rejection && err.code === 'ORDER_NOT_FOUND') return null;
      throw err;
    }
  }

  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    const ex = this.reader();
    const list = await this.c.rest(() => ex.fetchOpenOrders(symbol ? this.c.ccxtSymbol(symbol) : undefined));
    return list.map((o) => this.venueOrder(o));
  }

  /** The order's executions from the venue's trade list (Binance userTrades, Bybit execution/list), filtered by its id. */
  async orderTrades(symbol: string, orderId: string): Promise<VenueTrade[]> {
    const ex = this.reader();
    const listed = async (id: string) => {
      const list = await this.c.rest(() => ex.fetchMyTrades(this.c.ccxtSymbol(symbol), undefined, undefined, { [this.c.tradesOrderIdParam ?? 'orderId']: id }));
      return list.map((t) => toVenueTrade(t, this.units)).filter((t): t is VenueTrade => t !== null && t.orderId === id);
    };
    let trades = await listed(orderId);
    if (trades.length === 0 && this.c.triggerOrdersApart) {
      // A triggered stop's executions are listed under the order it sent.
      const sent = await this.sentBy(symbol, orderId);
      if (sent) trades = (await listed(sent)).map((t) => ({ ...t, orderId }));
    }
    return trades.sort((a, b) => a.time - b.time);
  }

  /** The order a triggered stop (kept apart) sent, or null (not a stop, or not triggered). */
  private async sentBy(symbol: string, id: string): Promise<string | null> {
    try {
      const ex = this.reader();
      const stop = await this.c.rest(() => ex.fetchOrder(id, this.c.ccxtSymbol(symbol), { trigger: true }));
      return this.sentOrderId(stop);
    } catch (err) {
      if (err instanceof Rejection && err.code === 'ORDER_NOT_FOUND') return null;
      throw err;
    }
  }

  /**
   * One order update of the stream. An update of a stop kept apart that is no longer waiting, from
   * the stop book itself (Binance's ALGO_UPDATE, whose `aid` is the id), is read again from the
   * venue: ccxt reads ALGO_UPDATE TRIGGERED and FINISHED as `closed` and filled in full (the event
   * has no `z`; what the sent order executed is `aq`), which may be none or part of it; `fetchOrder`
   * follows the stop to the order it sent. A read that fails drops the update (the poll reads the
   * stop again). The sent order's own updates (its fills) pass as they come.
   */
  private streamed(o: CcxtOrder, onUpdate: (order: VenueOrder) => void): void {
    const v = this.venueOrder(o);
    const info = (o.info ?? {}) as Record<string, unknown>;
    const bookId = info.aid ?? info.algoId;
    const fromStopBook = bookId !== undefined && bookId !== null && String(bookId) === String(o.id);
    if (!this.c.triggerOrdersApart || !fromStopBook || v.status === 'NEW') return onUpdate(v);
    void this.fetchOrder(v.symbol, v.id, true).then(onUpdate, () => {});
  }

  /** ccxt's private order stream (Binance user data stream, Bybit `order` topic), reconnected with back-off. */
  watchOrders(onUpdate: (order: VenueOrder) => void, onReconnect?: () => void): () => void {
    let running = true;
    void (async () => {
      let failures = 0;
      while (running) {
        try {
          const pending = this.c.client().watchOrders();
          if (failures > 0) {
            // Back after a drop once the new subscription has held for a second: whatever happened
            // meanwhile is for reconciliation.
            const held = await Promise.race([pending.then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(true), 1_000))]);
            if (held) {
              failures = 0;
              onReconnect?.();
            }
          }
          const list = await pending;
          if (running) for (const o of list) this.streamed(o, onUpdate);
        } catch {
          if (!running) return;
          failures++;
          await new Promise((r) => setTimeout(r, backoffMs(failures)));
        }
      }
    })();
    return () => {
      running = false;
    };
  }

  async balances(): Promise<Balance[]> {
    const ex = this.c.client();
    const b = await this.c.rest(() => ex.fetchBalance());
    const total = (b.total ?? {}) as unknown as Record<string, number | undefined>;
    const free = (b.free ?? {}) as unknown as Record<string, number | undefined>;
    const used = (b.used ?? {}) as unknown as Record<string, number | undefined>;
    return Object.keys(total)
      .filter((asset) => (total[asset] ?? 0) !== 0)
      .map((asset) => ({
        asset,
        free: exact(free[asset]) ?? Decimal.ZERO,
        locked: exact(used[asset]) ?? Decimal.ZERO,
        total: exact(total[asset]) ?? Decimal.ZERO,
      }));
  }

  /** The wallet's balance of `asset` without the open positions' unrealized PnL. */
  async walletBalance(asset: string): Promise<Decimal> {
    if (this.c.spotHoldings) asset = this.c.spotHoldings.quote; // a spot account's cash is its quote currency
    const [balances, positions] = await Promise.all([this.balances(), this.c.balanceIncludesUnrealized ? this.positions() : Promise.resolve([])]);
    const total = balances.find((b) => b.asset === asset)?.total ?? Decimal.ZERO;
    return positions.reduce((w, p) => w.sub(p.unrealizedPnl), total);
  }

  async positions(): Promise<VenuePosition[]> {
    if (this.c.spotHoldings) return this.holdings(this.c.spotHoldings.quote);
    const ex = this.c.client();
    const list = await this.c.rest(() => ex.fetchPositions());
    return list.flatMap((p) => {
      const size = times(exact(p.contracts), this.units(p.symbol ?? '')) ?? Decimal.ZERO;
      if (size.isZero()) return [];
      return [
        {
          symbol: this.c.ourSymbol(p.symbol ?? ''),
          quantity: p.side === 'short' ? size.abs().neg() : size.abs(),
          entryPrice: exact(p.entryPrice) ?? Decimal.ZERO,
          markPrice: exact(p.markPrice),
          unrealizedPnl: exact(p.unrealizedPnl) ?? Decimal.ZERO,
        },
      ];
    });
  }

  /** A spot account's currencies held, each as the position of our symbol of it against `quote` (where we list one). */
  private async holdings(quote: string): Promise<VenuePosition[]> {
    const balances = await this.balances();
    return balances.flatMap((b) => {
      if (b.asset === quote || b.total.isZero()) return [];
      const symbol = `${b.asset}${quote}`;
      try {
        this.c.ccxtSymbol(symbol);
      } catch {
        return []; // a currency we list no market of against the quote
      }
      return [{ symbol, quantity: b.total, entryPrice: Decimal.ZERO, markPrice: null, unrealizedPnl: Decimal.ZERO }];
    });
  }
}
