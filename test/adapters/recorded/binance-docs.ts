/**
 * Binance USDⓈ-M futures payloads as Binance's API documentation shows them (developers.binance.com).
 * Values are copied verbatim; only the documentation's `//` comments are dropped (and, where the
 * page's example is not valid JSON, the stray comma). Where a page could only be read through a
 * stored copy, `readAt` names that copy.
 */
import { derive, recorded } from './recorded.js';

// For exchangeInfo, the order answers, leverage brackets and positionRisk v3, no stored copy of
// the English page could be read whole, so the example is taken from the zh-CN locale of the same
// official page (same site, same JSON; only the comments are Chinese), read through a Markdown
// mirror of the site.
const ZH = 'https://developers.binance.com/docs/zh-CN/derivatives/usds-margined-futures';
/** A stored copy, named as repository + path (the GitHub repository he426100/binance-docs). */
const ZH_MIRROR = 'github.com/he426100/binance-docs: markdown/docs/zh-CN/derivatives/usds-margined-futures';
const EN = 'https://developers.binance.com/docs/derivatives/usds-margined-futures';

/** GET /fapi/v1/exchangeInfo */
export const exchangeInfo = recorded({
  source: `${ZH}/market-data/rest-api/Exchange-Information`,
  readAt: `${ZH_MIRROR}/market-data/rest-api/Exchange-Information.md`,
  note:
    'comments dropped; the page has a stray comma after "notional": "5.0" (removed). The English page ' +
    `(${EN}/market-data/rest-api/Exchange-Information) shows the same BLZUSDT entry, with assets BUSD/USDT/BNB ` +
    'and one more filter (MAX_NUM_ALGO_ORDERS, limit 10); its stored copy ends inside MIN_NOTIONAL.',
  payload: {
    exchangeFilters: [],
    rateLimits: [
      { interval: 'MINUTE', intervalNum: 1, limit: 2400, rateLimitType: 'REQUEST_WEIGHT' },
      { interval: 'MINUTE', intervalNum: 1, limit: 1200, rateLimitType: 'ORDERS' },
    ],
    serverTime: 1565613908500,
    assets: [
      { asset: 'BTC', marginAvailable: true, autoAssetExchange: '-0.10' },
      { asset: 'USDT', marginAvailable: true, autoAssetExchange: '0' },
      { asset: 'BNB', marginAvailable: false, autoAssetExchange: null },
    ],
    symbols: [
      {
        symbol: 'BLZUSDT',
        pair: 'BLZUSDT',
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1598252400000,
        status: 'TRADING',
        maintMarginPercent: '2.5000',
        requiredMarginPercent: '5.0000',
        baseAsset: 'BLZ',
        quoteAsset: 'USDT',
        marginAsset: 'USDT',
        pricePrecision: 5,
        quantityPrecision: 0,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: ['STORAGE'],
        settlePlan: 0,
        triggerProtect: '0.15',
        filters: [
          { filterType: 'PRICE_FILTER', maxPrice: '300', minPrice: '0.0001', tickSize: '0.0001' },
          { filterType: 'LOT_SIZE', maxQty: '10000000', minQty: '1', stepSize: '1' },
          { filterType: 'MARKET_LOT_SIZE', maxQty: '590119', minQty: '1', stepSize: '1' },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MIN_NOTIONAL', notional: '5.0' },
          { filterType: 'PERCENT_PRICE', multiplierUp: '1.1500', multiplierDown: '0.8500', multiplierDecimal: '4' },
        ],
        orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
        liquidationFee: '0.010000',
        marketTakeBound: '0.30',
      },
    ],
    timezone: 'UTC',
  },
});

/** GET /fapi/v1/ticker/bookTicker (the single-symbol form) */
export const bookTicker = recorded({
  source: `${EN}/market-data/rest-api/Symbol-Order-Book-Ticker`,
  payload: {
    symbol: 'BTCUSDT',
    bidPrice: '4.00000000',
    bidQty: '431.00000000',
    askPrice: '4.00000200',
    askQty: '9.00000000',
    time: 1589437530011,
  },
});

/** GET /fapi/v1/ticker/24hr (the single-symbol form) */
export const ticker24hr = recorded({
  source: `${EN}/market-data/rest-api/24hr-Ticker-Price-Change-Statistics`,
  payload: {
    symbol: 'BTCUSDT',
    priceChange: '-94.99999800',
    priceChangePercent: '-95.960',
    weightedAvgPrice: '0.29628482',
    lastPrice: '4.00000200',
    lastQty: '200.00000000',
    openPrice: '99.00000000',
    highPrice: '100.00000000',
    lowPrice: '0.10000000',
    volume: '8913.30000000',
    quoteVolume: '15.30000000',
    openTime: 1499783499040,
    closeTime: 1499869899040,
    firstId: 28385,
    lastId: 28460,
    count: 76,
  },
});

