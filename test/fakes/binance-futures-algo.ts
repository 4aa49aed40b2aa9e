import { Decimal } from '../../src/domain/decimal.js';
import { BinanceError, errors } from './binance-errors.js';
import { average, ZERO } from './binance-format.js';
import type { Emit, FuturesEngine } from './binance-futures-engine.js';
import { algoUpdate } from './binance-futures-shapes.js';
import type { AlgoOrder, FutOrder } from './binance-futures-types.js';
import type { BinanceMarket, MarketEvent } from './binance-market.js';
import { triggered, triggerKind } from './binance-matching.js';
import type { OrderRequest } from './binance-order-params.js';

/**
 * The USD-M Algo Service (`/fapi/v1/algoOrder`): conditional orders (STOP_MARKET, TAKE_PROFIT_MARKET,
 * STOP, TAKE_PROFIT, TRAILING_STOP_MARKET) wait here, out of the book, until the last price (or
 * the mark, with `workingType=MARK_PRICE`) reaches the trigger; then the order is placed in the
 * matching engine (MARKET, or LIMIT at `price`). Pushes ALGO_UPDATE: NEW, CANCELED, TRIGGERED,
 * FINISHED, EXPIRED (with `rm`, the reason, when the placed order was refused).
 */
export class FuturesAlgoService {
  private readonly algos = new Map<number, AlgoOrder>();
  private nextAlgoId = 5_000_001;
  /** Algo orders whose placed order ended before the TRIGGERED update went out. */
  private readonly finishedEarly = new Map<number, FutOrder>();

  /**
   * ALGO_UPDATE TRIGGERED and FINISHED are pushed before the sent order's ORDER_TRADE_UPDATE events
   * (default: after them). Binance orders events of one type only: a client must read either order right.
   */
  triggeredFirst = false;

  constructor(
    private readonly market: BinanceMarket,
    private readonly engine: FuturesEngine,
    private readonly emit: Emit,
    private readonly now: () => number,
  ) {
    engine.onFinal = (o) => this.orderEnded(o);
  }

  place(req: OrderRequest): AlgoOrder {
    const s = req.spec;
    const tick = this.market.last(s.symbol);
    if (!tick) throw errors.disconnected();
    if (this.open().some((a) => a.clientAlgoId === req.clientOrderId)) throw errors.duplicateClientId();
    const kind = triggerKind(req.type);
    const trigger = req.stopPrice ?? ZERO;
    const ref = req.workingType === 'MARK_PRICE' ? this.market.mark(s.symbol) : tick.last;
    if (kind !== null && req.type !== 'TRAILING_STOP_MARKET' && triggered(kind, req.side, trigger, ref)) throw errors.wouldTrigger();
    if (!req.reduceOnly && !req.closePosition && req.quantity !== null) {
      const notionalRef = req.price ?? trigger;
      if (!notionalRef.isZero() && notionalRef.mul(req.quantity).lt(s.minNotional)) throw errors.futuresNotional(s.minNotional.toString());
    }
    const time = this.now();
    const a: AlgoOrder = {
      algoId: this.nextAlgoId++,
      clientAlgoId: req.clientOrderId,
      spec: s,
      orderType: req.type,
      side: req.side,
      timeInForce: req.timeInForce,
      quantity: req.quantity ?? ZERO,
      triggerPrice: trigger,
      price: req.price ?? ZERO,
      workingType: req.workingType,
      closePosition: req.closePosition,
      priceProtect: req.priceProtect,
      reduceOnly: req.reduceOnly,
      callbackRate: req.callbackRate,
      activatePrice: req.activatePrice,
      createTime: time,
      algoStatus: 'NEW',
      updateTime: time,
      triggerTime: 0,
      actualOrderId: null,
      actualPrice: null,
      rejectReason: '',
      activated: req.activatePrice === null,
      extreme: null,
    };
    this.algos.set(a.algoId, a);
    this.update(a, null);
    return a;
  }

  find(symbol: string | null, id: number | null, clientId: string | null): AlgoOrder {
    const a = id !== null ? this.algos.get(id) : [...this.algos.values()].reverse().find((x) => x.clientAlgoId === clientId);
    if (!a || (symbol !== null && a.spec.symbol !== symbol) || (clientId !== null && a.clientAlgoId !== clientId)) throw errors.noSuchOrder();
    return a;
  }

  cancel(symbol: string | null, id: number | null, clientId: string | null): AlgoOrder {
    let a: AlgoOrder;
    try {
      a = this.find(symbol, id, clientId);
    } catch {
      throw errors.cancelRejected();
    }
    if (a.algoStatus !== 'NEW') throw errors.cancelRejected();
    a.algoStatus = 'CANCELED';
    a.updateTime = this.now();
    this.update(a, null);
    return a;
  }

