import type { Sma } from '../src/backtest/indicators.js';
import { defineStrategy } from '../src/backtest/strategy.js';

/**
 * Mean reversion with resting limits: while flat, a BUY limit `band_ticks` below the SMA of closes
 * and a SELL limit as far above it; once in a position, a reduce-only limit back at the mean. Every
 * close moves the resting orders to the new mean (cancel and place again). A limit may fill in parts
 * (the trade that reaches it is smaller than the order): the exit is then sized to what filled.
 */
export default defineStrategy({
  name: 'mean_reversion',
  description: 'resting limits a band away from the SMA, exiting at the mean',
  params: {
    period: { default: 20, description: 'bars of the mean', integer: true, min: 1 },
    band_ticks: { default: 200, description: 'distance of the entry limits from the mean, in ticks', integer: true, min: 1 },
    quantity: { default: 1, description: 'size of each entry, in the base asset', min: 0 },
  },
  validate(p) {
    if (!(p.quantity! > 0)) throw new RangeError('quantity must be greater than zero');
  },
  create(p) {
    let mean: Sma;
    const resting: string[] = [];
    return {
      init(ctx) {
        mean = ctx.sma(p.period!);
      },
      onBar(_bar, ctx) {
        if (!mean.ready) return;
        for (const id of resting.splice(0)) ctx.cancel(id);
        const m = Math.round(mean.sum / mean.period);
        const pos = ctx.position();
        if (pos.side === 'FLAT') {
          resting.push(ctx.buy(p.quantity!, { type: 'LIMIT', price: ctx.priceOf(m - p.band_ticks!) }));
          if (m - p.band_ticks! > 0) resting.push(ctx.sell(p.quantity!, { type: 'LIMIT', price: ctx.priceOf(m + p.band_ticks!) }));
          return;
        }
        const size = Math.abs(pos.quantity);
        if (pos.side === 'LONG') resting.push(ctx.sell(size, { type: 'LIMIT', price: ctx.priceOf(m), reduceOnly: true }));
        else resting.push(ctx.buy(size, { type: 'LIMIT', price: ctx.priceOf(m), reduceOnly: true }));
      },
      onFill(fill, ctx) {
        ctx.log(`${fill.clientOrderId} ${fill.side} ${fill.quantity} at ${fill.price} (${fill.liquidity})`);
      },
    };
  },
});