/** GET /fapi/v1/klines. Open time 1499040000000 and close time 1499644799999 are one week apart. */
export const klines = recorded({
  source: `${EN}/market-data/rest-api/Kline-Candlestick-Data`,
  payload: [
    [
      1499040000000,
      '0.01634790',
      '0.80000000',
      '0.01575800',
      '0.01577100',
      '148976.11427815',
      1499644799999,
      '2434.19055334',
      308,
      '1756.87402397',
      '28.46694368',
      '17928899.62484339',
    ],
  ],
});

/** POST /fapi/v1/order */
export const newOrder = recorded({
  source: `${ZH}/trade/rest-api/New-Order`,
  readAt: `${ZH_MIRROR}/trade/rest-api/New-Order.md`,
  payload: {
    clientOrderId: 'testOrder',
    cumQty: '0',
    cumQuote: '0',
    executedQty: '0',
    orderId: 22542179,
    avgPrice: '0.00000',
    origQty: '10',
    price: '0',
    reduceOnly: false,
    side: 'SELL',
    positionSide: 'SHORT',
    status: 'NEW',
    stopPrice: '0',
    closePosition: false,
    symbol: 'BTCUSDT',
    timeInForce: 'GTD',
    type: 'TRAILING_STOP_MARKET',
    origType: 'TRAILING_STOP_MARKET',
    updateTime: 1566818724722,
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'NONE',
    goodTillDate: 1693207680000,
  },
});

/** DELETE /fapi/v1/order */
export const canceledOrder = recorded({
  source: `${ZH}/trade/rest-api/Cancel-Order`,
  readAt: `${ZH_MIRROR}/trade/rest-api/Cancel-Order.md`,
  payload: {
    clientOrderId: 'myOrder1',
    cumQty: '0',
    cumQuote: '0',
    executedQty: '0',
    orderId: 283194212,
    origQty: '11',
    price: '0',
    avgPrice: '0.00',
    reduceOnly: false,
    side: 'BUY',
    positionSide: 'SHORT',
    status: 'CANCELED',
    stopPrice: '9300',
    closePosition: false,
    symbol: 'BTCUSDT',
    timeInForce: 'GTC',
    origType: 'TRAILING_STOP_MARKET',
    type: 'TRAILING_STOP_MARKET',
    activatePrice: '9020',
    priceRate: '0.3',
    updateTime: 1571110484038,
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'NONE',
    goodTillDate: 0,
  },
});

// The documentation shows no PARTIALLY_FILLED / FILLED / EXPIRED / REJECTED order answers; these
// are the documented NEW answer with the status (and the executed quantity) changed. The status
// names are Binance's documented enum (Common Definition → Order status).
export const partiallyFilledOrder = derive(
  newOrder,
  { status: 'PARTIALLY_FILLED', executedQty: '4', cumQty: '4' },
  'DERIVED, not recorded: the documented NEW answer with status PARTIALLY_FILLED and executedQty/cumQty 4',
);
export const filledOrder = derive(
  newOrder,
  { status: 'FILLED', executedQty: '10', cumQty: '10' },
  'DERIVED, not recorded: the documented NEW answer with status FILLED and executedQty/cumQty 10',
);
export const expiredOrder = derive(newOrder, { status: 'EXPIRED' }, 'DERIVED, not recorded: the documented NEW answer with status EXPIRED');
export const expiredInMatchOrder = derive(
  newOrder,
  { status: 'EXPIRED_IN_MATCH' },
  'DERIVED, not recorded: the documented NEW answer with status EXPIRED_IN_MATCH',
);
export const rejectedOrder = derive(newOrder, { status: 'REJECTED' }, 'DERIVED, not recorded: the documented NEW answer with status REJECTED');

/** GET /fapi/v1/leverageBracket: ccxt loads it (once) before it reads positions. */
export const leverageBrackets = recorded({
  source: `${ZH}/account/rest-api/Notional-and-Leverage-Brackets`,
  readAt: `${ZH_MIRROR}/account/rest-api/Notional-and-Leverage-Brackets.md`,
  note: 'the page has a stray comma after the bracket object (removed); its 1.50 and 0.0 are the same numbers as 1.5 and 0.0 here',
  payload: [
    {
      symbol: 'ETHUSDT',
      notionalCoef: 1.5,
      brackets: [{ bracket: 1, initialLeverage: 75, notionalCap: 10000, notionalFloor: 0, maintMarginRatio: 0.0065, cum: 0.0 }],
    },
  ],
});

