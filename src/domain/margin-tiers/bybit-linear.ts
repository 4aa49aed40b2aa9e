import { tiersOf, type VenueMarginTable } from '../maintenance-tiers.js';

/**
 * Bybit USDT perpetual risk limits, as `GET /v5/market/risk-limit?category=linear` answers them
 * (riskLimitValue, maxLeverage, maintenanceMargin, mmDeduction), and
 * https://www.bybit.com/en/announcement-info/margin-introduction/ shows them. The deduction is the
 * venue's rule Σ floor × ΔMMR (so the margin is continuous at each limit). See README.md.
 */
export const BYBIT_LINEAR: VenueMarginTable = {
  venue: 'bybit',
  formula: 'bybit',
  symbols: {
    BTCUSDT: tiersOf([
      ['2000000', '100', '0.005', '0'],
      ['4000000', '57.14', '0.01', '10000'],
      ['6000000', '40', '0.015', '30000'],
      ['8000000', '30.76', '0.02', '60000'],
      ['10000000', '25', '0.025', '100000'],
    ]),
    ETHUSDT: tiersOf([
      ['1000000', '100', '0.005', '0'],
      ['2000000', '57.14', '0.01', '5000'],
      ['3000000', '40', '0.015', '15000'],
      ['4000000', '30.76', '0.02', '30000'],
      ['5000000', '25', '0.025', '50000'],
    ]),
  },
};
