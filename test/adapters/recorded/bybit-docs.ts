/**
 * Bybit v5 payloads as Bybit's API documentation shows them (bybit-exchange.github.io/docs/v5),
 * copied verbatim from the documentation's own source repository (github.com/bybit-exchange/docs,
 * docs/v5/…mdx), which the site is built from; only `//` comment lines are dropped.
 */
import { recorded } from './recorded.js';

const V5 = 'https://bybit-exchange.github.io/docs/v5';
const REPO = 'github.com/bybit-exchange/docs: docs/v5';

/**
 * GET /v5/market/instruments-info?category=linear. The page shows two answers: the official
 * USDT perpetual (BTCUSDT) and a pre-market perpetual (BIOUSDT), which is what ccxt's second
 * request (status=PreLaunch) gets.
 */
export const instrumentsInfo = recorded({
  source: `${V5}/market/instrument`,
  readAt: `${REPO}/market/instrument.mdx (Response Example → Linear, "official USDT Perpetual instrument structure")`,
  payload: {
    retCode: 0,
    retMsg: 'OK',
    result: {
      category: 'linear',
      list: [
        {
          symbol: 'BTCUSDT',
          symbolId: 5,
          contractType: 'LinearPerpetual',
          status: 'Trading',
          baseCoin: 'BTC',
          quoteCoin: 'USDT',
          launchTime: '1585526400000',
          deliveryTime: '0',
          deliveryFeeRate: '',
          priceScale: '2',
          leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
          priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10' },
          lotSizeFilter: {
            maxOrderQty: '1190.000',
            minOrderQty: '0.001',
            qtyStep: '0.001',
            postOnlyMaxOrderQty: '1190.000',
            maxMktOrderQty: '500.000',
            minNotionalValue: '5',
          },
          unifiedMarginTrade: true,
          fundingInterval: 480,
          settleCoin: 'USDT',
          copyTrading: 'both',
          upperFundingRate: '0.00375',
          lowerFundingRate: '-0.00375',
          isPreListing: false,
          preListingInfo: null,
          riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
          symbolType: '',
        },
      ],
      nextPageCursor: '',
    },
    retExtInfo: {},
    time: 1735809771618,
  },
});

export const instrumentsInfoPreLaunch = recorded({
  source: `${V5}/market/instrument`,
  readAt: `${REPO}/market/instrument.mdx (Response Example → Linear, "Pre-market Perpetual instrument structure")`,
  payload: {
    retCode: 0,
    retMsg: 'OK',
    result: {
      category: 'linear',
      list: [
        {
          symbol: 'BIOUSDT',
          contractType: 'LinearPerpetual',
          status: 'PreLaunch',
          baseCoin: 'BIO',
          quoteCoin: 'USDT',
          launchTime: '1735032510000',
          deliveryTime: '0',
          deliveryFeeRate: '',
          priceScale: '4',
          leverageFilter: { minLeverage: '1', maxLeverage: '5.00', leverageStep: '0.01' },
          priceFilter: { minPrice: '0.0001', maxPrice: '1999.9998', tickSize: '0.0001' },
          lotSizeFilter: {
            maxOrderQty: '70000',
            minOrderQty: '1',
            qtyStep: '1',
            postOnlyMaxOrderQty: '70000',
            maxMktOrderQty: '14000',
            minNotionalValue: '5',
          },
          unifiedMarginTrade: true,
          fundingInterval: 480,
          settleCoin: 'USDT',
          copyTrading: 'none',
          upperFundingRate: '0.05',
          lowerFundingRate: '-0.05',
          isPreListing: true,
          preListingInfo: {
            curAuctionPhase: 'ContinuousTrading',
            phases: [
              { phase: 'CallAuction', startTime: '1735113600000', endTime: '1735116600000' },
              { phase: 'CallAuctionNoCancel', startTime: '1735116600000', endTime: '1735116900000' },
              { phase: 'CrossMatching', startTime: '1735116900000', endTime: '1735117200000' },
              { phase: 'ContinuousTrading', startTime: '1735117200000', endTime: '' },
            ],
            auctionFeeInfo: { auctionFeeRate: '0', takerFeeRate: '0.001', makerFeeRate: '0.0004' },
          },
          riskParameters: { priceLimitRatioX: '0.05', priceLimitRatioY: '0.1' },
          symbolType: '',
        },
      ],
      nextPageCursor: 'first%3DBIOUSDT%26last%3DBIOUSDT',
    },
    retExtInfo: {},
    time: 1735810114435,
  },
});

