import { addsExposure } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

/** Limits on money need the account's equity: while the venue has not reported it, only reducing orders pass. */
export const accountKnown: RiskRule = (order, state) => {
  if (state.equityKnown || !addsExposure(order, state.position)) return null;
  return {
    code: 'RISK_ACCOUNT_UNKNOWN',
    message: "the account's balance has not been read from the exchange yet, so its risk limits cannot be checked: only orders that reduce a position are accepted",
    limit: null,
    value: 'unknown',
  };
};
