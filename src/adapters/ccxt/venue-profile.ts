import type { MarketInterface } from 'ccxt';
import type { CcxtClassId, CcxtExchange } from './ccxt-loader.js';

/**
 * What differs between venues, as data (freqtrade's lesson): the adapter reads this and never
 * branches on the venue's name.
 */
export interface VenueProfile {
  readonly id: string;
  readonly name: string;
  readonly ccxtClass: CcxtClassId;
  readonly marketTypes: readonly ('linear' | 'spot')[];
  /** ccxt's market type id of the markets we trade: linear perpetuals ('swap'), or spot on a spot-only venue (Coinbase). */
  readonly primaryCcxtType: 'swap' | 'spot';
  /** ccxt options set on every instance (market types to load, which stream watchTicker uses…). */
  readonly ccxtOptions: Readonly<Record<string, unknown>>;
  /** Role of a WebSocket URL in ccxt's tree, by its host: the key of the configured WS base that replaces it. */
  readonly wsRole: (host: string) => string;
  /** Every WS role, each configurable as `<VENUE>_WS_<ROLE>_URL`. */
  readonly wsRoles: readonly string[];
  /**
   * Our symbol of a ccxt market (default: the venue's market id upper-cased, e.g. BTCUSDT). A venue
   * whose ids name the market type (OKX BTC-USDT-SWAP) gives base + quote, so one symbol is the same
   * pair on every venue (the watch list, prices across venues).
   */
  readonly symbolOf?: (market: MarketInterface) => string;
  /** The secrets an account needs besides key and secret (OKX: its passphrase). */
  readonly needsPassphrase?: boolean;
  /** The word after the venue's name in the environment for its test environment: TESTNET (default) or OKX's DEMO. */
  readonly testnetName?: string;
  /** The parameter of ccxt's fetchMyTrades that narrows the list to one order (default orderId; OKX ordId). */
  readonly tradesOrderIdParam?: string;
  /** Stops live in a book of their own (OKX algo orders, Binance USDⓈ-M's Algo Service): read and canceled with ccxt's `trigger` flag. */
  readonly triggerOrdersApart?: boolean;
  /**
   * Our client order id in the form the venue takes, where its rule is narrower than ours (OKX:
   * 1–32 letters and digits; Binance and Bybit: 36 characters; `fitClientId`). Its answers are read
   * back under our own id.
   */
  readonly wireClientId?: (ours: string) => string;
  /** Where a triggered stop kept apart names the order it sent, in the venue's payload (default OKX's `ordId`; Binance `actualOrderId`). */
  readonly triggeredOrderIdField?: string;
  /**
   * The venue's own parameter for our client id on a stop kept apart (OKX `algoClOrdId`), sent
   * beside ccxt's `clientOrderId`, which ccxt sends as the regular order's (OKX `clOrdId`).
   */
  readonly triggerClientIdParam?: string;
  /**
   * Wiring ccxt does not expose as a URL tree (OKX builds its stream URLs per channel group at
   * subscribe time): called once on each new ccxt instance with the endpoints in force.
   */
  readonly adaptClient?: (ex: CcxtExchange, endpoints: VenueEndpoints) => void;
  /** The test environment's URL tree where ccxt has none (`urls.test`; Coinbase's sandbox): ccxt's sandbox mode switches to it. */
  readonly testUrls?: Readonly<Record<string, string>>;
  /** The parameter of ccxt's createOrder that carries our client order id (default ccxt's unified clientOrderId; Coinbase client_order_id). */
  readonly orderClientIdParam?: string;
  /** Request fields of an order the venue needs beyond ccxt's unified ones (Coinbase: a market buy sized in base units). */
  readonly orderParams?: (order: { readonly type: 'market' | 'limit'; readonly side: 'buy' | 'sell'; readonly amount: string }) => Record<string, unknown>;
  /** False where the venue has no reduce-only orders (spot): a reducing order is sent as a plain one. Default true. */
  readonly reduceOnly?: boolean;
  /**
   * How an order is found by our client id: ccxt's fetchOrder with `clientIdParam` (default), or
   * 'list': among the venue's recent orders (Coinbase's Get Order takes its own id only).
   */
  readonly clientIdLookup?: 'fetchOrder' | 'list';
  /**
   * A spot venue keeps balances, not positions: each currency held (the base of one of our symbols
   * against `quote`) is reported as the position of that symbol, at no known entry price; the
   * wallet is the `quote` balance.
   */
  readonly spotHoldings?: { readonly quote: string };
  /** Errors ccxt leaves generic (ExchangeError), recognised by their message: our code for each. */
  readonly errorPatterns?: readonly (readonly [RegExp, string])[];
  /** Which ccxt stream carries the best bid/ask: the venue's ticker, or its separate book ticker. */
  readonly bookStream: 'watchTicker' | 'watchBidsAsks';
  /**
   * Where a perpetual's mark price comes from: a stream of its own (ccxt watchMarkPrice: Binance
   * USDⓈ-M `<symbol>@markPrice@1s`), or the ticker's `markPrice` field (Bybit's linear tickers;
   * also the default: a venue whose ticker has none gives ticks without a mark, measured at mid).
   */
  readonly markStream?: 'watchMarkPrice' | 'ticker';
  /**
   * Levels a side of the venue's order-book stream (ccxt watchOrderBook: snapshot + diffs) that
   * ticks carry as depth, so paper market orders walk the real book; one of the venue's allowed sizes.
   */
  readonly depthLevels: number;
  /**
   * The fraction around the mark a limit price may be (the venue's own price-band filter, read
   * from the raw market), or null when the venue does not publish one.
   */
  readonly priceBand: (rawMarket: unknown) => string | null;
  /** How often the venue's book ticker normally pushes; a feed silent for several of these is stale. */
  readonly expectedTickMs: number;
  readonly maxKlinesPerRequest: number;
  /**
   * Whether the account balance ccxt reads (its `total`) already holds the open positions'
   * unrealized PnL (Binance futures: marginBalance) or is the wallet alone (Bybit: walletBalance).
   */
  readonly balanceIncludesUnrealized: boolean;
  /** The parameter of ccxt's fetchOrder that names an order by our client id (Binance origClientOrderId, Bybit orderLinkId). */
  readonly clientIdParam: string;
  readonly features: readonly string[];
}

/** Where a venue is reached: the documented hosts by default; configurable for testnets, proxies and tests. */
export interface VenueEndpoints {
  /** Replaces every REST origin (the venue's paths are kept). */
  readonly restUrl?: string;
  /** Replaces WebSocket origins, by role (see VenueProfile.wsRole). */
  readonly wsUrls?: Readonly<Record<string, string>>;
}

export interface VenueConfig {
  readonly mainnet: VenueEndpoints;
  readonly testnet: VenueEndpoints;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** The account's passphrase, for venues that need one (VenueProfile.needsPassphrase). */
  readonly apiPassphrase?: string;
  /** Start on the test environment (`<VENUE>_<testnetName>=1`, e.g. OKX_DEMO=1); stored keys may still say otherwise. */
  readonly testnetByDefault?: boolean;
  /** Request timeout; a host that does not answer fails within it. */
  readonly timeoutMs: number;
}
