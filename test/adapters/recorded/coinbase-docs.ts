/**
 * Coinbase Advanced Trade (v3) payloads as Coinbase's API reference
 * (https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/…) shows them, read in
 * a stored copy of each page. Where the page's example cannot be used as it stands (Get Product
 * documents a `product_type` of UNKNOWN_PRODUCT_TYPE; Get Order lists every order configuration
 * at once, side "<any>"), a payload is `derive`d and says what changed, or it is the response
 * ccxt recorded from Coinbase for its own tests (ccxt/ccxt ts/src/test/static/response/
 * coinbase.json), named as such in `readAt`. The `source` of a payload read in ccxt names the
 * reference page for that endpoint; those pages (server time, market trades) were not among the
 * stored copies, so their URLs follow the reference's naming and were not checked.
 */
import { derive, recorded } from './recorded.js';

export const REFERENCE = 'https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api';
export const CCXT_FIXTURE = 'github.com/ccxt/ccxt @089cd5cd0391b220e297af9dc46d19683994dc40: ts/src/test/static/response/coinbase.json';

/**
 * GET /api/v3/brokerage/products/{product_id}: the page's example, up to `new_at`, without
 * `fcm_trading_session_details` (between base_currency_id and mid_market_price) and the fields
 * after new_at (future_product_details…): futures-session and futures-product objects, mostly
 * "<string>" placeholders, nothing of a spot product in them.
 */
export const product = recorded({
  source: `${REFERENCE}/products/get-product`,
  note: 'fcm_trading_session_details and the fields after new_at (future_product_details…, futures placeholders) left out',
  payload: {
    product_id: 'BTC-USD',
    price: '140.21',
    price_percentage_change_24h: '9.43%',
    volume_24h: '1908432',
    volume_percentage_change_24h: '9.43%',
    base_increment: '0.00000001',
    quote_increment: '0.00000001',
    quote_min_size: '0.00000001',
    quote_max_size: '1000',
    base_min_size: '0.00000001',
    base_max_size: '1000',
    base_name: 'Bitcoin',
    quote_name: 'US Dollar',
    watched: true,
    is_disabled: false,
    new: true,
    status: '<string>',
    cancel_only: true,
    limit_only: true,
    post_only: true,
    trading_disabled: false,
    auction_mode: true,
    product_type: 'UNKNOWN_PRODUCT_TYPE',
    quote_currency_id: 'USD',
    base_currency_id: 'BTC',
    mid_market_price: '140.22',
    alias: 'BTC-USD',
    alias_to: ['BTC-USDC'],
    base_display_symbol: 'BTC',
    quote_display_symbol: 'USD',
    view_only: true,
    price_increment: '0.00000001',
    display_name: 'BTC PERP',
    product_venue: 'neptune',
    approximate_quote_24h_volume: '1908432',
    new_at: '2021-07-01T00:00:00.000Z',
  },
});

/**
 * The documented product as a spot BTC-USD whose rules differ from each other: the page gives
 * 0.00000001 for every increment and minimum, so a tick read from the step (or a minimum
 * notional from the minimum size) could not show.
 */
export const productSpot = derive(
  product,
  { product_type: 'SPOT', status: 'online', quote_increment: '0.01', price_increment: '0.01', quote_min_size: '1', alias_to: [] },
  'DERIVED: product_type SPOT (documented UNKNOWN_PRODUCT_TYPE, which ccxt does not list as spot), status online; quote_increment and price_increment 0.01, quote_min_size 1 (documented 0.00000001 like base_increment and base_min_size), so that tick, step, minimum size and minimum notional are four different numbers; alias_to [] (the documented ["BTC-USDC"] makes ccxt add a BTC/USDC alias market)',
);

/** GET /api/v3/brokerage/market/products (what ccxt's fetchMarkets reads): the derived product as its one entry. */
export const products = { products: [productSpot.payload], num_products: 1 };