/** GET /v5/market/tickers. The page's only derivatives example is category=inverse (BTCUSD); there is no linear one. */
export const tickersInverse = recorded({
  source: `${V5}/market/tickers`,
  readAt: `${REPO}/market/tickers.mdx (Response Example → Inverse)`,
  payload: {
    retCode: 0,
    retMsg: 'OK',
    result: {
      category: 'inverse',
      list: [
        {
          symbol: 'BTCUSD',
          lastPrice: '16597.00',
          indexPrice: '16598.54',
          markPrice: '16596.00',
          prevPrice24h: '16464.50',
          price24hPcnt: '0.008047',
          highPrice24h: '30912.50',
          lowPrice24h: '15700.00',
          prevPrice1h: '16595.50',
          openInterest: '373504107',
          openInterestValue: '22505.67',
          turnover24h: '2352.94950046',
          volume24h: '49337318',
          fundingRate: '-0.001034',
          nextFundingTime: '1672387200000',
          predictedDeliveryPrice: '',
          basisRate: '',
          deliveryFeeRate: '',
          deliveryTime: '0',
          ask1Size: '1',
          bid1Price: '16596.00',
          ask1Price: '16597.50',
          bid1Size: '1',
        },
      ],
    },
    retExtInfo: {},
    time: 1672376496682,
  },
});

/** GET /v5/market/kline. The page's only example is category=inverse (BTCUSD, 1h); the candle rows have the same shape for linear. */
export const klineInverse = recorded({
  source: `${V5}/market/kline`,
  readAt: `${REPO}/market/kline.mdx`,
  payload: {
    retCode: 0,
    retMsg: 'OK',
    result: {
      symbol: 'BTCUSD',
      category: 'inverse',
      list: [
        ['1670608800000', '17071', '17073', '17027', '17055.5', '268611', '15.74462667'],
        ['1670605200000', '17071.5', '17071.5', '17061', '17071', '4177', '0.24469757'],
        ['1670601600000', '17086.5', '17088', '16978', '17071.5', '6356', '0.37288112'],
      ],
    },
    retExtInfo: {},
    time: 1672025956592,
  },
});

export const wsTickerSnapshot = recorded({
  source: `${V5}/websocket/public/ticker`,
  readAt: `${REPO}/websocket/public/ticker.mdx (Response Example → Linear)`,
  payload: {
    topic: 'tickers.BTCUSDT',
    type: 'snapshot',
    data: {
      symbol: 'BTCUSDT',
      tickDirection: 'PlusTick',
      price24hPcnt: '0.017103',
      lastPrice: '17216.00',
      prevPrice24h: '16926.50',
      highPrice24h: '17281.50',
      lowPrice24h: '16915.00',
      prevPrice1h: '17238.00',
      markPrice: '17217.33',
      indexPrice: '17227.36',
      openInterest: '68744.761',
      openInterestValue: '1183601235.91',
      turnover24h: '1570383121.943499',
      volume24h: '91705.276',
      nextFundingTime: '1673280000000',
      fundingRate: '-0.000212',
      bid1Price: '17215.50',
      bid1Size: '84.489',
      ask1Price: '17216.00',
      ask1Size: '83.020',
    },
    cs: 24987956059,
    ts: 1673272861686,
  },
});

/** WebSocket public `publicTrade.{symbol}` */
export const wsPublicTrade = recorded({
  source: `${V5}/websocket/public/trade`,
  readAt: `${REPO}/websocket/public/trade.mdx`,
  payload: {
    topic: 'publicTrade.BTCUSDT',
    type: 'snapshot',
    ts: 1672304486868,
    data: [
      {
        T: 1672304486865,
        s: 'BTCUSDT',
        S: 'Buy',
        v: '0.001',
        p: '16578.50',
        L: 'PlusTick',
        i: '20f43950-d8dd-5b31-9112-a178eb6023af',
        BT: false,
      },
    ],
  },
});

export * from './bybit-docs-trade.js';
