import type { CcxtExchange } from '../ccxt/ccxt-loader.js';
import type { VenueEndpoints, VenueProfile } from '../ccxt/venue-profile.js';

/**
 * Coinbase Advanced Trade (v3): spot only. Products are `BTC-USD`, `BTC-USDC`, `BTC-USDT`…; ccxt's
 * `coinbase` calls them BTC/USD, BTC/USDC, BTC/USDT, and our symbol is base + quote (BTCUSD,
 * BTCUSDC, BTCUSDT). Keys are CDP keys: the name `organizations/{org}/apiKeys/{id}` and an EC P-256
 * private key (PEM); ccxt signs every REST request, and the `user` stream's subscription, as an
 * ES256 JWT. One REST origin (`api.coinbase.com/api/v3/brokerage/...`), one stream origin
 * (`advanced-trade-ws.coinbase.com`: ticker, level2, market_trades, heartbeats, user). The sandbox
 * is `api-sandbox.coinbase.com` (ccxt's coinbase has no test URLs of its own).
 */

/**
 * The JWT's `uri` claim is "METHOD host/path": ccxt strips only an `https://` scheme, so an origin
 * configured as http (a proxy, a local fake) would put the scheme in the claim, which Coinbase's
 * check refuses. The token is built from the https form of the same URL instead.
 */
function signForAnyScheme(ex: CcxtExchange): void {
  const target = ex as unknown as { createAuthToken: (seconds: number, method?: string, url?: string, eddsa?: boolean) => string };
  const create = target.createAuthToken.bind(ex);
  target.createAuthToken = (seconds, method, url, eddsa) => create(seconds, method, url?.replace(/^http:\/\//i, 'https://'), eddsa);
}

function adaptClient(ex: CcxtExchange, _endpoints: VenueEndpoints): void {
  signForAnyScheme(ex);
  // loadMarkets would also read the Coinbase App's v2 currency lists (three calls outside Advanced
  // Trade); the markets name every currency we trade.
  (ex.has as Record<string, unknown>).fetchCurrencies = false;
}

export const coinbaseProfile: VenueProfile = {
  id: 'coinbase',
  name: 'Coinbase',
  ccxtClass: 'coinbase',
  marketTypes: ['spot'],
  primaryCcxtType: 'spot',
  ccxtOptions: {
    defaultType: 'spot',
    // Advanced Trade's own endpoints, not the Coinbase App's v2 ones.
    fetchTime: 'v3PublicGetBrokerageTime',
    fetchBalance: 'v3PrivateGetBrokerageAccounts',
  },
  testUrls: { rest: 'https://api-sandbox.coinbase.com', ws: 'wss://advanced-trade-ws.coinbase.com' },
  // The ticker channel carries best_bid / best_ask.
  bookStream: 'watchTicker',
  // level2 is the whole book (snapshot, then updates); 50 levels a side are kept.
  depthLevels: 50,
  // One stream origin: COINBASE_WS_URL.
  wsRole: () => '',
  wsRoles: [''],
  symbolOf: (m) => `${m.base}${m.quote}`.toUpperCase(),
  testnetName: 'SANDBOX',
  adaptClient,
  // ccxt's coinbase ignores the unified clientOrderId (it sends its own `ccxt-<uuid>`): ours goes as the field.
  orderClientIdParam: 'client_order_id',
  // Sized in base units both ways: `market_market_ioc.base_size` (ccxt would size a market buy in quote).
  // ccxt takes createMarketBuyOrderRequiresPrice out of a buy's request only: a sell would carry it
  // into the body, which Coinbase refuses (400 `proto: unknown field`).
  orderParams: (o) =>
    o.type !== 'market'
      ? {}
      : { ...(o.side === 'buy' ? { createMarketBuyOrderRequiresPrice: false } : {}), order_configuration: { market_market_ioc: { base_size: o.amount } } },
  // Spot has no reduce-only (ccxt's reduceOnly closes a futures position): a reducing order is a plain one.
  reduceOnly: false,
  // Get Order names an order by its exchange id only: one sent by our client id is found in List Orders.
  clientIdLookup: 'list',
  spotHoldings: { quote: 'USD' },
  tradesOrderIdParam: 'order_ids',
  errorPatterns: [
    [/order with this orderID was not found/i, 'ORDER_NOT_FOUND'],
    [/PREVIEW_INVALID|INVALID_LIMIT_PRICE|INVALID_SIZE/i, 'EXCHANGE_REJECTED_ORDER'],
    // Create Order's refusal ("success": false, error_response with new_order_failure_reason, e.g.
    // UNSUPPORTED_ORDER_CONFIGURATION) without a preview reason: ccxt's handleErrors throws it generic.
    [/"new_order_failure_reason"\s*:\s*"(?!UNKNOWN_FAILURE_REASON")[A-Z_]+"/, 'EXCHANGE_REJECTED_ORDER'],
  ],
  // Coinbase refuses limit prices far from the market per order; products publish no band.
  priceBand: () => null,
  expectedTickMs: 1_000,
  maxKlinesPerRequest: 300,
  // Spot: the account holds currencies, no unrealized PnL.
  balanceIncludesUnrealized: false,
  clientIdParam: 'client_order_id',
  features: ['spot', 'tickers', 'trades', 'klines', 'orders'],
};
