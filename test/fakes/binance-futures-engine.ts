import { Decimal } from '../../src/domain/decimal.js';
import { errors } from './binance-errors.js';
import { ZERO } from './binance-format.js';
import type { FuturesLedger } from './binance-futures-ledger.js';
import { orderUpdate } from './binance-futures-shapes.js';
import type { FutOrder, UserTrade } from './binance-futures-types.js';
import type { BinanceMarket, MarketEvent } from './binance-market.js';
import { crossesBook, limitReached, takerPrice } from './binance-matching.js';
import type { OrderRequest } from './binance-order-params.js';

type Json = Record<string, unknown>;
export type Emit = (event: Json) => void;

/**
 * The USD-M matching engine for MARKET and LIMIT orders (the Algo Service places its triggered
 * orders here too). MARKET fills at once at the best price; LIMIT takes if it crosses the book
 * (GTX is refused instead, IOC/FOK expire when they cannot fill) or rests until the last trade
 * reaches it; reduceOnly orders only ever shrink the position. Every change is pushed as
 * ORDER_TRADE_UPDATE, every fill also as ACCOUNT_UPDATE.
 */
export class FuturesEngine {
  private readonly orders = new Map<number, FutOrder>();
  private readonly trades: UserTrade[] = [];
  private nextOrderId = 4_000_000_001;
  private nextTradeId = 300_000_001;
  /** Told when an order reaches a final state (the Algo Service finishes its algo order). */
  onFinal: (o: FutOrder) => void = () => undefined;
  /**
   * How many makers a taker order meets: it executes in this many trades (its quantity split in
   * whole steps, the last trade taking the rest, each a tick further), as an order larger than the
   * best level does on Binance. Default 1.
   */
  takerTrades = 1;
  /**
   * The size of the takers the market sends into a resting order: a limit the market reaches fills
   * at most this much per market event and rests with the rest (PARTIALLY_FILLED). Null: all of it.
   */
  makerFill: Decimal | null = null;
  /**
   * How long a trade takes to appear in `/fapi/v1/userTrades` (ms; default 0): the REST trade list
   * lags the order's own status and the user data stream on the real exchange.
   */
  tradesLagMs = 0;

  constructor(
    private readonly market: BinanceMarket,
    readonly ledger: FuturesLedger,
    private readonly emit: Emit,
    private readonly now: () => number,
  ) {}

