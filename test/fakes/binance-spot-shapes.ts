import type { Decimal } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/ids.js';
import { n8, type SymbolSpec } from './binance-format.js';

/** Spot records and their payloads: REST order answers (ACK/RESULT/FULL), executionReport, myTrades. */
export type SpotStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface SpotFill {
  readonly id: number;
  readonly orderId: number;
  readonly spec: SymbolSpec;
  readonly side: Side;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly fee: Decimal;
  readonly maker: boolean;
  readonly time: number;
}

export interface SpotOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly spec: SymbolSpec;
  readonly side: Side;
  readonly type: string;
  readonly price: Decimal;
  readonly origQty: Decimal;
  readonly origQuoteOrderQty: Decimal;
  readonly stopPrice: Decimal;
  readonly timeInForce: string;
  readonly time: number;
  executedQty: Decimal;
  cumQuote: Decimal;
  status: SpotStatus;
  updateTime: number;
  /** When the order went on the book (stops: when they triggered); -1 before. */
  workingTime: number;
  /** What the order holds locked: asset and amount. */
  lockAsset: string;
  lockAmount: Decimal;
  fills: SpotFill[];
}

type Json = Record<string, unknown>;

const isStop = (o: SpotOrder) => o.type.startsWith('STOP') || o.type.startsWith('TAKE_PROFIT');

function core(o: SpotOrder): Json {
  return {
    symbol: o.spec.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
  };
}

function state(o: SpotOrder): Json {
  const body: Json = {
    price: n8(o.price),
    origQty: n8(o.origQty),
    executedQty: n8(o.executedQty),
    origQuoteOrderQty: n8(o.origQuoteOrderQty),
    cummulativeQuoteQty: n8(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
  };
  if (isStop(o)) body['stopPrice'] = n8(o.stopPrice);
  return body;
}

/** The POST /api/v3/order answer for newOrderRespType ACK, RESULT or FULL. */
export function newOrderJson(o: SpotOrder, resp: string): Json {
  const head = { ...core(o), transactTime: o.time };
  if (resp === 'ACK') return head;
  const result = { ...head, ...state(o), workingTime: o.workingTime, selfTradePreventionMode: 'EXPIRE_MAKER' };
  if (resp === 'RESULT') return result;
  return {
    ...result,
    fills: o.fills.map((f) => ({ price: n8(f.price), qty: n8(f.qty), commission: n8(f.fee), commissionAsset: o.spec.quote, tradeId: f.id })),
  };
}

/** GET /api/v3/order, /openOrders, /allOrders entries. */
export function orderJson(o: SpotOrder): Json {
  return {
    ...core(o),
    ...state(o),
    stopPrice: n8(o.stopPrice),
    icebergQty: n8(o.origQty.sub(o.origQty)),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.workingTime >= 0,
    workingTime: o.workingTime,
    origQuoteOrderQty: n8(o.origQuoteOrderQty),
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** DELETE /api/v3/order answer. */
export function cancelJson(o: SpotOrder, cancelId: string, now: number): Json {
  return {
    symbol: o.spec.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelId,
    transactTime: now,
    ...state(o),
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

export function executionReport(o: SpotOrder, x: string, fill: SpotFill | null, now: number, cancelId?: string): Json {
  return {
    e: 'executionReport',
    E: now,
    s: o.spec.symbol,
    c: cancelId ?? o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: n8(o.origQty),
    p: n8(o.price),
    P: n8(o.stopPrice),
    F: '0.00000000',
    g: -1,
    C: cancelId === undefined ? '' : o.clientOrderId,
    x,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: n8(fill ? fill.qty : o.origQty.sub(o.origQty)),
    z: n8(o.executedQty),
    L: n8(fill ? fill.price : o.price.sub(o.price)),
    n: fill ? n8(fill.fee) : '0',
    N: fill ? o.spec.quote : null,
    T: fill ? fill.time : now,
    t: fill ? fill.id : -1,
    v: 0,
    I: o.orderId * 2,
    w: o.status === 'NEW' && o.workingTime >= 0,
    m: fill ? fill.maker : false,
    M: false,
    O: o.time,
    Z: n8(o.cumQuote),
    Y: n8(fill ? fill.price.mul(fill.qty) : o.cumQuote.sub(o.cumQuote)),
    Q: n8(o.origQuoteOrderQty),
    W: o.workingTime,
    V: 'EXPIRE_MAKER',
  };
}

export function myTradeJson(f: SpotFill): Json {
  return {
    symbol: f.spec.symbol,
    id: f.id,
    orderId: f.orderId,
    orderListId: -1,
    price: n8(f.price),
    qty: n8(f.qty),
    quoteQty: n8(f.price.mul(f.qty)),
    commission: n8(f.fee),
    commissionAsset: f.spec.quote,
    time: f.time,
    isBuyer: f.side === 'BUY',
    isMaker: f.maker,
    isBestMatch: true,
  };
}
