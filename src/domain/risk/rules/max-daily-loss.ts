import { addsExposure, text } from '../exposure.js';
import type { RiskRule } from '../risk-types.js';

export const maxDailyLoss: RiskRule = (order, state, limits) => {
  const limit = limits.maxDailyLoss;
  if (!limit || !addsExposure(order, state.position)) return null;
  const loss = state.dailyPnl.neg();
  if (loss.lt(limit)) return null;
  return { code: 'RISK_DAILY_LOSS_LIMIT', message: `today's loss of ${text(loss)} has reached the limit of ${text(limit)}`, limit: text(limit), value: text(loss) };
};