/** GET /fapi/v3/positionRisk, one-way position mode. */
export const positionRiskOneWay = recorded({
  source: `${ZH}/trade/rest-api/Position-Information-V3`,
  readAt: `${ZH_MIRROR}/trade/rest-api/Position-Information-V3.md`,
  payload: [
    {
      symbol: 'ADAUSDT',
      positionSide: 'BOTH',
      positionAmt: '30',
      entryPrice: '0.385',
      breakEvenPrice: '0.385077',
      markPrice: '0.41047590',
      unRealizedProfit: '0.76427700',
      liquidationPrice: '0',
      isolatedMargin: '0',
      notional: '12.31427700',
      marginAsset: 'USDT',
      isolatedWallet: '0',
      initialMargin: '0.61571385',
      maintMargin: '0.08004280',
      positionInitialMargin: '0.61571385',
      openOrderInitialMargin: '0',
      adl: 2,
      bidNotional: '0',
      askNotional: '0',
      updateTime: 1720736417660,
    },
  ],
});

/** GET /fapi/v3/positionRisk, hedge position mode: a LONG ADAUSDT and a SHORT COMPUSDT. */
export const positionRiskHedge = recorded({
  source: `${ZH}/trade/rest-api/Position-Information-V3`,
  readAt: `${ZH_MIRROR}/trade/rest-api/Position-Information-V3.md`,
  payload: [
    {
      symbol: 'ADAUSDT',
      positionSide: 'LONG',
      positionAmt: '30',
      entryPrice: '0.385',
      breakEvenPrice: '0.385077',
      markPrice: '0.41047590',
      unRealizedProfit: '0.76427700',
      liquidationPrice: '0',
      isolatedMargin: '0',
      notional: '12.31427700',
      marginAsset: 'USDT',
      isolatedWallet: '0',
      initialMargin: '0.61571385',
      maintMargin: '0.08004280',
      positionInitialMargin: '0.61571385',
      openOrderInitialMargin: '0',
      adl: 2,
      bidNotional: '0',
      askNotional: '0',
      updateTime: 1720736417660,
    },
    {
      symbol: 'COMPUSDT',
      positionSide: 'SHORT',
      positionAmt: '-1.000',
      entryPrice: '70.92841',
      breakEvenPrice: '70.900038636',
      markPrice: '49.72023376',
      unRealizedProfit: '21.20817624',
      liquidationPrice: '2260.56757210',
      isolatedMargin: '0',
      notional: '-49.72023376',
      marginAsset: 'USDT',
      isolatedWallet: '0',
      initialMargin: '2.48601168',
      maintMargin: '0.49720233',
      positionInitialMargin: '2.48601168',
      openOrderInitialMargin: '0',
      adl: 2,
      bidNotional: '0',
      askNotional: '0',
      updateTime: 1708943511656,
    },
  ],
});

/** WebSocket <symbol>@bookTicker */
export const wsBookTicker = recorded({
  source: `${EN}/websocket-market-streams/Individual-Symbol-Book-Ticker-Streams`,
  readAt: 'https://developers.binance.me/docs/derivatives/usds-margined-futures/websocket-market-streams/Individual-Symbol-Book-Ticker-Streams',
  payload: {
    e: 'bookTicker',
    u: 400900217,
    E: 1568014460893,
    T: 1568014460891,
    s: 'BNBUSDT',
    b: '25.35190000',
    B: '31.21000000',
    a: '25.36520000',
    A: '40.66000000',
  },
});

/** WebSocket <symbol>@aggTrade */
export const wsAggTrade = recorded({
  source: `${EN}/websocket-market-streams/Aggregate-Trade-Streams`,
  note: 'the page has a stray comma after "m": true (removed); a newer copy (developers.binance.info) adds "nq": "100"',
  payload: {
    e: 'aggTrade',
    E: 123456789,
    s: 'BTCUSDT',
    a: 5933014,
    p: '0.001',
    q: '100',
    f: 100,
    l: 105,
    T: 123456785,
    m: true,
  },
});

/**
 * WebSocket <symbol>@trade. The USDⓈ-M futures documentation has no page for a raw-trade stream
 * (only @aggTrade); this is the SPOT documentation's payload, from Binance's own docs repository.
 */
export const wsSpotTrade = recorded({
  source: 'https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams',
  readAt: 'github.com/binance/binance-spot-api-docs: web-socket-streams.md, section Trade Streams',
  payload: {
    e: 'trade',
    E: 1672515782136,
    s: 'BNBBTC',
    t: 12345,
    p: '0.001',
    q: '100',
    b: 88,
    a: 50,
    T: 1672515782136,
    m: true,
    M: true,
  },
});
