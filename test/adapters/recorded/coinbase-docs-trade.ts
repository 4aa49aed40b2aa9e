/**
 * Coinbase Advanced Trade order answers and stream messages that Coinbase's stored reference
 * pages show only as schemas, read where ccxt's Coinbase source quotes them (ccxt/ccxt
 * ts/src/coinbase.ts and ts/src/pro/coinbase.ts, as shipped in node_modules/ccxt 4.5.84), and
 * error answers. Each names the documentation page it belongs to.
 */
import { derive, recorded } from './recorded.js';
import { REFERENCE } from './coinbase-docs.js';

const CCXT_REST = 'github.com/ccxt/ccxt ts/src/coinbase.ts (node_modules/ccxt/js/src/coinbase.js 4.5.84)';
const CCXT_WS = 'github.com/ccxt/ccxt ts/src/pro/coinbase.ts (node_modules/ccxt/js/src/pro/coinbase.js 4.5.84)';

/** POST /api/v3/brokerage/orders, accepted: ccxt's createOrder response comment ("LTC-BTC"). */
export const created = recorded({
  source: `${REFERENCE}/orders/create-order`,
  readAt: `${CCXT_REST}, createOrder: response comment`,
  payload: {
    success: true,
    failure_reason: 'UNKNOWN_FAILURE_REASON',
    order_id: '52cfe5e2-0b29-4c19-a245-a6a773de5030',
    success_response: {
      order_id: '52cfe5e2-0b29-4c19-a245-a6a773de5030',
      product_id: 'LTC-BTC',
      side: 'SELL',
      client_order_id: '4d760580-6fca-4094-a70b-ebcca8626288',
    },
    order_configuration: null,
  },
});

/** The accepted answer for our BTC-USD buy. */
export const createdBtc = derive(
  created,
  { success_response: { ...created.payload.success_response, product_id: 'BTC-USD', side: 'BUY', client_order_id: 'cb-limit-1' } },
  'DERIVED: success_response.product_id BTC-USD, side BUY, client_order_id cb-limit-1 (our id)',
);

/** POST /api/v3/brokerage/orders, refused (success false, error_response): ccxt's createOrder response comment. */
export const refused = recorded({
  source: `${REFERENCE}/orders/create-order`,
  readAt: `${CCXT_REST}, createOrder: "failed order" response comment`,
  payload: {
    success: false,
    failure_reason: 'UNKNOWN_FAILURE_REASON',
    order_id: '',
    error_response: {
      error: 'UNSUPPORTED_ORDER_CONFIGURATION',
      message: 'source is not enabled for trading',
      error_details: '',
      new_order_failure_reason: 'UNSUPPORTED_ORDER_CONFIGURATION',
    },
    order_configuration: { limit_limit_gtc: { base_size: '100', limit_price: '40000', post_only: false } },
  },
});

/** Get Order for an id Coinbase does not have (HTTP 404): ccxt's comment on its `broad` error table. */
export const notFound = recorded({
  source: `${REFERENCE}/orders/get-order`,
  readAt: `${CCXT_REST}, describe().exceptions.broad: comment`,
  payload: { error: 'unknown', error_details: 'order with this orderID was not found', message: 'order with this orderID was not found' },
});

/** A request refused for its JWT's time (HTTP 401): ccxt's comment on its `broad` error table (no page found). */
export const timestampExpired = recorded({
  source: `${REFERENCE}/introduction`,
  note: 'source URL not checked: no stored page shows this answer',
  readAt: `${CCXT_REST}, describe().exceptions.broad: comment`,
  payload: { errors: [{ id: 'authentication_error', message: 'request timestamp expired' }] },
});

/** The same shape for the 429 of Coinbase's error table (id rate_limit_exceeded). */
export const rateLimited = derive(
  timestampExpired,
  { errors: [{ id: 'rate_limit_exceeded', message: 'Rate limit exceeded' }] },
  'DERIVED: errors[0] id rate_limit_exceeded, message "Rate limit exceeded" (the id and meaning of a 429 in the table ccxt keeps as exceptions.exact, for which no stored answer was found)',
);

/** The `user` channel's snapshot of one open order, as the WebSocket channels page shows it. */
export const userSnapshot = recorded({
  source: 'https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels#user-channel',
  readAt: `${CCXT_WS}, handleOrder: message comment`,
  note: "the comment's trailing comma after the one order dropped (invalid JSON); the page's own copy of this example was not among the stored copies, so not compared with it",
  payload: {
    channel: 'user',
    client_id: '',
    timestamp: '2023-02-09T20:33:57.609931463Z',
    sequence_num: 0,
    events: [
      {
        type: 'snapshot',
        orders: [
          {
            order_id: 'XXX',
            client_order_id: 'YYY',
            cumulative_quantity: '0',
            leaves_quantity: '0.000994',
            avg_price: '0',
            total_fees: '0',
            status: 'OPEN',
            product_id: 'BTC-USD',
            creation_time: '2022-12-07T19:42:18.719312Z',
            order_side: 'BUY',
            order_type: 'Limit',
          },
        ],
      },
    ],
  },
});

/** GET /api/v3/brokerage/time: ccxt's fetchTime response comment. */
export const serverTime = recorded({
  source: `${REFERENCE}/public/get-server-time`,
  readAt: `${CCXT_REST}, fetchTime: v3 response comment`,
  payload: { iso: '2024-02-27T03:37:14Z', epochSeconds: '1709005034', epochMillis: '1709005034333' },
});

/** GET /api/v3/brokerage/market/products/{id}/ticker: the answer ccxt recorded from Coinbase (BTC-USDC). */
export const ticker = recorded({
  source: `${REFERENCE}/public/get-public-market-trades`,
  readAt: 'github.com/ccxt/ccxt @089cd5cd0391b220e297af9dc46d19683994dc40: ts/src/test/static/response/coinbase.json (methods.fetchTicker[0].httpResponse)',
  payload: {
    trades: [{ trade_id: '635541194', product_id: 'BTC-USDC', price: '66363.03', size: '0.03720194', time: '2024-04-24T09:56:38.063595Z', side: 'BUY', bid: '', ask: '' }],
    best_bid: '66367.58',
    best_ask: '66367.59',
  },
});

/** The recorded ticker on BTC-USD. */
export const tickerBtcUsd = derive(
  ticker,
  { trades: [{ ...ticker.payload.trades[0]!, product_id: 'BTC-USD' }] },
  'DERIVED: trades[0].product_id BTC-USD (recorded on BTC-USDC)',
);

const openOrder = userSnapshot.payload.events[0]!.orders[0]!;

/** The documented open buy as an update after 0.0004 of its 0.000994 filled at 10000. */
export const userPartial = derive(
  userSnapshot,
  { events: [{ type: 'update', orders: [{ ...openOrder, cumulative_quantity: '0.0004', leaves_quantity: '0.000594', avg_price: '10000' }] }] },
  'DERIVED: events[0].type update; cumulative_quantity 0.0004, leaves_quantity 0.000594, avg_price 10000 (status still OPEN)',
);
