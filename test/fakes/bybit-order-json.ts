/**
 * The fake's order and execution records and their Bybit v5 shapes (`/v5/order/realtime`,
 * `/v5/order/history`, `/v5/execution/list`, and the `order` / `execution` WS topics).
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { BybitSide } from './bybit-account.js';
import type { BybitInstruments, BybitSpec } from './bybit-instruments.js';
import { money, type Category } from './bybit-wire.js';

export type OrderStatus =
  | 'New'
  | 'PartiallyFilled'
  | 'Untriggered'
  | 'Triggered'
  | 'Filled'
  | 'Cancelled'
  | 'PartiallyFilledCanceled'
  | 'Rejected'
  | 'Deactivated';

export const OPEN_STATUSES: readonly OrderStatus[] = ['New', 'PartiallyFilled', 'Untriggered'];
export const isOpen = (o: BybitOrder): boolean => OPEN_STATUSES.includes(o.status);

export interface BybitOrder {
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly category: Category;
  readonly spec: BybitSpec;
  readonly side: BybitSide;
  orderType: 'Market' | 'Limit';
  /** Limit price; null for a market order. */
  price: Decimal | null;
  /** Base quantity, or the quote amount of a spot market order with marketUnit quoteCoin. */
  qty: Decimal;
  readonly marketUnit: 'baseCoin' | 'quoteCoin' | '';
  timeInForce: 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
  status: OrderStatus;
  triggerPrice: Decimal | null;
  /** 1: triggers when the last price rises to triggerPrice, 2: when it falls to it; 0 none. */
  readonly triggerDirection: 0 | 1 | 2;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  cumExecQty: Decimal;
  cumExecValue: Decimal;
  cumExecFee: Decimal;
  feeCurrency: string;
  readonly createdTime: number;
  updatedTime: number;
  cancelType: string;
  rejectReason: string;
  readonly lastPriceOnCreated: Decimal;
}

export interface BybitExecution {
  readonly category: Category;
  readonly symbol: string;
  readonly execId: string;
  readonly order: BybitOrder;
  readonly execPrice: Decimal;
  readonly execQty: Decimal;
  readonly execFee: Decimal;
  readonly feeRate: Decimal;
  readonly isMaker: boolean;
  readonly execTime: number;
  readonly closedSize: Decimal;
  readonly leavesQty: Decimal;
  readonly markPrice: Decimal;
  readonly seq: number;
}

export function leavesQty(o: BybitOrder): Decimal {
  if (!isOpen(o)) return Decimal.ZERO;
  if (o.marketUnit === 'quoteCoin') return Decimal.ZERO;
  return o.qty.sub(o.cumExecQty);
}

export function orderJson(inst: BybitInstruments, o: BybitOrder, forWs = false): Record<string, unknown> {
  const s = o.spec;
  const linear = o.category === 'linear';
  const leaves = leavesQty(o);
  const avg = o.cumExecQty.isZero() ? null : o.cumExecValue.div(o.cumExecQty, Math.max(s.priceScale + 4, 8), 'half-even').normalize();
  const json: Record<string, unknown> = {
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    blockTradeId: '',
    symbol: s.symbol,
    price: o.price ? inst.price(s, o.price) : '0',
    qty: o.marketUnit === 'quoteCoin' ? o.qty.toString() : inst.qty(s, o.qty),
    side: o.side,
    isLeverage: linear ? '' : '0',
    positionIdx: 0,
    orderStatus: o.status,
    createType: 'CreateByUser',
    cancelType: o.cancelType,
    rejectReason: o.rejectReason,
    avgPrice: avg ? avg.toString() : linear ? '' : '0',
    leavesQty: inst.qty(s, leaves),
    leavesValue: money(o.price ? leaves.mul(o.price) : Decimal.ZERO),
    cumExecQty: inst.qty(s, o.cumExecQty),
    cumExecValue: money(o.cumExecValue),
    cumExecFee: money(o.cumExecFee),
    cumFeeDetail: o.cumExecFee.isZero() ? {} : { [o.feeCurrency]: money(o.cumExecFee) },
    timeInForce: o.timeInForce,
    orderType: o.orderType,
    stopOrderType: o.triggerPrice ? 'Stop' : '',
    orderIv: '',
    triggerPrice: o.triggerPrice ? inst.price(s, o.triggerPrice) : linear ? inst.price(s, Decimal.ZERO) : '0',
    takeProfit: linear ? inst.price(s, Decimal.ZERO) : '0',
    stopLoss: linear ? inst.price(s, Decimal.ZERO) : '0',
    tpTriggerBy: '',
    slTriggerBy: '',
    tpLimitPrice: linear ? inst.price(s, Decimal.ZERO) : '0',
    slLimitPrice: linear ? inst.price(s, Decimal.ZERO) : '0',
    triggerDirection: o.triggerDirection,
    triggerBy: o.triggerPrice ? 'LastPrice' : '',
    lastPriceOnCreated: inst.price(s, o.lastPriceOnCreated),
    reduceOnly: o.reduceOnly,
    closeOnTrigger: o.closeOnTrigger,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    slippageToleranceType: 'UNKNOWN',
    slippageTolerance: '0',
    createdTime: String(o.createdTime),
    updatedTime: String(o.updatedTime),
  };
  // ccxt tells contract orders from spot ones by the presence of tpslMode: Bybit fills it for linear only.
  if (linear) json.tpslMode = '';
  else json.marketUnit = o.marketUnit;
  if (forWs) {
    json.category = o.category;
    json.feeCurrency = o.feeCurrency;
  }
  return json;
}

export function executionJson(inst: BybitInstruments, e: BybitExecution, forWs = false): Record<string, unknown> {
  const o = e.order;
  const s = o.spec;
  const json: Record<string, unknown> = {
    symbol: e.symbol,
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    side: o.side,
    orderPrice: o.price ? inst.price(s, o.price) : '0',
    orderQty: o.marketUnit === 'quoteCoin' ? o.qty.toString() : inst.qty(s, o.qty),
    leavesQty: inst.qty(s, e.leavesQty),
    createType: 'CreateByUser',
    orderType: o.orderType,
    stopOrderType: o.triggerPrice ? 'Stop' : '',
    execFee: money(e.execFee),
    execFeeV2: '',
    execId: e.execId,
    execPrice: inst.price(s, e.execPrice),
    execQty: inst.qty(s, e.execQty),
    execType: 'Trade',
    execValue: money(e.execQty.mul(e.execPrice)),
    execTime: String(e.execTime),
    feeCurrency: o.feeCurrency,
    isMaker: e.isMaker,
    feeRate: e.feeRate.toString(),
    tradeIv: '',
    markIv: '',
    markPrice: inst.price(s, e.markPrice),
    indexPrice: inst.price(s, e.markPrice),
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: e.category === 'linear' ? inst.qty(s, e.closedSize) : '',
    seq: e.seq,
    extraFees: '',
  };
  if (forWs) {
    json.category = e.category;
    json.isLeverage = e.category === 'linear' ? '' : '0';
  }
  return json;
}
