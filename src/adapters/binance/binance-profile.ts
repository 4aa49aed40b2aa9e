import type { VenueProfile } from '../ccxt/venue-profile.js';

/** Binance: spot + USD-M futures; book ticker on every change, klines up to 1500 a request. */
export const binanceProfile: VenueProfile = {
  id: 'binance',
  name: 'Binance',
  ccxtClass: 'binance',
  marketTypes: ['linear', 'spot'],
  primaryCcxtType: 'swap',
  ccxtOptions: {
    defaultType: 'swap',
    fetchMarkets: { types: ['spot', 'linear'] },
    // With keys, loadMarkets would also sign four margin/currency calls we never use.
    fetchCurrencies: false,
    fetchMargins: false,
  },
  // Binance's ticker stream is the 24h one; bid/ask come on bookTicker.
  bookStream: 'watchBidsAsks',
  // fstream.* serves USD-M futures streams, stream.* spot ones, ws-api.* the spot WebSocket API.
  wsRole: (host) => (host.startsWith('fstream') ? 'linear' : host.startsWith('ws-api') ? 'spotApi' : host.startsWith('ws-fapi') ? 'linearApi' : 'spot'),
  expectedTickMs: 1_000,
  maxKlinesPerRequest: 1500,
  features: ['linear', 'spot', 'book_ticker', 'trades', 'klines', 'orders', 'stop_orders', 'reduce_only'],
};
