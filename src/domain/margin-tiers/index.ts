import type { MarginTiers, VenueMarginTable } from '../maintenance-tiers.js';
import { BINANCE_USDM } from './binance-usdm.js';
import { BYBIT_LINEAR } from './bybit-linear.js';

/** Every venue's table, by venue id. The embedded `sim` exchange trades on Binance's. */
export const MARGIN_TABLES: Readonly<Record<string, VenueMarginTable>> = {
  binance: BINANCE_USDM,
  bybit: BYBIT_LINEAR,
  sim: { ...BINANCE_USDM, venue: 'sim' },
};

/** The table of a venue (Binance's for a venue without its own). */
export function marginTableOf(venue: string): VenueMarginTable {
  return MARGIN_TABLES[venue] ?? BINANCE_USDM;
}

/**
 * A symbol's tiers on a venue; a symbol the table does not list trades on the table's first
 * symbol's (BTCUSDT's), so every perpetual has a maintenance margin.
 */
export function symbolTiers(venue: string, symbol: string): MarginTiers {
  const table = marginTableOf(venue);
  return table.symbols[symbol] ?? Object.values(table.symbols)[0]!;
}
