import type { CcxtExchange } from '../ccxt/ccxt-loader.js';
import type { VenueEndpoints, VenueProfile } from '../ccxt/venue-profile.js';
import { CLIENT_ID_RULES, fitClientId } from '../ccxt/wire-client-id.js';

/**
 * OKX v5: USDT-margined perpetual swaps (BTC-USDT-SWAP, one-way "net" positions, cross margin) with
 * spot listed. One REST host; streams on three channel groups (`/ws/v5/public`: tickers, trades,
 * books5; `/ws/v5/private`: login and the orders channel; `/ws/v5/business`: candles). Keys come
 * with a passphrase; demo trading is the same hosts with the `x-simulated-trading: 1` header (ccxt's
 * sandbox mode).
 */

/** The channel group of a stream URL ccxt built: the last path segment (public, private, business). */
function groupOf(url: string): string | null {
  return /\/ws\/v5\/(public|private|business)(?:\?|$)/.exec(url)?.[1] ?? null;
}

/**
 * ccxt's okx builds each stream URL at subscribe time from one base (`getUrl`): the configured URL
 * of the group replaces it, keeping ccxt's query (the demo `?brokerId=9999`).
 */
function routeStreams(ex: CcxtExchange, endpoints: VenueEndpoints): void {
  const ws = endpoints.wsUrls ?? {};
  if (Object.keys(ws).length === 0) return;
  const target = ex as unknown as { getUrl: (channel: string, access?: string) => string };
  const getUrl = target.getUrl.bind(ex);
  target.getUrl = (channel, access) => {
    const url = getUrl(channel, access);
    const group = groupOf(url);
    const base = group ? ws[group] : undefined;
    if (!base) return url;
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    return base + query;
  };
}

export const okxProfile: VenueProfile = {
  id: 'okx',
  name: 'OKX',
  ccxtClass: 'okx',
  marketTypes: ['linear', 'spot'],
  primaryCcxtType: 'swap',
  ccxtOptions: {
    defaultType: 'swap',
    fetchMarkets: { types: ['spot', 'swap'] },
    // One order a request (POST /api/v5/trade/order), not a batch of one.
    createOrder: 'privatePostTradeOrder',
    defaultMarginMode: 'cross',
  },
  // OKX's tickers channel carries bidPx/askPx (every 100 ms).
  bookStream: 'watchTicker',
  depthLevels: 5, // books5: a 5-level snapshot every 100 ms
  // The URL tree holds one stream base; the groups are routed by adaptClient.
  wsRole: () => 'base',
  wsRoles: ['public', 'private', 'business'],
  symbolOf: (m) => `${m.base}${m.quote}`.toUpperCase(),
  needsPassphrase: true,
  testnetName: 'DEMO',
  tradesOrderIdParam: 'ordId',
  triggerOrdersApart: true,
  // ccxt 4.5 sends a stop's client id as `clOrdId`, which the place-algo-order endpoint does not
  // document (its parameter is `algoClOrdId`, which ccxt reads stops back by).
  triggerClientIdParam: 'algoClOrdId',
  adaptClient: routeStreams,
  // OKX refuses limit prices outside its price limit per order (51006); instruments publish none.
  priceBand: () => null,
  expectedTickMs: 1_000,
  maxKlinesPerRequest: 300,
  // The trading account's `eq` is cash balance plus the positions' unrealized PnL.
  balanceIncludesUnrealized: true,
  clientIdParam: 'clOrdId',
  // clOrdId and algoClOrdId take 1–32 letters and digits only ("Parameter clOrdId error", 51000).
  wireClientId: fitClientId(CLIENT_ID_RULES.okx),
  features: ['linear', 'spot', 'tickers', 'trades', 'klines', 'orders', 'stop_orders', 'reduce_only'],
};
