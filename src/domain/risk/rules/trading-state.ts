import { addsExposure } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const tradingStateRule: RiskRule = (order, state) => {
  if (state.tradingState === 'ACTIVE' || !addsExposure(order, state.position)) return null;
  return state.tradingState === 'HALTED'
    ? { code: 'RISK_TRADING_HALTED', message: 'trading is halted: only orders that reduce a position are accepted', limit: null, value: 'HALTED' }
    : { code: 'RISK_REDUCING_ONLY', message: 'a loss limit was hit today: only orders that reduce a position are accepted', limit: null, value: 'REDUCING' };
};
