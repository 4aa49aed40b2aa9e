import { Decimal } from './decimal.js';

/**
 * A venue's maintenance-margin tiers (Binance "leverage brackets", Bybit "risk limits") for one
 * symbol: a position whose notional is in (floor, cap] may use at most `maxLeverage` and must keep
 * notional × `mmr` − `maintAmount` as maintenance margin. `maintAmount` is Binance's `cum` and
 * Bybit's `mmDeduction`: Σ floor_n × (mmr_n − mmr_{n−1}), so the maintenance margin is continuous
 * across a tier's edge. The data and its sources are in margin-tiers/ (see its README.md).
 *
 * @example
 *   const t = tierFor(BINANCE_USDM.BTCUSDT, dec('60000')); // tier 2: 100×, 0.5 %, cum 50
 *   maintenanceMargin(BINANCE_USDM.BTCUSDT, dec('60000')); // 60000 × 0.005 − 50 = 250
 */
export interface MarginTier {
  readonly tier: number;
  readonly floor: Decimal;
  readonly cap: Decimal;
  readonly maxLeverage: Decimal;
  readonly mmr: Decimal;
  readonly maintAmount: Decimal;
}

export type MarginTiers = readonly MarginTier[];

/** How a venue turns a position into a liquidation price (its documented formula). */
export type LiquidationFormula = 'binance' | 'bybit';

/** The tiers of the venues' symbols, and the formula the venue documents. */
export interface VenueMarginTable {
  readonly venue: string;
  readonly formula: LiquidationFormula;
  readonly symbols: Readonly<Record<string, MarginTiers>>;
}

/** Builds a table from the venue's rows as text: [cap, maxLeverage, mmr, maintAmount], floors from the previous cap. */
export function tiersOf(rows: readonly (readonly [string, string, string, string])[]): MarginTiers {
  let floor = Decimal.ZERO;
  return rows.map(([cap, lev, mmr, amount], i) => {
    const t: MarginTier = {
      tier: i + 1,
      floor,
      cap: Decimal.parse(cap),
      maxLeverage: Decimal.parse(lev),
      mmr: Decimal.parse(mmr),
      maintAmount: Decimal.parse(amount),
    };
    floor = t.cap;
    return t;
  });
}

/** The tier of a notional (|qty| × price); above the last cap, the last tier. */
export function tierFor(tiers: MarginTiers, notional: Decimal): MarginTier {
  if (tiers.length === 0) throw new Error('a symbol without margin tiers');
  const n = notional.abs();
  for (const t of tiers) if (n.lte(t.cap)) return t;
  return tiers[tiers.length - 1]!;
}

/** Maintenance margin of a notional: notional × mmr − maintenance amount, of its tier (never below 0). */
export function maintenanceMargin(tiers: MarginTiers, notional: Decimal): Decimal {
  const t = tierFor(tiers, notional);
  return notional.abs().mul(t.mmr).sub(t.maintAmount).max(Decimal.ZERO);
}

/** The highest leverage any position may use (the first tier's). */
export const maxLeverageOf = (tiers: MarginTiers): Decimal => tiers[0]!.maxLeverage;

/**
 * The maintenance amount each tier must have for the margin to be continuous at its floor
 * (the venues' published rule): for checking a table typed in from a venue's page.
 */
export function expectedMaintAmounts(tiers: MarginTiers): Decimal[] {
  const out: Decimal[] = [];
  tiers.forEach((t, i) => {
    const prev = tiers[i - 1];
    out.push(prev ? t.floor.mul(t.mmr.sub(prev.mmr)).add(out[i - 1]!) : Decimal.ZERO);
  });
  return out;
}
