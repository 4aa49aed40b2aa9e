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
    watchTicker: { name: 'bookTicker' },
  },
  // fstream.* serves USD-M futures streams, stream.* spot ones.
  wsRole: (host) => (host.startsWith('fstream') ? 'linear' : 'spot'),
  expectedTickMs: 1_000,
  maxKlinesPerRequest: 1500,
  features: ['linear', 'spot', 'book_ticker', 'trades', 'klines', 'orders', 'stop_orders', 'reduce_only'],
};
