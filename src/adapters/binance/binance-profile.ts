import { Decimal } from '../../domain/decimal.js';
import type { VenueProfile } from '../ccxt/venue-profile.js';
import { CLIENT_ID_RULES, fitClientId } from '../ccxt/wire-client-id.js';

/** Binance: spot + USD-M futures; book ticker on every change, klines up to 1500 a request. */
interface BinanceFilter {
  readonly filterType?: string;
  readonly multiplierUp?: string;
  readonly multiplierDown?: string;
}

/** PERCENT_PRICE: a limit price must be within [mark × multiplierDown, mark × multiplierUp]. */
function percentPriceBand(raw: unknown): string | null {
  const filters = (raw as { filters?: BinanceFilter[] } | null)?.filters ?? [];
  const f = filters.find((x) => x.filterType === 'PERCENT_PRICE');
  if (!f?.multiplierUp || !f.multiplierDown) return null;
  const up = Decimal.parse(f.multiplierUp).sub(Decimal.fromInt(1));
  const down = Decimal.fromInt(1).sub(Decimal.parse(f.multiplierDown));
  return up.min(down).toString(); // the narrower side, so we never accept what Binance refuses
}

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
  markStream: 'watchMarkPrice', // USDⓈ-M <symbol>@markPrice@1s, field p
  depthLevels: 20, // <symbol>@depth@100ms diffs over a /fapi/v1/depth?limit=20 snapshot
  // fstream.* serves USD-M futures streams, stream.* spot ones, ws-api.* the spot WebSocket API.
  wsRole: (host) => (host.startsWith('fstream') ? 'linear' : host.startsWith('ws-api') ? 'spotApi' : host.startsWith('ws-fapi') ? 'linearApi' : 'spot'),
  wsRoles: ['spot', 'linear', 'spotApi', 'linearApi'],
  priceBand: percentPriceBand,
  expectedTickMs: 1_000,
  maxKlinesPerRequest: 1500,
  balanceIncludesUnrealized: true, // USD-M futures: ccxt's total is marginBalance
  clientIdParam: 'origClientOrderId',
  // newClientOrderId / clientAlgoId: ^[.A-Z:/a-z0-9_-]{1,36}$ (-1100 "Illegal characters"): a bracket's exit of a 36-character id is longer.
  wireClientId: fitClientId(CLIENT_ID_RULES.binance),
  // USDⓈ-M conditional orders (STOP_MARKET, TAKE_PROFIT_MARKET) are Algo Service orders
  // (/fapi/v1/algoOrder): read and canceled there; once triggered, `actualOrderId` is the order sent.
  triggerOrdersApart: true,
  triggeredOrderIdField: 'actualOrderId',
  features: ['linear', 'spot', 'book_ticker', 'trades', 'klines', 'orders', 'stop_orders', 'reduce_only'],
};
