import { Decimal } from '../../src/domain/decimal.js';
import { n8, px, qty, type SymbolSpec } from './binance-format.js';

/**
 * `exchangeInfo` of both venues and the few account-reference answers built from the symbol rules:
 * spot (`/api/v3/exchangeInfo`, filters PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL,
 * PERCENT_PRICE_BY_SIDE…), USD-M (`/fapi/v1/exchangeInfo`, PERCENT_PRICE, MIN_NOTIONAL with
 * `notional`), the wallet's coin list (`/sapi/v1/capital/config/getall`) and leverage brackets.
 */
type Json = Record<string, unknown>;

export const SPOT_ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
export const FUTURES_ORDER_TYPES = ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'];
export const FUTURES_ALGO_TYPES = ['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'];

const maxPrice = (s: SymbolSpec) => s.tick.mul(Decimal.fromInt(100_000_000));

function spotSymbol(s: SymbolSpec): Json {
  return {
    symbol: s.symbol,
    status: 'TRADING',
    baseAsset: s.base,
    baseAssetPrecision: 8,
    quoteAsset: s.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: SPOT_ORDER_TYPES,
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: n8(s.tick), maxPrice: n8(maxPrice(s)), tickSize: n8(s.tick) },
      { filterType: 'LOT_SIZE', minQty: n8(s.minQty), maxQty: n8(s.maxQty), stepSize: n8(s.step) },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: n8(Decimal.ZERO), maxQty: n8(s.maxQty), stepSize: n8(Decimal.ZERO) },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      { filterType: 'NOTIONAL', minNotional: n8(s.minNotional), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
  };
}

function futuresSymbol(s: SymbolSpec): Json {
  const band = s.band;
  const one = Decimal.fromInt(1);
  return {
    symbol: s.symbol,
    pair: s.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: s.base,
    quoteAsset: s.quote,
    marginAsset: s.quote,
    pricePrecision: s.priceScale,
    quantityPrecision: s.qtyScale,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: px(s, s.tick), maxPrice: px(s, maxPrice(s)), tickSize: px(s, s.tick) },
      { filterType: 'LOT_SIZE', stepSize: qty(s, s.step), maxQty: qty(s, s.maxQty), minQty: qty(s, s.minQty) },
      { filterType: 'MARKET_LOT_SIZE', stepSize: qty(s, s.step), maxQty: qty(s, s.maxQty), minQty: qty(s, s.minQty) },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: s.minNotional.toString() },
      {
        filterType: 'PERCENT_PRICE',
        multiplierUp: one.add(band).toFixed(4),
        multiplierDown: one.sub(band).toFixed(4),
        multiplierDecimal: '4',
      },
    ],
    orderTypes: FUTURES_ORDER_TYPES,
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    permissionSets: ['GRID', 'COPY'],
  };
}

export function spotExchangeInfo(specs: Iterable<SymbolSpec>, now: number, only?: string[]): Json {
  const list = [...specs].filter((s) => !only || only.includes(s.symbol));
  return {
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: list.map(spotSymbol),
    sors: [],
  };
}

export function futuresExchangeInfo(specs: Iterable<SymbolSpec>, now: number): Json {
  const list = [...specs];
  return {
    timezone: 'UTC',
    serverTime: now,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [...new Set(list.map((s) => s.quote))].map((a) => ({ asset: a, marginAvailable: true, autoAssetExchange: '-10000' })),
    symbols: list.map(futuresSymbol),
  };
}

/** `/sapi/v1/capital/config/getall`: the coins of the wallet, each with one network. */
export function capitalConfig(specs: Iterable<SymbolSpec>, balance: (asset: string) => { free: string; locked: string }): Json[] {
  const assets = new Set<string>();
  for (const s of specs) {
    assets.add(s.base);
    assets.add(s.quote);
  }
  return [...assets].map((coin) => ({
    coin,
    depositAllEnable: true,
    withdrawAllEnable: true,
    name: coin,
    ...balance(coin),
    freeze: '0',
    withdrawing: '0',
    ipoing: '0',
    ipoable: '0',
    storage: '0',
    isLegalMoney: false,
    trading: true,
    networkList: [
      {
        network: coin === 'USDT' ? 'ETH' : coin,
        coin,
        withdrawIntegerMultiple: '0.00000001',
        isDefault: true,
        depositEnable: true,
        withdrawEnable: true,
        depositDesc: '',
        withdrawDesc: '',
        specialTips: '',
        name: coin,
        resetAddressStatus: false,
        addressRegex: '^.{20,64}$',
        memoRegex: '',
        withdrawFee: '0.0001',
        withdrawMin: '0.001',
        withdrawMax: '9999999999.99999999',
        minConfirm: 1,
        unLockConfirm: 2,
        sameAddress: false,
        estimatedArrivalTime: 25,
        busy: false,
      },
    ],
  }));
}

/** `/fapi/v1/leverageBracket`: one bracket per symbol (max 125x, 0.4 % maintenance margin). */
export function leverageBrackets(specs: Iterable<SymbolSpec>): Json[] {
  return [...specs].map((s) => ({
    symbol: s.symbol,
    notionalCoef: 1.0,
    brackets: [
      { bracket: 1, initialLeverage: 125, notionalCap: 50000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 },
      { bracket: 2, initialLeverage: 100, notionalCap: 600000, notionalFloor: 50000, maintMarginRatio: 0.005, cum: 50.0 },
      { bracket: 3, initialLeverage: 75, notionalCap: 3000000, notionalFloor: 600000, maintMarginRatio: 0.0065, cum: 950.0 },
    ],
  }));
}
