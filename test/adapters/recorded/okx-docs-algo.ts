/**
 * OKX v5 algo (stop) orders as OKX's API documentation shows them, read where okx-docs.ts says.
 * OKX keeps stops apart from orders (okxProfile.triggerOrdersApart): ccxt reads them from
 * GET /api/v5/trade/order-algo, and a triggered one names the order it sent (`ordId`).
 */
import { DOCS, MIRROR } from './okx-docs.js';
import { fillsHistory, orderDetails } from './okx-docs-trade.js';
import { derive, recorded } from './recorded.js';

/** GET /api/v5/trade/order-algo: a SPOT take-profit (tpTriggerPx 10000, tpOrdPx -1: at market) waiting to trigger. */
export const algoOrder = recorded({
  source: `${DOCS}#order-book-trading-algo-trading-get-algo-order-details`,
  readAt: `${MIRROR}/order/book/trading-algo-trading-get-algo-order-details.md (Response Example)`,
  payload: {
    code: '0',
    data: [
      {
        activePx: '',
        actualPx: '',
        actualSide: '',
        actualSz: '0',
        algoClOrdId: '',
        algoId: '1753184812254216192',
        amendPxOnTriggerType: '0',
        attachAlgoOrds: [],
        cTime: '1724751378980',
        callbackRatio: '',
        callbackSpread: '',
        ccy: '',
        chaseType: '',
        chaseVal: '',
        clOrdId: '',
        closeFraction: '',
        failCode: '0',
        instId: 'BTC-USDT',
        instType: 'SPOT',
        isTradeBorrowMode: '',
        last: '62916.5',
        lever: '',
        linkedOrd: { ordId: '' },
        maxChaseType: '',
        maxChaseVal: '',
        moveTriggerPx: '',
        ordId: '',
        ordIdList: [] as string[],
        ordPx: '',
        ordType: 'conditional',
        posSide: 'net',
        pxLimit: '',
        pxSpread: '',
        pxVar: '',
        quickMgnType: '',
        reduceOnly: 'false',
        side: 'buy',
        slOrdPx: '',
        slTriggerPx: '',
        slTriggerPxType: '',
        state: 'live',
        sz: '10',
        szLimit: '',
        tag: '',
        tdMode: 'cash',
        tgtCcy: 'quote_ccy',
        timeInterval: '',
        tpOrdPx: '-1',
        tpTriggerPx: '10000',
        tpTriggerPxType: 'last',
        triggerPx: '',
        triggerPxType: '',
        triggerTime: '',
        tradeQuoteCcy: 'USDT',
        uTime: '1724751378980',
      },
    ],
    msg: '',
  },
});

/**
 * The documented algo order as a BTC-USDT-SWAP stop-loss (what ccxt places for our STOP_MARKET:
 * slTriggerPx with slOrdPx -1) of 2 contracts that has triggered and sent order 312269865356374017.
 */
export const swapStopTriggered = derive(
  algoOrder,
  {
    data: [
      {
        ...algoOrder.payload.data[0]!,
        instType: 'SWAP',
        instId: 'BTC-USDT-SWAP',
        algoClOrdId: 'oktstop1',
        sz: '2',
        side: 'sell',
        tdMode: 'cross',
        tgtCcy: '',
        reduceOnly: 'true',
        tpOrdPx: '',
        tpTriggerPx: '',
        tpTriggerPxType: '',
        slOrdPx: '-1',
        slTriggerPx: '50000',
        slTriggerPxType: 'last',
        state: 'effective',
        actualSz: '2',
        actualPx: '-1',
        actualSide: 'sl',
        triggerTime: '1724751400000',
        ordId: '312269865356374017',
        ordIdList: ['312269865356374017'],
      },
    ],
  },
  'DERIVED, not recorded: the documented algo order on BTC-USDT-SWAP, algoClOrdId oktstop1, a reduce-only cross sell of sz 2 contracts, ' +
    'no take-profit (tp* ""), stop-loss slTriggerPx 50000 / slOrdPx -1 (last), state effective (actualSz 2, actualPx -1, actualSide sl, ' +
    'triggerTime 1724751400000), ordId and ordIdList 312269865356374017',
);

