/**
 * True when a move of the price from `prev` to `next` reached any of `levels` (a resting limit, a
 * stop or a take-profit): a fill may have happened, so the page re-reads orders and positions.
 */
export function reachedAny(prev: number | null, next: number, levels: readonly number[]): boolean {
  if (prev === null) return false;
  const lo = Math.min(prev, next);
  const hi = Math.max(prev, next);
  return levels.some((l) => l >= lo && l <= hi);
}
