import { Decimal } from '../../domain/decimal.js';
import type { MarketTick } from './market-types.js';

/**
 * The mark price of a tick, what perpetual margin and liquidation are measured at: the venue's mark
 * where the feed carries one, else the mid of a two-sided book, else the last trade. Only the mid
 * allocates (one Decimal, exact at one more digit than the quotes).
 *
 * @example
 *   markOf({ ...tick, bid: dec('100.1'), ask: dec('100.2') }); // 100.15
 */
export function markOf(t: MarketTick): Decimal {
  if (t.mark !== undefined) return t.mark;
  const { bid, ask } = t;
  if (bid.sign() <= 0 || ask.sign() <= 0 || ask.lt(bid)) return t.last;
  if (bid.scale === ask.scale && bid.raw === ask.raw) return bid;
  const sum = bid.add(ask);
  return Decimal.of(sum.raw * 5n, sum.scale + 1);
}