/** GET /api/v3/brokerage/products/{product_id}/candles: the page's one candle. */
export const candles = recorded({
  source: `${REFERENCE}/products/get-product-candles`,
  payload: { candles: [{ start: '1639508050', low: '140.21', high: '140.21', open: '140.21', close: '140.21', volume: '56437345' }] },
});

/** Two candles, newest first as Coinbase sends them: the documented one and one a minute before it. */
export const candlesTwo = derive(
  candles,
  {
    candles: [
      candles.payload.candles[0]!,
      { start: '1639507990', low: '139.5', high: '140.3', open: '139.75', close: '140.2', volume: '12.00045' },
    ],
  },
  'DERIVED: a second candle, 60 s before the documented one (start 1639507990), with prices of its own, appended after it (newest first)',
);

/** GET /api/v3/brokerage/orders/historical/fills: the page's example. */
export const fills = recorded({
  source: `${REFERENCE}/orders/list-fills`,
  payload: {
    fills: [
      {
        entry_id: '22222-2222222-22222222',
        trade_id: '1111-11111-111111',
        order_id: '0000-000000-000000',
        trade_time: '2021-05-31T09:59:59.000Z',
        trade_type: 'FILL',
        price: '10000.00',
        size: '0.001',
        commission: '1.25',
        product_id: 'BTC-USD',
        sequence_timestamp: '2021-05-31T09:58:59.000Z',
        liquidity_indicator: 'UNKNOWN_LIQUIDITY_INDICATOR',
        size_in_quote: false,
        user_id: '3333-333333-3333333',
        side: 'BUY',
        retail_portfolio_id: '4444-444444-4444444',
        fillSource: 'FILL_SOURCE_UNKNOWN',
        commission_detail_total: {
          total_commission: '<string>',
          gst_commission: '<string>',
          withholding_commission: '<string>',
          client_commission: '<string>',
        },
      },
    ],
    cursor: '789100',
  },
});

const fill = fills.payload.fills[0]!;

/** The documented fill as a maker fill. */
export const fillsMaker = derive(fills, { fills: [{ ...fill, liquidity_indicator: 'MAKER' }] }, 'DERIVED: liquidity_indicator MAKER (documented UNKNOWN_LIQUIDITY_INDICATOR)');

/**
 * GET /api/v3/brokerage/orders/historical/batch: the page's example lists every order
 * configuration at once with placeholders ("side": "<any>"), so the spot order here is the
 * answer ccxt recorded from Coinbase (its fetchClosedOrders fixture, "Spot closed order").
 */
export const closedOrders = recorded({
  source: `${REFERENCE}/orders/list-orders`,
  readAt: `${CCXT_FIXTURE} (methods.fetchClosedOrders[0].httpResponse)`,
  payload: {
    orders: [
      {
        order_id: '01b6e467-b659-432f-9490-c7cefe949564',
        product_id: 'ADA-USDT',
        user_id: 'dbcb91e7-2bc9-5152-bb6f-72d6677e6727',
        order_configuration: { market_market_ioc: { base_size: '10' } },
        side: 'SELL',
        client_order_id: 'a0f970a2-05fa-4e1f-9517-f6702c33cfd1',
        status: 'FILLED',
        time_in_force: 'IMMEDIATE_OR_CANCEL',
        created_time: '2023-11-26T10:19:47.423220Z',
        completion_percentage: '100.00',
        filled_size: '10',
        average_filled_price: '0.392',
        fee: '',
        number_of_fills: '1',
        filled_value: '3.92',
        pending_cancel: false,
        size_in_quote: false,
        total_fees: '0.03136',
        size_inclusive_of_fees: false,
        total_value_after_fees: '3.88864',
        trigger_status: 'INVALID_ORDER_TYPE',
        order_type: 'MARKET',
        reject_reason: 'REJECT_REASON_UNSPECIFIED',
        settled: true,
        product_type: 'SPOT',
        reject_message: '',
        cancel_message: '',
        order_placement_source: 'RETAIL_ADVANCED',
        outstanding_hold_amount: '0',
        is_liquidation: false,
        last_fill_time: '2023-11-26T10:19:47.504Z',
        edit_history: [] as unknown[],
        leverage: '',
        margin_type: 'UNKNOWN_MARGIN_TYPE',
        cursor: '748478308',
      },
    ],
    sequence: '0',
    has_next: true,
    cursor: '748478308',
  },
});

