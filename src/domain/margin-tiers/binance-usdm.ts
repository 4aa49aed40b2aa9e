import { tiersOf, type VenueMarginTable } from '../maintenance-tiers.js';

/**
 * Binance USDⓈ-M leverage brackets, as `GET /fapi/v1/leverageBracket` answers them
 * (notionalCap, initialLeverage, maintMarginRatio, cum) and the "Leverage & Margin" page shows
 * them (https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin). Binance
 * changes them by announcement; see README.md for when these rows were taken and how to refresh them.
 */
export const BINANCE_USDM: VenueMarginTable = {
  venue: 'binance',
  formula: 'binance',
  symbols: {
    BTCUSDT: tiersOf([
      ['50000', '125', '0.004', '0'],
      ['600000', '100', '0.005', '50'],
      ['3000000', '75', '0.0065', '950'],
      ['12000000', '50', '0.01', '11450'],
      ['70000000', '25', '0.02', '131450'],
      ['100000000', '20', '0.025', '481450'],
      ['230000000', '10', '0.05', '2981450'],
      ['480000000', '5', '0.1', '14481450'],
      ['600000000', '4', '0.125', '26481450'],
      ['800000000', '3', '0.15', '41481450'],
      ['1200000000', '2', '0.25', '121481450'],
      ['1800000000', '1', '0.5', '421481450'],
    ]),
    ETHUSDT: tiersOf([
      ['50000', '125', '0.004', '0'],
      ['600000', '100', '0.005', '50'],
      ['3000000', '75', '0.0065', '950'],
      ['12000000', '50', '0.01', '11450'],
      ['50000000', '25', '0.02', '131450'],
      ['65000000', '20', '0.025', '381450'],
      ['150000000', '10', '0.05', '2006450'],
      ['320000000', '5', '0.1', '9506450'],
      ['400000000', '4', '0.125', '17506450'],
      ['530000000', '3', '0.15', '27506450'],
      ['800000000', '2', '0.25', '80506450'],
      ['1200000000', '1', '0.5', '280506450'],
    ]),
  },
};
