/**
 * OKX v5 market-data payloads as OKX's API documentation (https://www.okx.com/docs-v5/en/) shows
 * them, copied verbatim from a stored Markdown copy of that page, one file per section, each
 * headed by its `source_url` (the GitHub repository qiuham/crypto-api-docs, docs/okx/…; read at
 * commit 0167ca33e9388ee4a14f019b0c859d84f8343571, pages dated 2026-06-15). Orders, fills and
 * errors are in okx-docs-trade.ts.
 *
 * OKX's examples are mostly SPOT (BTC-USDT) or inverse (BTC-USD-SWAP); the one market this
 * project trades, the linear perpetual BTC-USDT-SWAP, is shown by none of them. Where a swap is
 * needed, the documented payload is `derive`d, and says what was changed.
 */
import { derive, recorded } from './recorded.js';

export const DOCS = 'https://www.okx.com/docs-v5/en/';
export const MIRROR = 'github.com/qiuham/crypto-api-docs @0167ca33e9388ee4a14f019b0c859d84f8343571: docs/okx';

/** GET /api/v5/public/instruments?instType=SPOT: the page's only example, the BTC-USDT spot pair. */
export const instrumentsSpot = recorded({
  source: `${DOCS}#public-data-rest-api-get-instruments`,
  readAt: `${MIRROR}/public/data/rest-api-get-instruments.md (Response Example)`,
  payload: {
    code: '0',
    msg: '',
    data: [
      {
        alias: '',
        auctionEndTime: '',
        baseCcy: 'BTC',
        category: '1',
        ctMult: '',
        ctType: '',
        ctVal: '',
        ctValCcy: '',
        contTdSwTime: '1704876947000',
        expTime: '',
        futureSettlement: false,
        groupId: '1',
        instFamily: '',
        instId: 'BTC-USDT',
        instType: 'SPOT',
        lever: '10',
        listTime: '1606468572000',
        lotSz: '0.00000001',
        maxIcebergSz: '9999999999.0000000000000000',
        maxLmtAmt: '1000000',
        maxLmtSz: '9999999999',
        maxMktAmt: '1000000',
        maxMktSz: '',
        maxStopSz: '',
        maxTriggerSz: '9999999999.0000000000000000',
        maxTwapSz: '9999999999.0000000000000000',
        minSz: '0.00001',
        optType: '',
        openType: 'call_auction',
        preMktSwTime: '',
        quoteCcy: 'USDT',
        tradeQuoteCcyList: ['USDT'],
        settleCcy: '',
        state: 'live',
        ruleType: 'normal',
        stk: '',
        tickSz: '0.1',
        uly: '',
        instIdCode: 1000000000,
        instCategory: '1',
        upcChg: [{ param: 'tickSz', newValue: '0.0001', effTime: '1704876947000' }],
      },
    ],
  },
});

const spot = instrumentsSpot.payload.data[0]!;

/**
 * GET /api/v5/public/instruments?instType=SWAP. The page documents no swap; its own field table
 * says "ctVal=0.01 BTC for BTC-USDT-SWAP", and a swap names its pair by `uly` / `instFamily` with
 * `settleCcy`, not by baseCcy/quoteCcy ("Only applicable to SPOT/MARGIN").
 */
export const instrumentsSwap = derive(
  instrumentsSpot,
  {
    data: [
      {
        ...spot,
        instType: 'SWAP',
        instId: 'BTC-USDT-SWAP',
        instFamily: 'BTC-USDT',
        uly: 'BTC-USDT',
        baseCcy: '',
        quoteCcy: '',
        settleCcy: 'USDT',
        ctType: 'linear',
        ctVal: '0.01',
        ctValCcy: 'BTC',
        ctMult: '1',
        groupId: '2',
        lever: '100',
        lotSz: '0.01',
        minSz: '0.01',
        maxLmtSz: '100000000',
        openType: '',
        contTdSwTime: '',
        tradeQuoteCcyList: [],
        upcChg: [],
      },
    ],
  },
  'DERIVED, not recorded: the documented BTC-USDT spot entry as the BTC-USDT-SWAP linear perpetual: instType SWAP, ' +
    'instId BTC-USDT-SWAP, uly/instFamily BTC-USDT, baseCcy/quoteCcy "", settleCcy USDT, ctType linear, ctVal 0.01 ' +
    '(the value the page states for BTC-USDT-SWAP), ctValCcy BTC, ctMult 1, groupId 2 (USDT-margined perpetual), ' +
    'lever 100, lotSz and minSz 0.01 contracts, maxLmtSz 100000000 contracts, no open type, quote list or upcoming change',
);

