/**
 * OKX v5 trading payloads (orders, fills, the orders channel, errors) as OKX's API documentation
 * shows them, read where okx-docs.ts says. The documented orders and fills are all one SPOT
 * market buy of BTC-USDT (order 680800019749904384); a BTC-USDT-SWAP order, counted in contracts,
 * and the failure answers are `derive`d from them, each saying what was changed.
 */
import { DOCS, MIRROR } from './okx-docs.js';
import { derive, recorded } from './recorded.js';

/** POST /api/v5/trade/order: the acknowledgement, ids only. */
export const placeOrder = recorded({
  source: `${DOCS}#order-book-trading-trade-post-place-order`,
  readAt: `${MIRROR}/order/book/trading-trade-post-place-order.md (Response Example)`,
  payload: {
    code: '0',
    msg: '',
    data: [{ clOrdId: 'oktswap6', ordId: '312269865356374016', tag: '', ts: '1695190491421', sCode: '0', sMsg: '', subCode: '' }],
    inTime: '1695190491421339',
    outTime: '1695190491423240',
  },
});

/** GET /api/v5/trade/order: a SPOT market buy for 100 USDT (tgtCcy quote_ccy), filled 0.00192834 BTC at 51858. */
export const orderDetails = recorded({
  source: `${DOCS}#order-book-trading-trade-get-order-details`,
  readAt: `${MIRROR}/order/book/trading-trade-get-order-details.md (Response Example)`,
  payload: {
    code: '0',
    data: [
      {
        accFillSz: '0.00192834',
        algoClOrdId: '',
        algoId: '',
        attachAlgoClOrdId: '',
        attachAlgoOrds: [],
        avgPx: '51858',
        cTime: '1708587373361',
        cancelSource: '',
        cancelSourceReason: '',
        category: 'normal',
        ccy: '',
        clOrdId: '',
        fee: '-0.00000192834',
        feeCcy: 'BTC',
        fillPx: '51858',
        fillSz: '0.00192834',
        fillTime: '1708587373361',
        instId: 'BTC-USDT',
        instType: 'SPOT',
        isTpLimit: 'false',
        lever: '',
        linkedAlgoOrd: { algoId: '' },
        ordId: '680800019749904384',
        ordType: 'market',
        pnl: '0',
        posSide: 'net',
        px: '',
        pxType: '',
        pxUsd: '',
        pxVol: '',
        quickMgnType: '',
        rebate: '0',
        rebateCcy: 'USDT',
        reduceOnly: 'false',
        side: 'buy',
        slOrdPx: '',
        slTriggerPx: '',
        slTriggerPxType: '',
        source: '',
        state: 'filled',
        stpId: '',
        stpMode: '',
        sz: '100',
        tag: '',
        tdMode: 'cash',
        tgtCcy: 'quote_ccy',
        tpOrdPx: '',
        tpTriggerPx: '',
        tpTriggerPxType: '',
        tradeId: '744876980',
        tradeQuoteCcy: 'USDT',
        uTime: '1708587373362',
      },
    ],
    msg: '',
  },
});

type Order = (typeof orderDetails.payload.data)[0];
const documentedOrder = orderDetails.payload.data[0]!;
const asSwap = (change: Partial<Order>) => ({ ...orderDetails.payload, data: [{ ...documentedOrder, ...swapOrder, ...change }] });

/**
 * The documented order as the acknowledged one (312269865356374016, client id oktswap6) on
 * BTC-USDT-SWAP: a cross-margin limit buy of 2 contracts at 51858, filled at 51858 (2 × 0.01 ×
 * 51858 = 1037.16 USDT) with a 0.05 % taker fee of 0.51858 USDT.
 */
const swapOrder: Partial<Order> = {
  instType: 'SWAP',
  instId: 'BTC-USDT-SWAP',
  ordId: '312269865356374016',
  clOrdId: 'oktswap6',
  ordType: 'limit',
  px: '51858',
  sz: '2',
  accFillSz: '2',
  fillSz: '2',
  fee: '-0.51858',
  feeCcy: 'USDT',
  tdMode: 'cross',
  tgtCcy: '',
  lever: '10',
};
const SWAP_NOTE =
  'DERIVED, not recorded: the documented order as BTC-USDT-SWAP order 312269865356374016 (clOrdId oktswap6, the documented POST answer), ' +
  'ordType limit, px 51858, sz 2 contracts, tdMode cross, tgtCcy "", lever 10';

