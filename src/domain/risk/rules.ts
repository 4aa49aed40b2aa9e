import type { Denial, RiskRule } from './risk-types.js';
import { tradingStateRule } from './rules/trading-state.js';
import { maxPositionSize } from './rules/max-position-size.js';
import { maxPositionNotional } from './rules/max-position-notional.js';
import { maxOpenPositions } from './rules/max-open-positions.js';
import { maxLeverage } from './rules/max-leverage.js';
import { maxOrdersPerMinute } from './rules/max-orders-per-minute.js';
import { maxDailyLoss } from './rules/max-daily-loss.js';
import { maxDrawdown } from './rules/max-drawdown.js';
import { accountKnown } from './rules/account-known.js';

/** The rules in the order they run; the first denial wins. Each is a pure function of one file. */
export const RULES: readonly RiskRule[] = [
  // Every money limit below needs the equity.
  accountKnown,
  // The loss limits first: while one is exceeded, its own code says why (not just "reducing only").
  maxDailyLoss,
  maxDrawdown,
  tradingStateRule,
  maxOrdersPerMinute,
  maxPositionSize,
  maxPositionNotional,
  maxOpenPositions,
  maxLeverage,
];

export function checkRisk(...args: Parameters<RiskRule>): Denial | null {
  for (const rule of RULES) {
    const denial = rule(...args);
    if (denial) return denial;
  }
  return null;
}
