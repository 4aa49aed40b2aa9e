/**
 * The fake's exchange-side order handling, simple but honest: market orders fill at once at the
 * best bid/ask, limit orders rest and fill (maker, at their price) when the generator's last price
 * crosses them, conditional orders trigger on the last price, reduce-only is enforced against the
 * one-way position, funds are checked and reserved. Every change is told to the listeners (the
 * private WebSocket streams).
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import type { BybitAccount, OrderReservations } from './bybit-account.js';
import type { BybitInstruments } from './bybit-instruments.js';
import type { BybitMarketData } from './bybit-market-data.js';
import { isOpen, leavesQty, type BybitExecution, type BybitOrder } from './bybit-order-json.js';
import { checkFunds, checkGrid, checkMinNotional, checkTrigger, orderNotFound, readNewOrder } from './bybit-order-request.js';
import { BybitError, RET, category, optDec, optStr, reqStr, type Category, type Params } from './bybit-wire.js';

export type OrderEvent =
  | { readonly type: 'order'; readonly order: BybitOrder }
  | { readonly type: 'execution'; readonly execution: BybitExecution }
  | { readonly type: 'position'; readonly symbol: string }
  | { readonly type: 'wallet' };

export class BybitOrders implements OrderReservations {
  private readonly orders: BybitOrder[] = [];
  private readonly execs: BybitExecution[] = [];
  private readonly listeners = new Set<(e: OrderEvent) => void>();
  private spotIds = 1_900_000_000_000_000_000n;
  private execSeq = 5_000_000;

  constructor(
    private readonly inst: BybitInstruments,
    private readonly market: BybitMarketData,
    private readonly account: BybitAccount,
    private readonly now: () => number = Date.now,
  ) {
    account.setReservations(this);
  }

  on(listener: (e: OrderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Oldest first. */
  all(): readonly BybitOrder[] {
    return this.orders;
  }

  /** Oldest first. */
  executions(): readonly BybitExecution[] {
    return this.execs;
  }

  find(cat: Category, orderId: string | undefined, orderLinkId: string | undefined): BybitOrder | undefined {
    if (orderId !== undefined) return this.orders.find((o) => o.category === cat && o.orderId === orderId);
    if (orderLinkId !== undefined) {
      for (let i = this.orders.length - 1; i >= 0; i--) {
        const o = this.orders[i] as BybitOrder;
        if (o.category === cat && o.orderLinkId === orderLinkId) return o;
      }
    }
    return undefined;
  }

  create(p: Params): BybitOrder {
    const req = readNewOrder(p, this.inst);
    const tick = this.market.tick(req.spec.symbol);
    if (req.orderLinkId !== '' && this.orders.some((o) => o.category === req.category && o.orderLinkId === req.orderLinkId && isOpen(o))) {
      if (req.category === 'spot') throw new BybitError(170141, 'Duplicate clientOrderId.');
      throw new BybitError(RET.DUPLICATE_LINK_ID, 'OrderLinkedID is duplicate');
    }
    checkMinNotional(req, req.side === 'Buy' ? tick.ask : tick.bid);
    let direction = req.triggerDirection;
    if (req.triggerPrice !== null) {
      if (req.category === 'spot') direction = req.triggerPrice.gt(tick.last) ? 1 : 2;
      else checkTrigger(direction, req.triggerPrice, tick.last);
    } else {
      checkFunds(req, tick, this.account);
    }
    const time = this.now();
    const order: BybitOrder = {
      orderId: req.category === 'spot' ? String(++this.spotIds) : randomUUID(),
      orderLinkId: req.orderLinkId,
      category: req.category,
      spec: req.spec,
      side: req.side,
      orderType: req.orderType,
      price: req.price,
      qty: req.qty,
      marketUnit: req.marketUnit,
      timeInForce: req.timeInForce,
      status: req.triggerPrice === null ? 'New' : 'Untriggered',
      triggerPrice: req.triggerPrice,
      triggerDirection: direction,
      reduceOnly: req.reduceOnly,
      closeOnTrigger: req.closeOnTrigger,
      cumExecQty: Decimal.ZERO,
      cumExecValue: Decimal.ZERO,
      cumExecFee: Decimal.ZERO,
      feeCurrency: req.category === 'spot' && req.side === 'Buy' ? req.spec.base : req.spec.quote,
      createdTime: time,
      updatedTime: time,
      cancelType: 'UNKNOWN',
      rejectReason: 'EC_NoError',
      lastPriceOnCreated: tick.last,
    };
    this.orders.push(order);
    if (order.status === 'Untriggered') this.emit({ type: 'order', order });
    else this.activate(order, tick);
    return order;
  }

  cancel(p: Params): BybitOrder {
    const cat = category(p);
    const symbol = reqStr(p, 'symbol');
    const orderId = optStr(p, 'orderId');
    const orderLinkId = optStr(p, 'orderLinkId');
    if (orderId === undefined && orderLinkId === undefined) throw new BybitError(RET.PARAMS, 'params error: orderId or orderLinkId is required');
    const o = this.find(cat, orderId, orderLinkId);
    if (!o || !isOpen(o) || o.spec.symbol !== symbol) throw orderNotFound(cat);
    if (this.cancelLagMs > 0) {
      // Taken, not done: the order stays open (and can still fill) until the cancel is processed.
      setTimeout(() => isOpen(o) && this.close(o, 'Cancelled', 'CancelByUser'), this.cancelLagMs);
      return o;
    }
    this.close(o, 'Cancelled', 'CancelByUser');
    return o;
  }

  /**
   * Bybit v5 takes a create and a cancel asynchronously ("this request is asynchronous so please use
   * the websocket to confirm the order status"): a new order shows in the order queries only this
   * long after it was created (ms; default 0), and a cancel is processed this long after it was
   * answered (default 0: at once).
   */
  queryLagMs = 0;
  cancelLagMs = 0;

  /** Whether the order queries list the order yet (see queryLagMs). */
  listed(o: BybitOrder): boolean {
    return this.now() - o.createdTime >= this.queryLagMs;
  }

  /** Cancels the open orders of a category (and symbol, when given); returns them. */
  cancelAll(p: Params): BybitOrder[] {
    const cat = category(p);
    const symbol = optStr(p, 'symbol');
    const filter = optStr(p, 'orderFilter');
    const hit = this.orders.filter(
      (o) =>
        o.category === cat &&
        isOpen(o) &&
        (symbol === undefined || o.spec.symbol === symbol) &&
        (filter === undefined || (filter === 'StopOrder') === (o.status === 'Untriggered')),
    );
    for (const o of hit) this.close(o, 'Cancelled', 'CancelByUser');
    return hit;
  }

  /** Triggers conditional orders and fills resting limit orders against a new tick. */
  onTick(tick: MarketTick): void {
    for (const o of this.orders.filter((x) => isOpen(x) && x.spec.symbol === tick.symbol)) {
      if (!isOpen(o)) continue;
      if (o.status === 'Untriggered' && o.triggerPrice !== null) {
        const hit = o.triggerDirection === 1 ? tick.last.gte(o.triggerPrice) : tick.last.lte(o.triggerPrice);
        if (!hit) continue;
        if (!o.reduceOnly && !this.fundsAtTrigger(o, tick)) continue;
        o.status = 'Triggered';
        o.updatedTime = this.now();
        this.emit({ type: 'order', order: o });
        o.status = 'New';
        this.activate(o, tick);
      } else if (o.orderType === 'Limit' && o.price !== null) {
        const crossed = o.side === 'Buy' ? tick.last.lte(o.price) : tick.last.gte(o.price);
        if (crossed) this.fill(o, o.price, true, tick);
      }
    }
  }

  /** Amends qty / price / triggerPrice of an open order (`POST /v5/order/amend`). */
  amend(p: Params): BybitOrder {
    const cat = category(p);
    const symbol = reqStr(p, 'symbol');
    const o = this.find(cat, optStr(p, 'orderId'), optStr(p, 'orderLinkId'));
    if (!o || !isOpen(o) || o.spec.symbol !== symbol) throw orderNotFound(cat, 'replace');
    const qty = optDec(p, 'qty') ?? o.qty;
    const price = optDec(p, 'price') ?? o.price;
    const trigger = optDec(p, 'triggerPrice') ?? o.triggerPrice;
    if (qty.eq(o.qty) && price === o.price && trigger === o.triggerPrice) throw new BybitError(RET.PARAMS, 'params error: nothing to amend');
    if (price !== o.price && o.orderType !== 'Limit') throw new BybitError(RET.PARAMS, 'params error: price of a market order cannot be amended');
    if (trigger !== o.triggerPrice && o.status !== 'Untriggered') throw new BybitError(RET.PARAMS, 'params error: triggerPrice can only be amended before the trigger');
    if (qty.lte(o.cumExecQty)) throw new BybitError(RET.PARAMS, 'params error: qty invalid');
    checkGrid(o.spec, o.marketUnit, qty, price, trigger);
    const tick = this.market.tick(symbol);
    if (trigger !== null && trigger !== o.triggerPrice && cat === 'linear') checkTrigger(o.triggerDirection, trigger, tick.last);
    Object.assign(o, { qty, price, triggerPrice: trigger, updatedTime: this.now() });
    if (o.status === 'New') this.activate(o, tick);
    else this.emit({ type: 'order', order: o });
    return o;
  }

  orderIM(): Decimal {
    let im = Decimal.ZERO;
    for (const o of this.orders) {
      if (o.category !== 'linear' || o.reduceOnly || o.status !== 'New' || o.price === null) continue;
      im = im.add(leavesQty(o).mul(o.price).div(this.account.leverage(o.spec.symbol), 8, 'up'));
    }
    return im;
  }

  locked(coin: string): Decimal {
    let sum = Decimal.ZERO;
    for (const o of this.orders) {
      if (o.category !== 'spot' || o.status !== 'New' || o.price === null) continue;
      if (o.side === 'Buy' && coin === o.spec.quote) sum = sum.add(leavesQty(o).mul(o.price));
      if (o.side === 'Sell' && coin === o.spec.base) sum = sum.add(leavesQty(o));
    }
    return sum;
  }

  /** A triggered order still needs the funds; without them it is rejected. */
  private fundsAtTrigger(o: BybitOrder, tick: MarketTick): boolean {
    try {
      checkFunds(o, tick, this.account);
      return true;
    } catch (e) {
      if (!(e instanceof BybitError)) throw e;
      o.rejectReason = 'EC_InsufficientBalance';
      this.close(o, 'Rejected', 'UNKNOWN');
      return false;
    }
  }

  /** A live (new or just triggered) order meets the book: fill, rest or go away. */
  private activate(o: BybitOrder, tick: MarketTick): void {
    const best = o.side === 'Buy' ? tick.ask : tick.bid;
    if (o.orderType === 'Market') return this.fill(o, best, false, tick);
    const price = o.price as Decimal;
    const marketable = o.side === 'Buy' ? price.gte(tick.ask) : price.lte(tick.bid);
    if (marketable) {
      if (o.timeInForce === 'PostOnly') {
        o.rejectReason = 'EC_PostOnlyWillTakeLiquidity';
        return this.close(o, 'Cancelled', 'UNKNOWN');
      }
      return this.fill(o, best, false, tick);
    }
    if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') return this.close(o, 'Cancelled', 'UNKNOWN');
    o.updatedTime = this.now();
    this.emit({ type: 'order', order: o });
    this.emit({ type: 'wallet' });
  }

  private fill(o: BybitOrder, price: Decimal, maker: boolean, tick: MarketTick): void {
    const s = o.spec;
    let qty = o.marketUnit === 'quoteCoin' ? o.qty.div(price, s.qtyScale, 'down') : o.qty.sub(o.cumExecQty);
    if (o.reduceOnly) {
      const size = this.account.position(s.symbol)?.size ?? Decimal.ZERO;
      const reducible = !size.isZero() && (size.sign() > 0) !== (o.side === 'Buy') ? size.abs() : Decimal.ZERO;
      if (reducible.isZero()) return this.close(o, o.triggerPrice ? 'Deactivated' : 'Cancelled', 'CancelByReduceOnly');
      if (qty.gt(reducible)) {
        qty = reducible;
        o.qty = o.cumExecQty.add(qty);
      }
    }
    if (qty.sign() <= 0) return this.close(o, 'Cancelled', 'UNKNOWN');
    const value = qty.mul(price);
    const rate = maker ? s.makerFee : s.takerFee;
    const spotBuy = o.category === 'spot' && o.side === 'Buy';
    const fee = (spotBuy ? qty : value).mul(rate).rescale(8, 'half-up').normalize();
    const time = this.now();
    let closed = Decimal.ZERO;
    if (o.category === 'spot') this.account.applySpotFill(s.base, s.quote, o.side, qty, price, fee);
    else closed = this.account.applyLinearFill(s.symbol, o.side, qty, price, fee, time);
    o.cumExecQty = o.cumExecQty.add(qty);
    o.cumExecValue = o.cumExecValue.add(value);
    o.cumExecFee = o.cumExecFee.add(fee);
    o.status = 'Filled';
    o.updatedTime = time;
    const execution: BybitExecution = {
      category: o.category,
      symbol: s.symbol,
      execId: randomUUID(),
      order: o,
      execPrice: price,
      execQty: qty,
      execFee: fee,
      feeRate: rate,
      isMaker: maker,
      execTime: time,
      closedSize: closed,
      leavesQty: Decimal.ZERO,
      markPrice: tick.last,
      seq: ++this.execSeq,
    };
    this.execs.push(execution);
    this.emit({ type: 'execution', execution });
    this.emit({ type: 'order', order: o });
    if (o.category === 'linear') this.emit({ type: 'position', symbol: s.symbol });
    this.emit({ type: 'wallet' });
  }

  private close(o: BybitOrder, status: BybitOrder['status'], cancelType: string): void {
    o.status = o.cumExecQty.isZero() || status !== 'Cancelled' ? status : 'PartiallyFilledCanceled';
    o.cancelType = cancelType;
    o.updatedTime = this.now();
    this.emit({ type: 'order', order: o });
    this.emit({ type: 'wallet' });
  }

  private emit(e: OrderEvent): void {
    for (const l of this.listeners) l(e);
  }
}
