import { addsExposure, positionAfter, text } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const maxPositionSize: RiskRule = (order, state, limits) => {
  const limit = limits.maxPositionSize;
  if (!limit || !addsExposure(order, state.position)) return null;
  const after = positionAfter(order, state.position).abs();
  if (after.lte(limit)) return null;
  return { code: 'RISK_MAX_POSITION_SIZE', message: `the position would be ${text(after)}, above the limit of ${text(limit)}`, limit: text(limit), value: text(after) };
};
