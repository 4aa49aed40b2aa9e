import type { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import { marginTableOf, symbolTiers } from '../domain/margin-tiers/index.js';
import type { MarginMode } from '../domain/perp-margin.js';
import type { PerpTermsOf } from './perp-book.js';

export interface PerpSettings {
  readonly leverage: (inst: Instrument) => Decimal;
  readonly marginMode: (inst: Instrument) => MarginMode;
  /** The venue whose tiers and formula apply (the instrument's exchange; a session's dataset venue). */
  readonly venue: (inst: Instrument) => string;
}

/** The simulated accounts' perpetual terms: spot and live trading have none (cash account; the venue's own margin). */
export function perpTermsOf(s: PerpSettings): PerpTermsOf {
  return (mode, inst) => {
    if (mode === 'live_trading' || inst.marketType === 'spot') return null;
    const venue = s.venue(inst);
    return { leverage: s.leverage(inst), marginMode: s.marginMode(inst), tiers: symbolTiers(venue, inst.symbol), formula: marginTableOf(venue).formula };
  };
}
