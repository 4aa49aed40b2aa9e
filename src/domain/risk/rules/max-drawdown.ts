import { Decimal } from '../../decimal.js';
import { addsExposure, text } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const maxDrawdown: RiskRule = (order, state, limits) => {
  const limit = limits.maxDrawdown;
  if (!limit || !addsExposure(order, state.position)) return null;
  const drawdown = state.peakEquity.sub(state.equity).max(Decimal.ZERO);
  if (drawdown.lt(limit)) return null;
  return { code: 'RISK_MAX_DRAWDOWN', message: `equity is ${text(drawdown)} below its peak, the limit is ${text(limit)}`, limit: text(limit), value: text(drawdown) };
};
