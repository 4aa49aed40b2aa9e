import { addsExposure, notional, positionAfter, text } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const maxPositionNotional: RiskRule = (order, state, limits) => {
  const limit = limits.maxPositionNotional;
  if (!limit || !addsExposure(order, state.position)) return null;
  const value = notional(positionAfter(order, state.position), order.price);
  if (value.lte(limit)) return null;
  return { code: 'RISK_MAX_POSITION_NOTIONAL', message: `the position would be worth ${text(value)}, above the limit of ${text(limit)}`, limit: text(limit), value: text(value) };
};
