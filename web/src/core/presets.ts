import type { SymbolInfo } from './api-types.js';
import { roundTo } from './pnl.js';

const MULTIPLES = [1, 5, 10, 50, 100];

/**
 * Quantity presets for a symbol: multiples of the smallest order it accepts — its minimum quantity,
 * or at `price` the lots that reach its minimum notional (with 10 % to spare for the price moving).
 */
export function quantityPresets(info: SymbolInfo | null, price: number | null): number[] {
  const step = info?.step_size ?? 0.001;
  let base = info ? Math.max(info.min_qty, info.step_size) : 0.001;
  if (info && price && price > 0 && info.min_notional > 0) {
    const lots = Math.ceil((info.min_notional * 1.1) / price / step);
    base = Math.max(base, lots * step);
  }
  return MULTIPLES.map((m) => roundTo(m * base, step));
}
