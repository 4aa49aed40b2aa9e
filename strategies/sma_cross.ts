import { compareSma, type Sma } from '../src/backtest/indicators.js';
import { defineStrategy } from '../src/backtest/strategy.js';

/**
 * Moving-average crossover: on each bar's close, when the fast SMA of closes crosses above the slow
 * one go long `quantity` (reversing a short), when it crosses below go short (reversing a long). A
 * cross is a strict change of the averages' order from the previous bar to this one, compared on
 * exact sums: below then above, or above then below. Equal averages on either bar are no cross.
 */
export default defineStrategy({
  name: 'sma_cross',
  description: 'long when the fast SMA crosses above the slow one, short when it crosses below',
  params: {
    fast: { default: 10, description: 'bars of the fast average', integer: true, min: 1 },
    slow: { default: 30, description: 'bars of the slow average', integer: true, min: 2 },
    quantity: { default: 1, description: 'position size in the base asset', min: 0 },
  },
  validate(p) {
    if (p.fast! >= p.slow!) throw new RangeError(`fast (${p.fast}) must be shorter than slow (${p.slow})`);
    if (!(p.quantity! > 0)) throw new RangeError('quantity must be greater than zero');
  },
  create(p) {
    let fast: Sma;
    let slow: Sma;
    /** The averages' order on the previous bar: -1 below, 0 equal, 1 above; null before both are ready. */
    let prev: number | null = null;
    return {
      init(ctx) {
        fast = ctx.sma(p.fast!);
        slow = ctx.sma(p.slow!);
      },
      onBar(_bar, ctx) {
        if (!slow.ready) return;
        const order = compareSma(fast, slow);
        if (prev !== null && order !== 0 && prev === -order) ctx.targetPosition(order > 0 ? p.quantity! : -p.quantity!);
        prev = order;
      },
    };
  },
});
