import type { Extreme } from '../src/backtest/indicators.js';
import { defineStrategy } from '../src/backtest/strategy.js';

/**
 * Channel breakout with a bracket: while flat, a BUY stop one tick above the highest high of the
 * last `period` bars and a SELL stop one tick below the lowest low, each carrying its take-profit
 * and stop-loss `tp_ticks` / `sl_ticks` from its stop price. The first entry that fills cancels the
 * other; its exits are the engine's bracket (one cancels the other). The stops follow the channel
 * on every close while flat.
 */
export default defineStrategy({
  name: 'breakout',
  description: 'stop entries beyond the N-bar channel, each with a take-profit and a stop-loss in ticks',
  params: {
    period: { default: 20, description: 'bars of the channel', integer: true, min: 1 },
    quantity: { default: 1, description: 'position size in the base asset', min: 0 },
    tp_ticks: { default: 100, description: 'take-profit distance from the entry stop, in ticks', integer: true, min: 1 },
    sl_ticks: { default: 50, description: 'stop-loss distance from the entry stop, in ticks', integer: true, min: 1 },
  },
  validate(p) {
    if (!(p.quantity! > 0)) throw new RangeError('quantity must be greater than zero');
  },
  create(p) {
    let high: Extreme;
    let low: Extreme;
    let long: string | null = null;
    let short: string | null = null;
    return {
      init(ctx) {
        high = ctx.highest(p.period!);
        low = ctx.lowest(p.period!);
      },
      onBar(_bar, ctx) {
        if (!high.ready || ctx.position().side !== 'FLAT') return;
        if (long) ctx.cancel(long);
        if (short) ctx.cancel(short);
        const up = high.ticks! + 1;
        const down = low.ticks! - 1;
        long = ctx.buy(p.quantity!, { type: 'STOP_MARKET', stopPrice: ctx.priceOf(up), takeProfit: ctx.priceOf(up + p.tp_ticks!), stopLoss: ctx.priceOf(up - p.sl_ticks!) });
        short = down - p.tp_ticks! > 0 ? ctx.sell(p.quantity!, { type: 'STOP_MARKET', stopPrice: ctx.priceOf(down), takeProfit: ctx.priceOf(down - p.tp_ticks!), stopLoss: ctx.priceOf(down + p.sl_ticks!) }) : null;
      },
      onFill(fill, ctx) {
        // One entry filled: the other one goes.
        if (fill.clientOrderId === long && short) ctx.cancel(short);
        if (fill.clientOrderId === short && long) ctx.cancel(long);
        if (fill.clientOrderId === long || fill.clientOrderId === short) ctx.log(`entry ${fill.side} ${fill.quantity} at ${fill.price}`);
        else ctx.log(`exit ${fill.clientOrderId} ${fill.side} ${fill.quantity} at ${fill.price}`);
      },
      onOrderUpdate(o) {
        if (o.status === 'FILLED' || o.status === 'CANCELED' || o.status === 'EXPIRED' || o.status === 'REJECTED') {
          if (o.clientOrderId === long) long = null;
          if (o.clientOrderId === short) short = null;
        }
      },
    };
  },
});
