import type { VenueProfile } from '../ccxt/venue-profile.js';
import { CLIENT_ID_RULES, fitClientId } from '../ccxt/wire-client-id.js';

/** Bybit v5: one stream host for public (spot, linear) and private topics; tickers every 100 ms. */
export const bybitProfile: VenueProfile = {
  id: 'bybit',
  name: 'Bybit',
  ccxtClass: 'bybit',
  marketTypes: ['linear', 'spot'],
  primaryCcxtType: 'swap',
  ccxtOptions: {
    defaultType: 'swap',
    fetchMarkets: { types: ['spot', 'linear'] },
    // ccxt's bybit reads an order only after this acknowledgement (it sees the last 500 orders);
    // as an option, not a request parameter, so no other venue is sent it.
    fetchOrder: { acknowledged: true },
  },
  // Bybit's tickers topic carries bid1/ask1.
  bookStream: 'watchTicker',
  markStream: 'ticker', // linear tickers.<symbol> carry markPrice
  depthLevels: 50, // orderbook.50.<symbol>: snapshot, then deltas
  wsRole: () => 'stream',
  wsRoles: ['stream'],
  // Bybit's instruments carry no price band; its own limits are checked by Bybit on each order.
  priceBand: () => null,
  expectedTickMs: 1_000,
  maxKlinesPerRequest: 1000,
  balanceIncludesUnrealized: false, // unified account: ccxt's total is walletBalance
  clientIdParam: 'orderLinkId',
  // orderLinkId: up to 36 letters, digits, `-` and `_` (a longer one is 10001 "orderLinkId invalid").
  wireClientId: fitClientId(CLIENT_ID_RULES.bybit),
  features: ['linear', 'spot', 'tickers', 'trades', 'klines', 'orders', 'stop_orders', 'reduce_only'],
};