export const swapFilled = derive(orderDetails, asSwap({}), `${SWAP_NOTE}; state filled, accFillSz and fillSz 2, fee -0.51858 USDT`);
export const swapPartiallyFilled = derive(
  orderDetails,
  asSwap({ state: 'partially_filled', accFillSz: '1', fillSz: '1', fee: '-0.25929' }),
  `${SWAP_NOTE}; state partially_filled, accFillSz and fillSz 1, fee -0.25929 USDT`,
);
export const swapCanceled = derive(
  orderDetails,
  asSwap({ state: 'canceled', accFillSz: '0', fillSz: '0', fillPx: '', avgPx: '', fillTime: '', tradeId: '', fee: '0', cancelSource: '1', cancelSourceReason: 'Order canceled by user' }),
  `${SWAP_NOTE}; state canceled with nothing filled (accFillSz/fillSz 0, avgPx/fillPx/fillTime/tradeId "", fee 0), cancelSource 1 "Order canceled by user"`,
);
export const swapLive = derive(
  orderDetails,
  asSwap({ state: 'live', accFillSz: '0', fillSz: '0', fillPx: '', avgPx: '', fillTime: '', tradeId: '', fee: '0' }),
  `${SWAP_NOTE}; state live, nothing filled (accFillSz/fillSz 0, avgPx/fillPx/fillTime/tradeId "", fee 0)`,
);

/**
 * GET /api/v5/trade/fills-history, which ccxt's fetchMyTrades asks (the last-3-days
 * /api/v5/trade/fills page shows the same example): the documented order's one fill.
 */
export const fillsHistory = recorded({
  source: `${DOCS}#order-book-trading-trade-get-transaction-details-last-3-months`,
  readAt: `${MIRROR}/order/book/trading-trade-get-transaction-details-last-3-months.md (Response Example)`,
  payload: {
    code: '0',
    data: [
      {
        side: 'buy',
        fillSz: '0.00192834',
        fillPx: '51858',
        fillPxVol: '',
        fillFwdPx: '',
        fee: '-0.00000192834',
        fillPnl: '0',
        ordId: '680800019749904384',
        feeRate: '-0.001',
        instType: 'SPOT',
        fillPxUsd: '',
        instId: 'BTC-USDT',
        clOrdId: '',
        posSide: 'net',
        billId: '680800019754098688',
        subType: '1',
        fillMarkVol: '',
        tag: '',
        fillTime: '1708587373361',
        execType: 'T',
        fillIdxPx: '',
        tradeId: '744876980',
        fillMarkPx: '',
        feeCcy: 'BTC',
        ts: '1708587373362',
        tradeQuoteCcy: 'USDT',
      },
    ],
    msg: '',
  },
});

/** The documented fill as the swap order's: 2 contracts at 51858, 0.51858 USDT charged. */
export const swapFills = derive(
  fillsHistory,
  {
    data: [
      { ...fillsHistory.payload.data[0]!, instType: 'SWAP', instId: 'BTC-USDT-SWAP', ordId: '312269865356374016', clOrdId: 'oktswap6', fillSz: '2', fee: '-0.51858', feeCcy: 'USDT', feeRate: '', subType: '3' },
    ],
  },
  'DERIVED, not recorded: the documented fill as BTC-USDT-SWAP order 312269865356374016 (clOrdId oktswap6): fillSz 2 contracts, fee -0.51858 USDT, ' +
    'feeRate "" (SPOT and MARGIN only), subType 3 (open long)',
);

