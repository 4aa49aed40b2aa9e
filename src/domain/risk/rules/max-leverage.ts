import { addsExposure, notional, positionAfter, text } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const maxLeverage: RiskRule = (order, state, limits) => {
  const limit = limits.maxLeverage;
  if (!limit || !addsExposure(order, state.position)) return null;
  const total = state.otherNotional.add(notional(positionAfter(order, state.position), order.price));
  if (state.equity.sign() <= 0) {
    return { code: 'RISK_MAX_LEVERAGE', message: 'there is no equity to carry more exposure', limit: text(limit), value: 'infinite' };
  }
  const leverage = total.div(state.equity, 4, 'up');
  if (leverage.lte(limit)) return null;
  return { code: 'RISK_MAX_LEVERAGE', message: `leverage would be ${text(leverage)}×, above the limit of ${text(limit)}×`, limit: text(limit), value: text(leverage) };
};
