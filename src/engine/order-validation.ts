import { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { Rejection } from '../domain/rejection.js';
import type { SubmitOrder } from './commands.js';

const str = (d: Decimal): string => d.toString();

function onTick(inst: Instrument, field: string, value: Decimal | null | undefined): void {
  if (value == null) return;
  if (value.sign() <= 0) throw new Rejection('INVALID_PRICE', `${field} must be greater than zero`, { field });
  if (!value.isMultipleOf(inst.tickSize)) {
    throw new Rejection('INVALID_PRICE', `${field} ${str(value)} is not a multiple of the tick size ${str(inst.tickSize)}`, {
      field,
      tick_size: inst.tickSize.toNumber(),
    });
  }
}

function inBand(inst: Instrument, field: string, value: Decimal | null | undefined, mark: Decimal | null): void {
  if (value == null || mark === null) return;
  const up = mark.mul(Decimal.ONE.add(inst.priceBand));
  const down = mark.mul(Decimal.ONE.sub(inst.priceBand));
  if (value.lte(up) && value.gte(down)) return;
  // The band's edges on the tick grid (inside the band), so a trader can pick a price that passes.
  const tickScale = inst.tickSize.normalize().scale;
  const lowest = down.div(inst.tickSize, 0, 'ceil').mul(inst.tickSize).rescale(tickScale);
  const highest = up.div(inst.tickSize, 0, 'floor').mul(inst.tickSize).rescale(tickScale);
  const away = value.sub(mark).abs().mul(Decimal.fromInt(100)).div(mark, 2, 'half-up');
  const band = str(inst.priceBand.mul(Decimal.fromInt(100)));
  throw new Rejection(
    'PRICE_OUT_OF_BAND',
    `${field} ${str(value)} is ${str(away)}% ${value.lt(mark) ? 'below' : 'above'} the market price ${str(mark)}: ` +
      `${inst.exchange}'s price band takes limit and stop prices within ${band}% of the market (${str(lowest)} to ${str(highest)} now)`,
    { field, market_price: mark.toNumber(), min_price: lowest.toNumber(), max_price: highest.toNumber(), band_percent: Number(band) },
  );
}

/**
 * The venue's order rules, checked before an order exists: field combinations, tick and lot
 * grids, minimums, price band, reduce-only and bracket sides. Throws a Rejection naming the field.
 */
export function validateOrder(cmd: SubmitOrder, inst: Instrument, mark: Decimal | null, position: Decimal): void {
  const { type, side } = cmd;
  if (cmd.quantity.sign() <= 0) throw new Rejection('INVALID_QUANTITY', 'quantity must be greater than zero', { field: 'quantity' });
  if (!cmd.quantity.isMultipleOf(inst.stepSize)) {
    throw new Rejection('INVALID_QUANTITY', `quantity ${str(cmd.quantity)} is not a multiple of the lot size ${str(inst.stepSize)}`, {
      field: 'quantity',
      step_size: inst.stepSize.toNumber(),
    });
  }
  if (cmd.quantity.lt(inst.minQty) || cmd.quantity.gt(inst.maxQty)) {
    throw new Rejection('QUANTITY_OUT_OF_RANGE', `quantity must be between ${str(inst.minQty)} and ${str(inst.maxQty)}`, {
      field: 'quantity',
    });
  }
  if (type === 'LIMIT' && cmd.price == null) throw new Rejection('MISSING_FIELD', 'a LIMIT order needs a price', { field: 'price' });
  if (type !== 'LIMIT' && cmd.price != null) throw new Rejection('INVALID_FIELD', `a ${type} order takes no price`, { field: 'price' });
  const isStop = type === 'STOP_MARKET' || type === 'TAKE_PROFIT_MARKET';
  if (isStop && cmd.stopPrice == null) throw new Rejection('MISSING_FIELD', `a ${type} order needs a stop_price`, { field: 'stop_price' });
  if (!isStop && cmd.stopPrice != null) throw new Rejection('INVALID_FIELD', `a ${type} order takes no stop_price`, { field: 'stop_price' });
  if (type !== 'LIMIT' && cmd.timeInForce != null && cmd.timeInForce !== 'GTC') {
    throw new Rejection('INVALID_FIELD', `time_in_force ${cmd.timeInForce} applies to LIMIT orders only`, { field: 'time_in_force' });
  }
  onTick(inst, 'price', cmd.price);
  onTick(inst, 'stop_price', cmd.stopPrice);
  onTick(inst, 'take_profit', cmd.takeProfit);
  onTick(inst, 'stop_loss', cmd.stopLoss);
  inBand(inst, 'price', cmd.price, mark);
  inBand(inst, 'stop_price', cmd.stopPrice, mark);

  if (cmd.reduceOnly) {
    const reducible = side === 'BUY' ? position.neg() : position;
    if (reducible.sign() <= 0) {
      throw new Rejection('REDUCE_ONLY_REJECTED', 'a reduce-only order must reduce an open position on the other side', {
        field: 'reduce_only',
      });
    }
    if (cmd.takeProfit != null || cmd.stopLoss != null) {
      throw new Rejection('INVALID_FIELD', 'a reduce-only order cannot carry take_profit / stop_loss', { field: 'take_profit' });
    }
  } else {
    const reference = cmd.price ?? cmd.stopPrice ?? mark;
    if (reference !== null && reference.mul(cmd.quantity).lt(inst.minNotional)) {
      throw new Rejection('MIN_NOTIONAL', `order value ${str(reference.mul(cmd.quantity))} is below the minimum notional ${str(inst.minNotional)}`, {
        field: 'quantity',
        min_notional: inst.minNotional.toNumber(),
      });
    }
    if (reference !== null) bracketSides(cmd, reference);
  }
}

function bracketSides(cmd: SubmitOrder, entry: Decimal): void {
  const long = cmd.side === 'BUY';
  if (cmd.takeProfit != null && (long ? cmd.takeProfit.lte(entry) : cmd.takeProfit.gte(entry))) {
    throw new Rejection('INVALID_BRACKET', `take_profit must be ${long ? 'above' : 'below'} the entry price ${str(entry)}`, {
      field: 'take_profit',
    });
  }
  if (cmd.stopLoss != null && (long ? cmd.stopLoss.gte(entry) : cmd.stopLoss.lte(entry))) {
    throw new Rejection('INVALID_BRACKET', `stop_loss must be ${long ? 'below' : 'above'} the entry price ${str(entry)}`, {
      field: 'stop_loss',
    });
  }
}

const same = (a: Decimal | null | undefined, b: Decimal | null | undefined): boolean =>
  a == null || b == null ? a == null && b == null : a.eq(b);

/** Is a resent command (same client_order_id) the order we already have? */
export function sameOrder(o: Order, cmd: SubmitOrder): boolean {
  return (
    o.symbol === cmd.symbol &&
    o.side === cmd.side &&
    o.type === cmd.type &&
    o.quantity.eq(cmd.quantity) &&
    same(o.price, cmd.price) &&
    same(o.stopPrice, cmd.stopPrice) &&
    o.reduceOnly === (cmd.reduceOnly ?? false) &&
    same(o.bracket?.takeProfit, cmd.takeProfit) &&
    same(o.bracket?.stopLoss, cmd.stopLoss)
  );
}
