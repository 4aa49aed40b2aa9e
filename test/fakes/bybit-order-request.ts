/**
 * Reading and checking a `POST /v5/order/create` body the way Bybit does before it looks at the
 * account: side, type, quantity and price on the instrument's grid and within its limits, time in
 * force, trigger settings, one-way position mode.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import type { BybitAccount, BybitSide } from './bybit-account.js';
import type { BybitInstruments, BybitSpec } from './bybit-instruments.js';
import type { BybitOrder } from './bybit-order-json.js';
import { BybitError, RET, category, optBool, optDec, optInt, optStr, reqStr, type Category, type Params } from './bybit-wire.js';

export interface NewOrder {
  readonly category: Category;
  readonly spec: BybitSpec;
  readonly side: BybitSide;
  readonly orderType: 'Market' | 'Limit';
  readonly qty: Decimal;
  readonly price: Decimal | null;
  readonly marketUnit: BybitOrder['marketUnit'];
  readonly timeInForce: BybitOrder['timeInForce'];
  readonly orderLinkId: string;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  readonly triggerPrice: Decimal | null;
  /** As sent (linear); spot conditional orders get theirs from the last price. */
  readonly triggerDirection: 0 | 1 | 2;
}

const TIFS = ['GTC', 'IOC', 'FOK', 'PostOnly'] as const;

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new BybitError(RET.PARAMS, `params error: ${name} invalid`);
  return v as T;
}

export function readNewOrder(p: Params, inst: BybitInstruments): NewOrder {
  const cat = category(p);
  const spec = inst.get(cat, reqStr(p, 'symbol'));
  const spot = cat === 'spot';
  const side = oneOf(reqStr(p, 'side'), ['Buy', 'Sell'] as const, 'side') as BybitSide;
  const orderType = oneOf(reqStr(p, 'orderType'), ['Market', 'Limit'] as const, 'orderType') as 'Market' | 'Limit';
  const qty = optDec(p, 'qty');
  if (qty === undefined || qty.sign() <= 0) throw new BybitError(RET.PARAMS, 'params error: qty invalid');
  const price = orderType === 'Limit' ? (optDec(p, 'price') ?? null) : null;
  if (orderType === 'Limit' && (price === null || price.sign() <= 0)) throw new BybitError(RET.PARAMS, 'params error: price invalid');
  const positionIdx = optInt(p, 'positionIdx') ?? 0;
  if (positionIdx !== 0) throw new BybitError(RET.PARAMS, 'position idx not match position mode');
  const marketUnit = spot && orderType === 'Market' ? (oneOf(optStr(p, 'marketUnit'), ['baseCoin', 'quoteCoin'] as const, 'marketUnit') ?? (side === 'Buy' ? 'quoteCoin' : 'baseCoin')) : '';
  const tif = oneOf(optStr(p, 'timeInForce'), TIFS, 'timeInForce') ?? (orderType === 'Market' ? 'IOC' : 'GTC');
  const timeInForce = orderType === 'Market' ? 'IOC' : tif;
  const orderLinkId = optStr(p, 'orderLinkId') ?? '';
  // v5 Place Order: "A max of 36 characters. Combinations of numbers, letters (upper and lower cases), dashes, and underscores are supported."
  if (orderLinkId !== '' && !/^[A-Za-z0-9_-]{1,36}$/.test(orderLinkId)) throw new BybitError(RET.PARAMS, 'params error: orderLinkId invalid');
  const reduceOnly = !spot && (optBool(p, 'reduceOnly') ?? false);
  const closeOnTrigger = !spot && (optBool(p, 'closeOnTrigger') ?? false);
  const triggerPrice = optDec(p, 'triggerPrice') ?? null;
  let triggerDirection: 0 | 1 | 2 = 0;
  if (triggerPrice !== null) {
    if (triggerPrice.sign() <= 0) throw new BybitError(RET.PARAMS, 'params error: triggerPrice invalid');
    if (spot) {
      if (optStr(p, 'orderFilter') !== 'StopOrder') throw new BybitError(RET.PARAMS, 'params error: orderFilter invalid');
    } else {
      const d = optInt(p, 'triggerDirection');
      if (d !== 1 && d !== 2) throw new BybitError(RET.PARAMS, 'params error: triggerDirection invalid');
      triggerDirection = d;
    }
  }
  checkGrid(spec, marketUnit, qty, price, triggerPrice);
  return { category: cat, spec, side, orderType, qty, price, marketUnit, timeInForce, orderLinkId, reduceOnly, closeOnTrigger, triggerPrice, triggerDirection };
}

