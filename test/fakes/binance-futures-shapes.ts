import type { Decimal } from '../../src/domain/decimal.js';
import { average, money, px, qty, ZERO } from './binance-format.js';
import type { AlgoOrder, FutOrder, UserTrade } from './binance-futures-types.js';

/**
 * USD-M payloads of an order: the REST order object (`/fapi/v1/order` answers), the `o` of an
 * ORDER_TRADE_UPDATE event, the algo order object (`/fapi/v1/algoOrder`) and the `o` of ALGO_UPDATE.
 */
type Json = Record<string, unknown>;

const avg = (o: FutOrder): string => average(o.cumQuote, o.executedQty).rescale(Math.max(o.spec.priceScale, 5), 'half-up').toFixed();
const zeroPx = (o: FutOrder, d: Decimal): string => (d.isZero() ? '0' : px(o.spec, d));

export function orderJson(o: FutOrder, withTime = true): Json {
  const body: Json = {
    orderId: o.orderId,
    symbol: o.spec.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: zeroPx(o, o.price),
    avgPrice: avg(o),
    origQty: qty(o.spec, o.origQty),
    executedQty: qty(o.spec, o.executedQty),
    cumQty: qty(o.spec, o.executedQty),
    cumQuote: money(o.cumQuote),
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: o.closePosition,
    side: o.side,
    positionSide: 'BOTH',
    stopPrice: zeroPx(o, o.stopPrice),
    workingType: o.workingType,
    priceProtect: o.priceProtect,
    origType: o.origType,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
  };
  if (withTime) body['time'] = o.time;
  body['updateTime'] = o.updateTime;
  return body;
}

/** The `o` of ORDER_TRADE_UPDATE for execution type `x` (NEW, TRADE, CANCELED, EXPIRED). */
export function orderUpdate(o: FutOrder, x: string, fill: UserTrade | null, time: number): Json {
  const bidNotional = o.side === 'BUY' && o.status === 'NEW' ? o.price.mul(o.origQty) : ZERO;
  const askNotional = o.side === 'SELL' && o.status === 'NEW' ? o.price.mul(o.origQty) : ZERO;
  return {
    s: o.spec.symbol,
    c: o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: qty(o.spec, o.origQty),
    p: zeroPx(o, o.price),
    ap: avg(o),
    sp: zeroPx(o, o.stopPrice),
    x,
    X: o.status,
    i: o.orderId,
    l: fill ? qty(o.spec, fill.qty) : '0',
    z: qty(o.spec, o.executedQty),
    L: fill ? px(o.spec, fill.price) : '0',
    N: 'USDT',
    n: fill ? money(fill.fee) : '0',
    T: time,
    t: fill ? fill.id : 0,
    b: bidNotional.toString(),
    a: askNotional.toString(),
    m: fill ? fill.maker : false,
    R: o.reduceOnly,
    wt: o.workingType,
    ot: o.origType,
    ps: 'BOTH',
    cp: o.closePosition,
    rp: fill ? money(fill.realized) : '0',
    pP: o.priceProtect,
    si: 0,
    ss: 0,
    V: 'EXPIRE_MAKER',
    pm: 'NONE',
    gtd: 0,
  };
}

export function algoJson(a: AlgoOrder): Json {
  return {
    algoId: a.algoId,
    clientAlgoId: a.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: a.orderType,
    symbol: a.spec.symbol,
    side: a.side,
    positionSide: 'BOTH',
    timeInForce: a.timeInForce,
    quantity: qty(a.spec, a.quantity),
    algoStatus: a.algoStatus,
    actualOrderId: a.actualOrderId === null ? '' : String(a.actualOrderId),
    actualPrice: a.actualPrice === null ? '0.00000' : px(a.spec, a.actualPrice),
    triggerPrice: a.triggerPrice.isZero() ? '0.00000' : px(a.spec, a.triggerPrice),
    price: a.price.isZero() ? '0.00000' : px(a.spec, a.price),
    icebergQuantity: null,
    tpTriggerPrice: '0.00000',
    tpPrice: '0.00000',
    slTriggerPrice: '0.00000',
    slPrice: '0.00000',
    tpOrderType: '',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: a.workingType,
    priceMatch: 'NONE',
    closePosition: a.closePosition,
    priceProtect: a.priceProtect,
    reduceOnly: a.reduceOnly,
    activatePrice: a.activatePrice === null ? '' : px(a.spec, a.activatePrice),
    callbackRate: a.callbackRate === null ? '' : a.callbackRate.toString(),
    createTime: a.createTime,
    updateTime: a.updateTime,
    triggerTime: a.triggerTime,
    goodTillDate: 0,
  };
}

/** The `o` of ALGO_UPDATE. */
export function algoUpdate(a: AlgoOrder, executed: Decimal, avgPrice: Decimal): Json {
  return {
    caid: a.clientAlgoId,
    aid: a.algoId,
    at: 'CONDITIONAL',
    o: a.orderType,
    s: a.spec.symbol,
    S: a.side,
    ps: 'BOTH',
    f: a.timeInForce,
    q: qty(a.spec, a.quantity),
    X: a.algoStatus,
    ai: a.actualOrderId === null ? '' : String(a.actualOrderId),
    ap: avgPrice.isZero() ? '0.00000' : px(a.spec, avgPrice),
    aq: qty(a.spec, executed),
    act: a.actualOrderId === null ? '0' : a.orderType.endsWith('MARKET') ? 'MARKET' : 'LIMIT',
    tp: px(a.spec, a.triggerPrice),
    p: a.price.isZero() ? '0' : px(a.spec, a.price),
    V: 'EXPIRE_MAKER',
    wt: a.workingType,
    pm: 'NONE',
    cp: a.closePosition,
    pP: a.priceProtect,
    R: a.reduceOnly,
    tt: a.triggerTime,
    gtd: 0,
    rm: a.rejectReason,
  };
}

/** `/fapi/v1/userTrades` entry. */
export function userTradeJson(t: UserTrade): Json {
  return {
    buyer: t.side === 'BUY',
    commission: money(t.fee),
    commissionAsset: 'USDT',
    id: t.id,
    maker: t.maker,
    orderId: t.orderId,
    price: px(t.spec, t.price),
    qty: qty(t.spec, t.qty),
    quoteQty: money(t.price.mul(t.qty)),
    realizedPnl: money(t.realized),
    side: t.side,
    positionSide: 'BOTH',
    symbol: t.spec.symbol,
    time: t.time,
  };
}
