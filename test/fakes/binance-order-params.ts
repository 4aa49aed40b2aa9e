import { randomBytes } from 'node:crypto';
import type { Decimal } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/ids.js';
import { errors } from './binance-errors.js';
import { FUTURES_ALGO_TYPES, FUTURES_ORDER_TYPES, SPOT_ORDER_TYPES } from './binance-exchange-info.js';
import { parseDecimal, type SymbolSpec, type Venue } from './binance-format.js';

/**
 * A new-order request read and checked the way Binance does before it looks at the account:
 * mandatory parameters, enums, the symbol's filters (PRICE_FILTER tick, LOT_SIZE step/min/max),
 * client order id syntax. Spot and futures answer the same mistakes with different codes.
 */
export interface OrderRequest {
  readonly spec: SymbolSpec;
  readonly side: Side;
  readonly type: string;
  readonly quantity: Decimal | null;
  readonly quoteOrderQty: Decimal | null;
  readonly price: Decimal | null;
  readonly stopPrice: Decimal | null;
  readonly timeInForce: string;
  readonly clientOrderId: string;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly workingType: 'CONTRACT_PRICE' | 'MARK_PRICE';
  readonly priceProtect: boolean;
  readonly callbackRate: Decimal | null;
  readonly activatePrice: Decimal | null;
  readonly respType: string | null;
}

export type Params = ReadonlyMap<string, string>;

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const SPOT_TIF = ['GTC', 'IOC', 'FOK'];
const FUTURES_TIF = ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'];

/** A random 22-character id, like the ones Binance makes up when none is sent. */
export const newClientId = (): string => randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 22);

export function symbolOf(params: Params, specs: ReadonlyMap<string, SymbolSpec>, required = true): SymbolSpec | null {
  const symbol = params.get('symbol');
  if (symbol === undefined || symbol === '') {
    if (required) throw errors.mandatory('symbol');
    return null;
  }
  const spec = specs.get(symbol);
  if (!spec) throw errors.badSymbol();
  return spec;
}

function decimal(params: Params, name: string): Decimal | null {
  const d = parseDecimal(params.get(name));
  if (d === 'bad') throw errors.illegalChars(name);
  return d;
}

const bool = (params: Params, name: string): boolean => (params.get(name) ?? '').toLowerCase() === 'true';

function needs(v: Venue, type: string): { price: boolean; stop: boolean; tif: boolean } {
  const price = ['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'].includes(type) || (v === 'futures' && ['STOP', 'TAKE_PROFIT'].includes(type));
  const stop = type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER' && type !== 'TRAILING_STOP_MARKET';
  const tif = type === 'LIMIT' || (v === 'spot' && price && type !== 'LIMIT_MAKER');
  return { price, stop, tif };
}

function checkPrice(v: Venue, s: SymbolSpec, p: Decimal): void {
  if (p.sign() <= 0) throw v === 'spot' ? errors.filter('PRICE_FILTER') : errors.priceNotPositive();
  if (!p.isMultipleOf(s.tick)) throw v === 'spot' ? errors.filter('PRICE_FILTER') : errors.priceTick();
}

function checkQty(v: Venue, s: SymbolSpec, q: Decimal): void {
  if (q.sign() <= 0) throw v === 'spot' ? errors.filter('LOT_SIZE') : errors.qtyNotPositive();
  if (!q.isMultipleOf(s.step)) throw v === 'spot' ? errors.filter('LOT_SIZE') : errors.badPrecision();
  if (q.lt(s.minQty)) throw v === 'spot' ? errors.filter('LOT_SIZE') : errors.qtyBelowMin(s.minQty.toString());
  if (q.gt(s.maxQty)) throw v === 'spot' ? errors.filter('LOT_SIZE') : errors.qtyAboveMax(s.maxQty.toString());
}

/**
 * Reads a new order. `algo`: the USD-M Algo Service (`/fapi/v1/algoOrder`), which takes
 * `algoType=CONDITIONAL`, `triggerPrice` and `clientAlgoId`; plain `/fapi/v1/order` refuses the
 * conditional types since Binance moved them there (-4120).
 */
