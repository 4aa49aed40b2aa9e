import { Decimal } from '../domain/decimal.js';
import type { Position } from '../domain/position.js';
import type { VenuePosition } from './ports.js';

export interface PositionDifference {
  readonly symbol: string;
  /** Signed quantities: short < 0. */
  readonly exchangeQuantity: Decimal;
  readonly localQuantity: Decimal;
}

/**
 * Compares what the exchange holds with the local record, symbol by symbol. It only reports: a
 * difference is shown and logged, never silently written over either side.
 */
export function reconcilePositions(exchange: readonly VenuePosition[], local: readonly Position[]): PositionDifference[] {
  const symbols = new Set([...exchange.map((p) => p.symbol), ...local.map((p) => p.symbol)]);
  const out: PositionDifference[] = [];
  for (const symbol of [...symbols].sort()) {
    const ex = exchange.filter((p) => p.symbol === symbol).reduce((s, p) => s.add(p.quantity), Decimal.ZERO);
    const lo = local.filter((p) => p.symbol === symbol).reduce((s, p) => s.add(p.quantity), Decimal.ZERO);
    if (!ex.eq(lo)) out.push({ symbol, exchangeQuantity: ex, localQuantity: lo });
  }
  return out;
}
