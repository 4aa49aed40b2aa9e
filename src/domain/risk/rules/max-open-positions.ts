import type { RiskRule } from '../risk-types.js';

export const maxOpenPositions: RiskRule = (order, state, limits) => {
  const limit = limits.maxOpenPositions;
  if (limit === null || !state.position.isZero() || order.reduceOnly) return null;
  const after = state.otherOpenPositions + 1;
  if (after <= limit) return null;
  return { code: 'RISK_MAX_OPEN_POSITIONS', message: `this would be open position number ${after}, above the limit of ${limit}`, limit, value: after };
};