export function checkGrid(
  s: BybitSpec,
  marketUnit: NewOrder['marketUnit'],
  qty: Decimal,
  price: Decimal | null,
  trigger: Decimal | null,
): void {
  const spot = s.category === 'spot';
  for (const px of [price, trigger]) {
    if (px !== null && !px.isMultipleOf(s.tick)) {
      if (spot) throw new BybitError(RET.SPOT_PRICE_DECIMALS, 'Order price has too many decimals.');
      throw new BybitError(RET.PARAMS, `The price must be a multiple of tickSize ${s.tick.toString()}`);
    }
  }
  if (marketUnit === 'quoteCoin') {
    if (qty.lt(s.minNotional)) throw new BybitError(170140, 'Order value exceeded lower limit.');
    return;
  }
  if (!qty.isMultipleOf(s.step)) {
    if (spot) throw new BybitError(RET.SPOT_QTY_DECIMALS, 'Order quantity has too many decimals.');
    throw new BybitError(RET.PARAMS, 'Qty invalid');
  }
  if (qty.lt(s.minQty)) {
    if (spot) throw new BybitError(RET.SPOT_QTY_TOO_LOW, 'Order quantity exceeded lower limit.');
    throw new BybitError(RET.PARAMS, 'The number of contracts exceeds minimum limit allowed');
  }
  if (qty.gt(s.maxQty)) {
    if (spot) throw new BybitError(170135, 'Order quantity exceeded upper limit.');
    throw new BybitError(RET.PARAMS, 'The number of contracts exceeds maximum limit allowed: too large');
  }
}

/** Minimum order value (linear minNotionalValue, spot minOrderAmt) at the price the order would trade. */
export function checkMinNotional(o: NewOrder, refPrice: Decimal): void {
  if (o.reduceOnly || o.marketUnit === 'quoteCoin') return;
  const value = o.qty.mul(o.price ?? refPrice);
  if (value.gte(o.spec.minNotional)) return;
  if (o.category === 'spot') throw new BybitError(170140, 'Order value exceeded lower limit.');
  throw new BybitError(RET.MIN_NOTIONAL, `Order does not meet minimum order value ${o.spec.minNotional.toString()}USDT`);
}

/** A linear trigger must lie on the side of the last price its direction waits for. */
export function checkTrigger(direction: 0 | 1 | 2, trigger: Decimal, last: Decimal): void {
  const t = trigger.toString();
  if (direction === 1 && trigger.lte(last)) throw new BybitError(RET.EXPECT_RISING, `expect Rising, but trigger_price[${t}] <= current[${last.toString()}]??LastPrice`);
  if (direction === 2 && trigger.gte(last)) throw new BybitError(RET.EXPECT_FALLING, `expect Falling, but trigger_price[${t}] >= current[${last.toString()}]??LastPrice`);
}

export type FundsRequest = Pick<NewOrder, 'category' | 'spec' | 'side' | 'qty' | 'price' | 'marketUnit' | 'reduceOnly'>;

/**
 * Funds (and reduce-only) checks of an order about to go live: spot against the free coin, linear
 * against available margin for the part that adds exposure (initial margin at the account's
 * leverage plus the taker fee).
 */
export function checkFunds(req: FundsRequest, tick: MarketTick, account: BybitAccount): void {
  const px = req.price ?? (req.side === 'Buy' ? tick.ask : tick.bid);
  if (req.category === 'spot') {
    const short =
      req.side === 'Buy'
        ? (req.marketUnit === 'quoteCoin' ? req.qty : req.qty.mul(px)).gt(account.availableUsdt())
        : (req.marketUnit === 'quoteCoin' ? req.qty.div(px, 8, 'up') : req.qty).gt(account.freeCoin(req.spec.base));
    if (short) throw new BybitError(RET.SPOT_NO_BALANCE, 'Insufficient balance.');
    return;
  }
  const size = account.position(req.spec.symbol)?.size ?? Decimal.ZERO;
  const closes = !size.isZero() && size.sign() > 0 !== (req.side === 'Buy');
  if (req.reduceOnly) {
    if (size.isZero()) throw new BybitError(RET.REDUCE_ONLY, 'current position is zero, cannot fix reduce-only order qty');
    if (!closes) throw new BybitError(RET.REDUCE_ONLY, 'reduce-only order has same side with current position');
    return;
  }
  const added = closes ? req.qty.sub(req.qty.min(size.abs())) : req.qty;
  const notional = added.mul(px);
  const need = notional.div(account.leverage(req.spec.symbol), 8, 'up').add(notional.mul(req.spec.takerFee));
  if (need.gt(account.availableUsdt())) throw new BybitError(RET.NO_BALANCE, 'ab not enough for new order');
}

/** Bybit's answer for an order that is unknown or no longer open. */
export function orderNotFound(cat: Category, action: 'cancel' | 'replace' = 'cancel'): BybitError {
  if (cat === 'spot') return new BybitError(RET.SPOT_ORDER_NOT_FOUND, 'Order does not exist.');
  return new BybitError(RET.ORDER_NOT_FOUND, `order not exists or too late to ${action}`);
}