/** WebSocket private `orders` channel: the page's push, a SPOT limit sell of 0.001 BTC filled as maker. */
export const wsOrder = recorded({
  source: `${DOCS}#order-book-trading-trade-ws-order-channel`,
  readAt: `${MIRROR}/order/book/trading-trade-ws-order-channel.md (Push Data Example)`,
  payload: {
    arg: { channel: 'orders', instType: 'SPOT', instId: 'BTC-USDT', uid: '614488474791936' },
    data: [
      {
        accFillSz: '0.001',
        algoClOrdId: '',
        algoId: '',
        amendResult: '',
        amendSource: '',
        avgPx: '31527.1',
        cancelSource: '',
        category: 'normal',
        ccy: '',
        clOrdId: '',
        code: '0',
        cTime: '1654084334977',
        execType: 'M',
        fee: '-0.02522168',
        feeCcy: 'USDT',
        fillFee: '-0.02522168',
        fillFeeCcy: 'USDT',
        fillNotionalUsd: '31.50818374',
        fillPx: '31527.1',
        fillSz: '0.001',
        fillPnl: '0.01',
        fillTime: '1654084353263',
        fillPxVol: '',
        fillPxUsd: '',
        fillMarkVol: '',
        fillFwdPx: '',
        fillMarkPx: '',
        fillIdxPx: '',
        instId: 'BTC-USDT',
        instType: 'SPOT',
        lever: '0',
        msg: '',
        notionalUsd: '31.50818374',
        ordId: '452197707845865472',
        ordType: 'limit',
        pnl: '0',
        posSide: '',
        px: '31527.1',
        pxUsd: '',
        pxVol: '',
        pxType: '',
        quickMgnType: '',
        rebate: '0',
        rebateCcy: 'BTC',
        reduceOnly: 'false',
        reqId: '',
        side: 'sell',
        attachAlgoClOrdId: '',
        slOrdPx: '',
        slTriggerPx: '',
        slTriggerPxType: 'last',
        source: '',
        state: 'filled',
        stpId: '',
        stpMode: '',
        sz: '0.001',
        tag: '',
        tdMode: 'cash',
        tgtCcy: '',
        tpOrdPx: '',
        tpTriggerPx: '',
        tpTriggerPxType: 'last',
        attachAlgoOrds: [],
        tradeId: '242589207',
        tradeQuoteCcy: 'USDT',
        lastPx: '38892.2',
        uTime: '1654084353264',
        isTpLimit: 'false',
        linkedAlgoOrd: { algoId: '' },
      },
    ],
  },
});

/** The documented push as a BTC-USDT-SWAP reduce-only sell of 3 contracts, 1 filled so far. */
export const wsOrderSwapPartial = derive(
  wsOrder,
  {
    arg: { channel: 'orders', instType: 'SWAP', instId: 'BTC-USDT-SWAP', uid: '614488474791936' },
    data: [{ ...wsOrder.payload.data[0]!, instType: 'SWAP', instId: 'BTC-USDT-SWAP', sz: '3', accFillSz: '1', fillSz: '1', state: 'partially_filled', reduceOnly: 'true', tdMode: 'cross', posSide: 'net' }],
  },
  'DERIVED, not recorded: the documented push on BTC-USDT-SWAP (arg and data): sz 3 contracts, accFillSz and fillSz 1, state partially_filled, ' +
    'reduceOnly true, tdMode cross, posSide net',
);

/**
 * A refused order. The place-order page documents only the success answer; its fields say a
 * failure carries `sCode`/`sMsg`/`subCode` per order, and the error-code page lists code 1
 * "Operation failed." and 51008_1000 "Order failed. Insufficient {param0} balance in account".
 */
export const placeOrderInsufficient = derive(
  placeOrder,
  {
    code: '1',
    msg: 'Operation failed.',
    data: [{ ...placeOrder.payload.data[0]!, ordId: '', sCode: '51008', sMsg: 'Order failed. Insufficient USDT balance in account', subCode: '1000' }],
  },
  'DERIVED, not recorded: the documented POST answer with code 1, msg "Operation failed.", ordId "", sCode 51008, subCode 1000 and the ' +
    'error-code page\'s 51008_1000 message for USDT (' + `${DOCS}#error-code-rest-api` + ')',
);

/**
 * A request whose signature OKX rejects: error code 50113, HTTP 401, "Invalid signature." on the
 * error-code page; the body has the documented `code`/`msg`/`data` envelope (no order data).
 */
export const invalidSignature = derive(
  recorded({ source: `${DOCS}#error-code-rest-api`, readAt: `${MIRROR}/error/code/rest-api.md (API Class)`, payload: { code: '0', msg: '', data: [] as unknown[] } }),
  { code: '50113', msg: 'Invalid signature.' },
  'DERIVED, not recorded: the code/msg/data envelope with code 50113 and its documented message "Invalid signature." (sent with HTTP 401)',
);

/** Too many requests: error code 50011, HTTP 429 on the error-code page, in the same envelope. */
export const rateLimited = derive(
  invalidSignature,
  { code: '50011', msg: 'Too Many Requests' },
  'DERIVED, not recorded: the code/msg/data envelope with code 50011 and its documented HTTP 429 message "Too Many Requests"',
);