type CoinbaseOrder = (typeof closedOrders.payload.orders)[number];
const spotOrder = closedOrders.payload.orders[0]!;

/** One order as Get Order answers it (`{ order: … }`), changed as `why` says. */
function orderAnswer(change: Partial<CoinbaseOrder>, why: string) {
  return derive(closedOrders, { orders: [{ ...spotOrder, ...change }] }, why).payload.orders[0]!;
}

const ON_BTC = 'product_id BTC-USD (recorded on ADA-USDT, a market not loaded here)';

/** GET /api/v3/brokerage/orders/historical/{order_id}, the recorded FILLED market sell. */
export const orderFilled = { derived: `DERIVED: ${ON_BTC}; wrapped as Get Order's { order }`, payload: { order: orderAnswer({ product_id: 'BTC-USD' }, ON_BTC) } };

/** The recorded order as a limit sell still resting, nothing filled. */
export const orderOpen = {
  derived: `DERIVED: ${ON_BTC}; status OPEN, limit_limit_gtc at 0.4 for 10, filled_size 0, average_filled_price 0, number_of_fills 0, filled_value 0, total_fees 0, completion_percentage 0, order_type LIMIT, time_in_force GOOD_UNTIL_CANCELLED`,
  payload: {
    order: orderAnswer(
      {
        product_id: 'BTC-USD',
        status: 'OPEN',
        order_configuration: { limit_limit_gtc: { base_size: '10', limit_price: '0.4', post_only: false } } as never,
        filled_size: '0',
        average_filled_price: '0',
        number_of_fills: '0',
        filled_value: '0',
        total_fees: '0',
        completion_percentage: '0',
        order_type: 'LIMIT',
        time_in_force: 'GOOD_UNTIL_CANCELLED',
      },
      'OPEN',
    ),
  },
};

/** The resting limit sell cancelled after 4 of its 10 filled at 0.4. */
export const orderCancelled = {
  derived: `DERIVED: as orderOpen, then status CANCELLED with filled_size 4, average_filled_price 0.4, number_of_fills 1, filled_value 1.6, completion_percentage 40.00`,
  payload: {
    order: {
      ...orderOpen.payload.order,
      status: 'CANCELLED',
      filled_size: '4',
      average_filled_price: '0.4',
      number_of_fills: '1',
      filled_value: '1.6',
      completion_percentage: '40.00',
    },
  },
};

/**
 * GET /api/v3/brokerage/transaction_summary, which ccxt's fetchMarkets asks when keys are set
 * (the fee tier gives each market its maker and taker rates). No stored copy of Coinbase's page
 * was found; this is the answer ccxt's own source shows in a comment of fetchMarketsV3.
 */
export const feeTier = recorded({
  source: 'github.com/ccxt/ccxt ts/src/coinbase.ts, fetchMarketsV3 (response comment); as shipped in node_modules/ccxt/js/src/coinbase.js 4.5.84',
  note: 'not a Coinbase documentation page: none found in the stored copies',
  payload: {
    total_volume: '9.995989116664404',
    total_fees: '0.07996791093331522',
    fee_tier: { pricing_tier: 'Advanced 1', usd_from: '0', usd_to: '1000', taker_fee_rate: '0.008', maker_fee_rate: '0.006', aop_from: '', aop_to: '' },
    margin_rate: null,
    goods_and_services_tax: null,
    advanced_trade_only_volume: '9.995989116664404',
    advanced_trade_only_fees: '0.07996791093331522',
    coinbase_pro_volume: '0',
    coinbase_pro_fees: '0',
    total_balance: '',
    has_promo_fee: false,
  },
});