export function parseOrderRequest(v: Venue, params: Params, specs: ReadonlyMap<string, SymbolSpec>, algo = false): OrderRequest {
  const spec = symbolOf(params, specs) as SymbolSpec;
  const sideText = params.get('side');
  if (sideText === undefined || sideText === '') throw errors.mandatory('side');
  if (sideText !== 'BUY' && sideText !== 'SELL') throw errors.badSide();
  const type = params.get('type');
  if (type === undefined || type === '') throw errors.mandatory('type');
  if (algo) {
    const algoType = params.get('algoType');
    if (algoType === undefined || algoType === '') throw errors.mandatory('algoType');
    if (algoType !== 'CONDITIONAL' || !FUTURES_ALGO_TYPES.includes(type)) throw errors.badType();
  } else if (v === 'futures' && FUTURES_ALGO_TYPES.includes(type)) {
    throw errors.algoEndpoint();
  } else if (!(v === 'spot' ? SPOT_ORDER_TYPES : FUTURES_ORDER_TYPES).includes(type)) {
    throw errors.badType();
  }
  const need = needs(v, type);
  const tifText = params.get('timeInForce');
  if (tifText !== undefined && tifText !== '' && !(v === 'spot' ? SPOT_TIF : FUTURES_TIF).includes(tifText)) throw errors.badTif();
  if (need.tif && v === 'spot' && (tifText === undefined || tifText === '')) throw errors.mandatory('timeInForce');
  if (need.tif && v === 'futures' && (tifText === undefined || tifText === '')) throw errors.mandatory('timeInForce');
  const closePosition = bool(params, 'closePosition');
  const quantity = decimal(params, 'quantity');
  const quoteOrderQty = v === 'spot' ? decimal(params, 'quoteOrderQty') : null;
  if (closePosition && quantity !== null) throw errors.notRequired('quantity');
  if (quantity === null && !closePosition && !(type === 'MARKET' && quoteOrderQty !== null)) throw errors.mandatory('quantity');
  if (quantity !== null) checkQty(v, spec, quantity);
  if (quoteOrderQty !== null && quoteOrderQty.sign() <= 0) throw errors.filter('NOTIONAL');
  const price = decimal(params, 'price');
  if (need.price && price === null) throw errors.mandatory('price');
  if (price !== null) checkPrice(v, spec, price);
  const stopName = algo ? 'triggerPrice' : 'stopPrice';
  const stopPrice = decimal(params, stopName);
  if (need.stop && stopPrice === null) throw errors.mandatory(stopName);
  if (stopPrice !== null) checkPrice(v, spec, stopPrice);
  const idName = algo ? 'clientAlgoId' : 'newClientOrderId';
  const sentId = params.get(idName);
  if (sentId !== undefined && sentId !== '' && !CLIENT_ID.test(sentId)) throw errors.illegalChars(idName);
  const callbackRate = decimal(params, 'callbackRate');
  if (type === 'TRAILING_STOP_MARKET' && callbackRate === null) throw errors.mandatory('callbackRate');
  const wt = params.get('workingType') ?? 'CONTRACT_PRICE';
  if (wt !== 'CONTRACT_PRICE' && wt !== 'MARK_PRICE') throw errors.badParam('workingType');
  return {
    spec,
    side: sideText,
    type,
    quantity,
    quoteOrderQty,
    price,
    stopPrice,
    timeInForce: tifText && tifText !== '' ? tifText : 'GTC',
    clientOrderId: sentId && sentId !== '' ? sentId : newClientId(),
    reduceOnly: bool(params, 'reduceOnly'),
    closePosition,
    workingType: wt,
    priceProtect: bool(params, 'priceProtect'),
    callbackRate,
    activatePrice: decimal(params, 'activatePrice'),
    respType: params.get('newOrderRespType') ?? null,
  };
}

/** `orderId` / `origClientOrderId` (or the algo pair) of a query or cancel; one is mandatory. */
export function orderRef(params: Params, algo = false): { id: number | null; clientId: string | null } {
  const idText = params.get(algo ? 'algoId' : 'orderId');
  const clientId = params.get(algo ? 'clientAlgoId' : 'origClientOrderId');
  if ((idText === undefined || idText === '') && (clientId === undefined || clientId === '')) {
    throw errors.mandatory(algo ? 'algoId' : 'orderId');
  }
  const id = idText === undefined || idText === '' ? null : Number(idText);
  if (id !== null && !Number.isSafeInteger(id)) throw errors.illegalChars(algo ? 'algoId' : 'orderId');
  return { id, clientId: clientId === undefined || clientId === '' ? null : clientId };
}