/**
 * The order the triggered stop sent: the documented order as a BTC-USDT-SWAP reduce-only market
 * sell of 2 contracts filled at 49990 (2 × 0.01 × 49990 = 999.8 USDT, 0.05 % taker fee 0.4999).
 */
export const stopSentOrder = derive(
  orderDetails,
  {
    data: [
      {
        ...orderDetails.payload.data[0]!,
        instType: 'SWAP',
        instId: 'BTC-USDT-SWAP',
        ordId: '312269865356374017',
        algoId: '1753184812254216192',
        algoClOrdId: 'oktstop1',
        side: 'sell',
        sz: '2',
        accFillSz: '2',
        fillSz: '2',
        avgPx: '49990',
        fillPx: '49990',
        fee: '-0.4999',
        feeCcy: 'USDT',
        reduceOnly: 'true',
        tdMode: 'cross',
        tgtCcy: '',
        source: '7',
        cTime: '1724751400000',
      },
    ],
  },
  'DERIVED, not recorded: the documented order as BTC-USDT-SWAP order 312269865356374017 sent by algo 1753184812254216192 (algoClOrdId oktstop1, ' +
    'source 7: triggered by a TP/SL order): a reduce-only cross market sell of sz 2 contracts, filled 2 at 49990, fee -0.4999 USDT, cTime 1724751400000',
);

/** The sent order's one fill: the documented fill as 2 contracts sold at 49990, 0.4999 USDT charged. */
export const stopSentFills = derive(
  fillsHistory,
  {
    data: [
      {
        ...fillsHistory.payload.data[0]!,
        instType: 'SWAP',
        instId: 'BTC-USDT-SWAP',
        ordId: '312269865356374017',
        tradeId: '744876981',
        side: 'sell',
        fillSz: '2',
        fillPx: '49990',
        fee: '-0.4999',
        feeCcy: 'USDT',
        feeRate: '',
        subType: '2',
        fillTime: '1724751400001',
        ts: '1724751400002',
      },
    ],
  },
  'DERIVED, not recorded: the documented fill as trade 744876981 of BTC-USDT-SWAP order 312269865356374017: a sell of fillSz 2 contracts at 49990, ' +
    'fee -0.4999 USDT, feeRate "" (SPOT and MARGIN only), subType 2 (sell), fillTime 1724751400001, ts 1724751400002',
);

/** What fills-history answers for an id it has no fills of (an algo id): the documented envelope, empty. */
export const noFills = derive(fillsHistory, { data: [] }, 'DERIVED, not recorded: the documented answer with no fill in data');

/** POST /api/v5/trade/order-algo: the acknowledgement, ids only. */
export const placeAlgo = recorded({
  source: `${DOCS}#order-book-trading-algo-trading-post-place-algo-order`,
  readAt: `${MIRROR}/order/book/trading-algo-trading-post-place-algo-order.md (Response Example)`,
  payload: {
    code: '0',
    data: [{ algoClOrdId: 'order1234', algoId: '1836487817828872192', clOrdId: '', sCode: '0', sMsg: '', tag: '' }],
    msg: '',
  },
});

/** The acknowledged stop as GET /api/v5/trade/order-algo shows it before it triggers. */
export const swapStopLive = derive(
  swapStopTriggered,
  {
    data: [
      {
        ...swapStopTriggered.payload.data[0]!,
        algoId: '1836487817828872192',
        algoClOrdId: 'order1234',
        state: 'live',
        actualSz: '0',
        actualPx: '',
        actualSide: '',
        triggerTime: '',
        ordId: '',
        ordIdList: [],
      },
    ],
  },
  'DERIVED, not recorded: the triggered stop above as the acknowledged algo 1836487817828872192 (algoClOrdId order1234) still live: ' +
    'actualSz 0, actualPx/actualSide/triggerTime "", no ordId',
);
