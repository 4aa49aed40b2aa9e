import type { Decimal } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/ids.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';

/**
 * The fake's execution rules, shared by spot and futures: a taker fills at once at the best
 * opposite price (one fill); a resting limit fills at its own price (maker) once the last trade
 * reaches it; a stop triggers on the last price (or the mark, for futures `workingType=MARK_PRICE`).
 */

/** Where a taker order of `side` fills now: the best ask for a buy, the best bid for a sell. */
export const takerPrice = (side: Side, t: MarketTick): Decimal => (side === 'BUY' ? t.ask : t.bid);

/** A limit order that would take liquidity on arrival (buy at or above the ask, sell at or below the bid). */
export const crossesBook = (side: Side, price: Decimal, t: MarketTick): boolean => (side === 'BUY' ? price.gte(t.ask) : price.lte(t.bid));

/** A resting limit order the last trade has reached. */
export const limitReached = (side: Side, price: Decimal, last: Decimal): boolean => (side === 'BUY' ? last.lte(price) : last.gte(price));

/** STOP (loss) and TAKE_PROFIT families. */
export type TriggerKind = 'STOP' | 'TAKE_PROFIT';

/**
 * Whether a trigger of `kind` on `side` fires at `ref`: a buy stop when the price rises to the
 * stop, a sell stop when it falls to it; take-profits the other way round.
 */
export function triggered(kind: TriggerKind, side: Side, stop: Decimal, ref: Decimal): boolean {
  const rising = (kind === 'STOP') === (side === 'BUY');
  return rising ? ref.gte(stop) : ref.lte(stop);
}

export function triggerKind(type: string): TriggerKind | null {
  if (type.startsWith('STOP')) return 'STOP';
  if (type.startsWith('TAKE_PROFIT')) return 'TAKE_PROFIT';
  return null;
}
