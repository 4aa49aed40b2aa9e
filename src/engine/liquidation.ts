import { Decimal } from '../domain/decimal.js';
import type { Side } from '../domain/ids.js';
import type { PerpWatch } from './perp-book.js';

/** How the engine closes a liquidated position: one taker fill of the whole size. */
export interface LiquidationFill {
  readonly side: Side;
  readonly quantity: Decimal;
  /** The liquidation price on the tick grid: where the mark crossed it. */
  readonly price: Decimal;
  /**
   * The liquidation (clearance) fee: what is left of the position's margin between the liquidation
   * and the bankruptcy price, |qty| × |price − bankruptcy|, kept by the venue (its insurance fund).
   * With it the trader loses the margin exactly, however far past the price the market went.
   */
  readonly fee: Decimal;
}

export function liquidationFill(w: PerpWatch): LiquidationFill {
  const q = w.position.quantity;
  const quantity = q.abs();
  const price = w.trigger;
  const fee = w.bankruptcy === null ? Decimal.ZERO : quantity.mul(price.sub(w.bankruptcy).abs()).rescale(w.inst.quoteScale, 'down');
  return { side: q.sign() > 0 ? 'SELL' : 'BUY', quantity, price, fee };
}