/** GET /api/v5/market/ticker: the page's English example, the inverse BTC-USD-SWAP (sizes in contracts). */
export const tickerInverse = recorded({
  source: `${DOCS}#order-book-trading-market-data-get-ticker`,
  readAt: `${MIRROR}/order/book/trading-market-data-get-ticker.md (Response Example)`,
  payload: {
    code: '0',
    msg: '',
    data: [
      {
        instType: 'SWAP',
        instId: 'BTC-USD-SWAP',
        last: '9999.99',
        lastSz: '0.1',
        askPx: '9999.99',
        askSz: '11',
        bidPx: '8888.88',
        bidSz: '5',
        open24h: '9000',
        high24h: '10000',
        low24h: '8888.88',
        volCcy24h: '2222',
        vol24h: '2222',
        sodUtc0: '2222',
        sodUtc8: '2222',
        ts: '1597026383085',
      },
    ],
  },
});

/** The documented ticker as our BTC-USDT-SWAP's: only the instrument is changed. */
export const tickerSwap = derive(
  tickerInverse,
  { data: [{ ...tickerInverse.payload.data[0]!, instId: 'BTC-USDT-SWAP' }] },
  'DERIVED, not recorded: the documented BTC-USD-SWAP ticker with instId BTC-USDT-SWAP',
);

/**
 * GET /api/v5/market/candles: rows [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm], newest
 * first ("confirm" 0: the bar still forming). The page's two rows carry the same ts.
 */
export const candles = recorded({
  source: `${DOCS}#order-book-trading-market-data-get-candlesticks`,
  readAt: `${MIRROR}/order/book/trading-market-data-get-candlesticks.md (Response Example)`,
  payload: {
    code: '0',
    msg: '',
    data: [
      ['1597026383085', '3.721', '3.743', '3.677', '3.708', '8422410', '22698348.04828491', '12698348.04828491', '0'],
      ['1597026383085', '3.731', '3.799', '3.494', '3.72', '24912403', '67632347.24399722', '37632347.24399722', '1'],
    ],
  },
});

/** The documented candles with the completed (second, older) bar one minute before the forming one. */
export const candlesOneMinuteApart = derive(
  candles,
  { data: [candles.payload.data[0]!, ['1597026323085', ...candles.payload.data[1]!.slice(1)]] },
  'DERIVED, not recorded: the documented candles with the second row opening at 1597026323085 (60 000 ms before the first), so the two bars can be told apart',
);

/** GET /api/v5/public/time */
export const systemTime = recorded({
  source: `${DOCS}#public-data-rest-api-get-system-time`,
  readAt: `${MIRROR}/public/data/rest-api-get-system-time.md (Response Example)`,
  payload: { code: '0', msg: '', data: [{ ts: '1597026383085' }] },
});

/** WebSocket public `trades` channel: the page's example is the BTC-USDT spot pair (sz in base units). */
export const wsTrades = recorded({
  source: `${DOCS}#order-book-trading-market-data-ws-trades-channel`,
  readAt: `${MIRROR}/order/book/trading-market-data-ws-trades-channel.md (Push Data Example)`,
  payload: {
    arg: { channel: 'trades', instId: 'BTC-USDT' },
    data: [{ instId: 'BTC-USDT', tradeId: '130639474', px: '42219.9', sz: '0.12060306', side: 'buy', ts: '1630048897897', count: '3', source: '0', seqId: 1234 }],
  },
});

/** The documented push as BTC-USDT-SWAP's, whose `sz` counts contracts ("For FUTURES/SWAP/OPTION, the unit is contract"). */
export const wsTradesSwap = derive(
  wsTrades,
  { arg: { channel: 'trades', instId: 'BTC-USDT-SWAP' }, data: [{ ...wsTrades.payload.data[0]!, instId: 'BTC-USDT-SWAP', sz: '12' }] },
  'DERIVED, not recorded: the documented trades push with instId BTC-USDT-SWAP (arg and data) and sz 12 (contracts: a swap trades whole or 0.01 lots, not 0.12060306)',
);

/** WebSocket public `tickers` channel: the page's example is the BTC-USDT spot pair. */
export const wsTicker = recorded({
  source: `${DOCS}#order-book-trading-market-data-ws-tickers-channel`,
  readAt: `${MIRROR}/order/book/trading-market-data-ws-tickers-channel.md (Push Data Example)`,
  payload: {
    arg: { channel: 'tickers', instId: 'BTC-USDT' },
    data: [
      {
        instType: 'SPOT',
        instId: 'BTC-USDT',
        last: '9999.99',
        lastSz: '0.1',
        askPx: '9999.99',
        askSz: '11',
        bidPx: '8888.88',
        bidSz: '5',
        open24h: '9000',
        high24h: '10000',
        low24h: '8888.88',
        volCcy24h: '2222',
        vol24h: '2222',
        sodUtc0: '2222',
        sodUtc8: '2222',
        ts: '1597026383085',
      },
    ],
  },
});

/** The documented push as BTC-USDT-SWAP's, whose bidSz/askSz count contracts. */
export const wsTickerSwap = derive(
  wsTicker,
  { arg: { channel: 'tickers', instId: 'BTC-USDT-SWAP' }, data: [{ ...wsTicker.payload.data[0]!, instType: 'SWAP', instId: 'BTC-USDT-SWAP' }] },
  'DERIVED, not recorded: the documented tickers push with instType SWAP and instId BTC-USDT-SWAP (arg and data)',
);