  /** Checks and accepts a MARKET/LIMIT order, then executes what can execute now. */
  place(req: OrderRequest, algo?: { algoId: number; origType: string; stopPrice: Decimal }): FutOrder {
    const s = req.spec;
    const tick = this.market.last(s.symbol);
    if (!tick) throw errors.disconnected();
    if (this.open().some((o) => o.clientOrderId === req.clientOrderId)) throw errors.duplicateClientId();
    const pos = this.ledger.position(s.symbol);
    let q = req.quantity ?? ZERO;
    if (req.closePosition) q = pos.amt.abs();
    const ref = req.type === 'LIMIT' ? (req.price as Decimal) : takerPrice(req.side, tick);
    if (req.reduceOnly || req.closePosition) {
      const reducing = (req.side === 'BUY' && pos.amt.sign() < 0) || (req.side === 'SELL' && pos.amt.sign() > 0);
      if (!reducing) throw errors.reduceOnlyRejected();
    } else if (ref.mul(q).lt(s.minNotional)) {
      throw errors.futuresNotional(s.minNotional.toString());
    }
    if (req.type === 'LIMIT') {
      const mark = this.market.mark(s.symbol);
      const up = mark.mul(Decimal.fromInt(1).add(s.band)).rescale(s.priceScale, 'floor');
      const down = mark.mul(Decimal.fromInt(1).sub(s.band)).rescale(s.priceScale, 'ceil');
      if (req.side === 'BUY' && ref.gt(up)) throw errors.limitAbove(up.toFixed());
      if (req.side === 'SELL' && ref.lt(down)) throw errors.limitBelow(down.toFixed());
      if (req.timeInForce === 'GTX' && crossesBook(req.side, ref, tick)) throw errors.gtxWouldTake();
    }
    if (!req.reduceOnly && !req.closePosition) {
      const lev = Decimal.fromInt(pos.leverage);
      const need = this.ledger.opening(s.symbol, req.side, q).mul(ref).div(lev, 8, 'up');
      if (need.gt(this.ledger.totals(this.orderMargin()).available)) throw errors.marginInsufficient();
    }
    const time = this.now();
    const o: FutOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: req.clientOrderId,
      spec: s,
      side: req.side,
      type: req.type,
      origType: algo?.origType ?? req.type,
      price: req.type === 'LIMIT' ? ref : ZERO,
      origQty: q,
      stopPrice: algo?.stopPrice ?? ZERO,
      timeInForce: req.timeInForce,
      reduceOnly: req.reduceOnly || req.closePosition,
      closePosition: req.closePosition,
      workingType: req.workingType,
      priceProtect: req.priceProtect,
      time,
      algoId: algo?.algoId ?? null,
      executedQty: ZERO,
      cumQuote: ZERO,
      status: 'NEW',
      updateTime: time,
    };
    this.orders.set(o.orderId, o);
    this.event(o, 'NEW', null);
    if (o.type === 'MARKET' || crossesBook(o.side, o.price, tick)) {
      this.execute(o, takerPrice(o.side, tick), false);
    } else if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') {
      this.finish(o, 'EXPIRED');
    }
    return o;
  }

  find(symbol: string, id: number | null, clientId: string | null): FutOrder {
    const o = id !== null ? this.orders.get(id) : [...this.orders.values()].reverse().find((x) => x.clientOrderId === clientId);
    if (!o || o.spec.symbol !== symbol || (clientId !== null && o.clientOrderId !== clientId)) throw errors.noSuchOrder();
    return o;
  }

  cancel(symbol: string, id: number | null, clientId: string | null): FutOrder {
    let o: FutOrder;
    try {
      o = this.find(symbol, id, clientId);
    } catch {
      throw errors.cancelRejected();
    }
    if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') throw errors.cancelRejected();
    this.finish(o, 'CANCELED');
    return o;
  }

  open(symbol?: string): FutOrder[] {
    return [...this.orders.values()].filter(
      (o) => (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && (symbol === undefined || o.spec.symbol === symbol),
    );
  }

  all(symbol: string): FutOrder[] {
    return [...this.orders.values()].filter((o) => o.spec.symbol === symbol);
  }

  /** Runs `run` with its user data stream events held until `release` (Binance orders events of one type only). */
  holding<T>(run: () => T): { result: T; release: () => void } {
    const held: Json[] = [];
    this.held = held;
    try {
      return { result: run(), release: () => held.forEach((e) => this.emit(e)) };
    } finally {
      this.held = null;
    }
  }

  private held: Json[] | null = null;

  private send(event: Json): void {
    if (this.held) this.held.push(event);
    else this.emit(event);
  }

  /** The account's trades as `/fapi/v1/userTrades` lists them: a trade younger than `tradesLagMs` is not listed yet. */
  userTrades(symbol: string): UserTrade[] {
    const seen = this.now() - this.tradesLagMs;
    return this.trades.filter((t) => t.spec.symbol === symbol && t.time <= seen);
  }

  /** Initial margin held by the open orders (of one symbol, or all). */
  orderMargin(symbol?: string): Decimal {
    let total = ZERO;
    for (const o of this.open(symbol)) {
      if (o.reduceOnly || o.type !== 'LIMIT') continue;
      const lev = Decimal.fromInt(this.ledger.position(o.spec.symbol).leverage);
      total = total.add(o.origQty.sub(o.executedQty).mul(o.price).div(lev, 8, 'up'));
    }
    return total;
  }

  onMarket(e: MarketEvent): void {
    for (const o of this.open(e.tick.symbol)) {
      if (o.type === 'LIMIT' && limitReached(o.side, o.price, e.tick.last)) this.execute(o, o.price, true);
    }
  }

  private execute(o: FutOrder, price: Decimal, maker: boolean): void {
    let q = o.origQty.sub(o.executedQty);
    if (o.reduceOnly) {
      const amt = this.ledger.position(o.spec.symbol).amt;
      const reducing = (o.side === 'BUY' && amt.sign() < 0) || (o.side === 'SELL' && amt.sign() > 0);
      if (!reducing) {
        this.finish(o, 'EXPIRED');
        return;
      }
      if (q.gt(amt.abs())) q = amt.abs();
    }
    if (maker && this.makerFill !== null && q.gt(this.makerFill)) {
      this.trade(o, price, this.makerFill, true); // the rest waits for the next taker
      return;
    }
    const pieces = maker ? 1 : Math.max(1, Math.min(this.takerTrades, Number(q.div(o.spec.step, 0, 'floor').toString())));
    const lot = q.div(Decimal.fromInt(pieces), o.spec.qtyScale, 'floor');
    for (let i = 0; i < pieces; i++) {
      const part = i === pieces - 1 ? q.sub(lot.mul(Decimal.fromInt(pieces - 1))) : lot;
      const away = o.spec.tick.mul(Decimal.fromInt(i));
      this.trade(o, o.side === 'BUY' ? price.add(away) : price.sub(away), part, maker);
    }
    if (o.executedQty.eq(o.origQty)) this.onFinal(o);
    else this.finish(o, 'EXPIRED');
  }

  /** One execution of `o`: the position, the trade, ORDER_TRADE_UPDATE and ACCOUNT_UPDATE. */
  private trade(o: FutOrder, price: Decimal, q: Decimal, maker: boolean): void {
    const time = this.now();
    const rate = maker ? o.spec.maker : o.spec.taker;
    const fee = price.mul(q).mul(rate).rescale(8, 'half-up');
    const realized = this.ledger.fill(o.spec, o.side, q, price, fee, time);
    o.executedQty = o.executedQty.add(q);
    o.cumQuote = o.cumQuote.add(price.mul(q));
    o.updateTime = time;
    o.status = o.executedQty.eq(o.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
    const trade: UserTrade = { id: this.nextTradeId++, orderId: o.orderId, spec: o.spec, side: o.side, price, qty: q, fee, realized, maker, time };
    this.trades.push(trade);
    this.event(o, 'TRADE', trade);
    this.send({ e: 'ACCOUNT_UPDATE', T: time, E: time, a: this.ledger.accountUpdate([o.spec.symbol], 'ORDER') });
  }

  private finish(o: FutOrder, status: 'CANCELED' | 'EXPIRED'): void {
    o.status = status;
    o.updateTime = this.now();
    this.event(o, status, null);
    this.onFinal(o);
  }

  private event(o: FutOrder, x: string, fill: UserTrade | null): void {
    const time = this.now();
    this.send({ e: 'ORDER_TRADE_UPDATE', T: time, E: time, o: orderUpdate(o, x, fill, time) });
  }
}