  open(symbol?: string): AlgoOrder[] {
    return [...this.algos.values()].filter((a) => a.algoStatus === 'NEW' && (symbol === undefined || a.spec.symbol === symbol));
  }

  all(symbol?: string): AlgoOrder[] {
    return [...this.algos.values()].filter((a) => symbol === undefined || a.spec.symbol === symbol);
  }

  onMarket(e: MarketEvent): void {
    for (const a of this.open(e.tick.symbol)) {
      const ref = a.workingType === 'MARK_PRICE' ? this.market.mark(a.spec.symbol) : e.tick.last;
      if (this.fires(a, ref)) this.trigger(a);
    }
  }

  private fires(a: AlgoOrder, ref: Decimal): boolean {
    if (a.orderType !== 'TRAILING_STOP_MARKET') {
      const kind = triggerKind(a.orderType);
      return kind !== null && triggered(kind, a.side, a.triggerPrice, ref);
    }
    // A trailing stop: once active, it fires when the price comes back callbackRate % from its best.
    if (!a.activated) {
      a.activated = a.activatePrice === null || (a.side === 'SELL' ? ref.gte(a.activatePrice) : ref.lte(a.activatePrice));
      if (!a.activated) return false;
    }
    if (a.extreme === null || (a.side === 'SELL' ? ref.gt(a.extreme) : ref.lt(a.extreme))) a.extreme = ref;
    const rate = (a.callbackRate ?? ZERO).div(Decimal.fromInt(100), 8);
    const back = a.side === 'SELL' ? a.extreme.mul(Decimal.fromInt(1).sub(rate)) : a.extreme.mul(Decimal.fromInt(1).add(rate));
    return a.side === 'SELL' ? ref.lte(back) : ref.gte(back);
  }

  private trigger(a: AlgoOrder): void {
    const time = this.now();
    a.triggerTime = time;
    a.updateTime = time;
    const limit = a.orderType === 'STOP' || a.orderType === 'TAKE_PROFIT';
    const req: OrderRequest = {
      spec: a.spec,
      side: a.side,
      type: limit ? 'LIMIT' : 'MARKET',
      quantity: a.closePosition ? null : a.quantity,
      quoteOrderQty: null,
      price: limit ? a.price : null,
      stopPrice: a.triggerPrice,
      timeInForce: a.timeInForce,
      clientOrderId: a.clientAlgoId,
      reduceOnly: a.reduceOnly,
      closePosition: a.closePosition,
      workingType: a.workingType,
      priceProtect: a.priceProtect,
      callbackRate: null,
      activatePrice: null,
      respType: null,
    };
    try {
      const place = () => this.engine.place(req, { algoId: a.algoId, origType: a.orderType, stopPrice: a.triggerPrice });
      const triggered = (o: FutOrder) => {
        a.actualOrderId = o.orderId;
        a.actualPrice = limit ? a.price : null;
        a.algoStatus = 'TRIGGERED';
        this.update(a, null);
      };
      const finish = () => {
        const ended = this.finishedEarly.get(a.algoId);
        if (ended) {
          this.finishedEarly.delete(a.algoId);
          this.orderEnded(ended);
        }
      };
      if (this.triggeredFirst) {
        // The Algo Service's events reach the client before the sent order's own (its fills): TRIGGERED
        // at once, a message of its own; FINISHED a moment later, and then the sent order's events.
        const sent = this.engine.holding(place);
        triggered(sent.result);
        setTimeout(() => {
          finish();
          sent.release();
        }, 100);
      } else {
        triggered(place());
        finish();
      }
    } catch (error) {
      a.algoStatus = 'EXPIRED';
      a.rejectReason = error instanceof BinanceError ? error.msg : String(error);
      this.update(a, null);
    }
  }

  private orderEnded(o: FutOrder): void {
    if (o.algoId === null) return;
    const a = this.algos.get(o.algoId);
    if (!a) return;
    if (a.algoStatus !== 'TRIGGERED') {
      this.finishedEarly.set(a.algoId, o);
      return;
    }
    a.algoStatus = 'FINISHED';
    a.updateTime = this.now();
    this.update(a, o);
  }

  private update(a: AlgoOrder, o: FutOrder | null): void {
    const time = this.now();
    const executed = o?.executedQty ?? ZERO;
    const avg = o ? average(o.cumQuote, o.executedQty) : ZERO;
    this.emit({ e: 'ALGO_UPDATE', T: time, E: time, o: algoUpdate(a, executed, avg) });
  }
}
