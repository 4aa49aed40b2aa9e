import { addsExposure } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const maxOrdersPerMinute: RiskRule = (order, state, limits) => {
  const limit = limits.maxOrdersPerMinute;
  // Orders that reduce exposure always pass: a runaway loop must never stop a trader getting out.
  if (limit === null || !addsExposure(order, state.position) || state.ordersLastMinute < limit) return null;
  return { code: 'RISK_MAX_ORDERS_PER_MINUTE', message: `${state.ordersLastMinute} orders in the last minute, the limit is ${limit}`, limit, value: state.ordersLastMinute };
};
