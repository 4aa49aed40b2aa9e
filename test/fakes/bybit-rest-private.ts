/**
 * Signed REST routes of the fake Bybit v5: account (wallet-balance, info, fee-rate), API-key info
 * (user/query-api: a UTA 2.0 account), coin info, positions and leverage, orders and executions.
 */
import { Decimal } from '../../src/domain/decimal.js';
import { positionJson, walletJson } from './bybit-account-json.js';
import type { BybitCore } from './bybit-core.js';
import { executionList, orderHistory, realtimeOrders } from './bybit-order-queries.js';
import type { Route } from './bybit-rest-public.js';
import { BybitError, RET, category, optDec, optStr, page, reqStr, type Params } from './bybit-wire.js';

const COIN_CHAINS: Readonly<Record<string, { chain: string; fee: string; min: string; accuracy: string }>> = {
  USDT: { chain: 'ETH', fee: '4', min: '10', accuracy: '6' },
  BTC: { chain: 'BTC', fee: '0.0002', min: '0.001', accuracy: '8' },
  ETH: { chain: 'ETH', fee: '0.0012', min: '0.0025', accuracy: '8' },
};

function coinInfo(coin: string): Record<string, unknown> {
  const c = COIN_CHAINS[coin] ?? { chain: coin, fee: '0', min: '0', accuracy: '8' };
  return {
    name: coin,
    coin,
    remainAmount: '1000000',
    chains: [
      {
        chainType: c.chain,
        confirmation: '6',
        withdrawFee: c.fee,
        depositMin: '0',
        withdrawMin: c.min,
        chain: c.chain,
        chainDeposit: '1',
        chainWithdraw: '1',
        minAccuracy: c.accuracy,
        withdrawPercentageFee: '0',
        contractAddress: '',
      },
    ],
  };
}

/** Real Bybit categories the fake trades nothing in: their lists are empty. */
const EMPTY_CATEGORIES = ['inverse', 'option'];

export function privateRoutes(core: BybitCore): Record<string, Route> {
  const { inst, account, orders } = core;
  const signed = (handle: (p: Params) => unknown): Route => ({ signed: true, handle });
  /** A list route: the categories the fake does not trade answer an empty page. */
  const listed = (handle: (p: Params) => unknown): Route =>
    signed((p) => {
      const c = optStr(p, 'category');
      return c !== undefined && EMPTY_CATEGORIES.includes(c) ? { category: c, list: [], nextPageCursor: '' } : handle(p);
    });
  const created = core.now();
  return {
    'GET /v5/account/wallet-balance': signed((p) => {
      const type = reqStr(p, 'accountType');
      if (type !== 'UNIFIED') throw new BybitError(RET.PARAMS, 'accountType only support UNIFIED.');
      const coins = optStr(p, 'coin')?.split(',');
      return { list: [walletJson(account, (c) => core.usd(c), coins)] };
    }),
    'GET /v5/account/info': signed(() => ({
      unifiedMarginStatus: 6,
      marginMode: 'REGULAR_MARGIN',
      isMasterTrader: false,
      spotHedgingStatus: 'OFF',
      updatedTime: String(created),
      dcpStatus: 'OFF',
      timeWindow: 10,
      smpGroup: 0,
    })),
    'GET /v5/user/query-api': signed(() => ({
      id: '13770661',
      note: 'scalping-trainer fake',
      apiKey: core.keys.apiKey,
      readOnly: 0,
      secret: '',
      permissions: {
        ContractTrade: ['Order', 'Position'],
        Spot: ['SpotTrade'],
        Wallet: ['AccountTransfer', 'SubMemberTransfer'],
        Options: ['OptionsTrade'],
        Derivatives: [],
        CopyTrading: [],
        BlockTrade: [],
        Exchange: [],
        NFT: [],
        Affiliate: [],
        Earn: [],
      },
      ips: ['*'],
      type: 1,
      deadlineDay: -1,
      expiredAt: '',
      createdAt: new Date(created).toISOString(),
      unified: 0,
      uta: 1,
      userID: 24600000,
      inviterID: 0,
      vipLevel: 'No VIP',
      mktMakerLevel: '0',
      affiliateID: 0,
      rsaPublicKey: '',
      isMaster: true,
      parentUid: '0',
      kycLevel: 'LEVEL_DEFAULT',
      kycRegion: '',
    })),
    'GET /v5/asset/coin/query-info': signed((p) => {
      const coin = optStr(p, 'coin');
      const coins = [...new Set(['USDT', ...inst.list('spot').map((s) => s.base)])].filter((c) => coin === undefined || c === coin);
      return { rows: coins.map(coinInfo) };
    }),
    'GET /v5/account/fee-rate': signed((p) => {
      const cat = category(p);
      const symbol = optStr(p, 'symbol');
      const specs = symbol === undefined ? inst.list(cat) : [inst.get(cat, symbol)];
      return { category: cat, list: specs.map((s) => ({ symbol: s.symbol, baseCoin: cat === 'spot' ? s.base : '', takerFeeRate: s.takerFee.toString(), makerFeeRate: s.makerFee.toString() })) };
    }),
    'GET /v5/position/list': listed((p) => {
      const cat = category(p, ['linear']);
      const symbol = optStr(p, 'symbol');
      const baseCoin = optStr(p, 'baseCoin');
      const settleCoin = optStr(p, 'settleCoin');
      if (symbol === undefined && baseCoin === undefined && settleCoin === undefined) {
        throw new BybitError(RET.PARAMS, 'Missing some parameters that must be filled in, symbol or settleCoin or baseCoin');
      }
      const specs =
        symbol !== undefined
          ? [inst.get(cat, symbol)]
          : inst
              .list(cat)
              .filter((s) => (baseCoin === undefined || s.base === baseCoin) && (settleCoin === undefined || s.quote === settleCoin))
              .filter((s) => !(account.position(s.symbol)?.size ?? Decimal.ZERO).isZero());
      const pg = page(specs, p, 20, 200);
      return {
        category: cat,
        list: pg.list.map((s) => positionJson(account, inst, s, account.position(s.symbol), core.mark(s.symbol))),
        nextPageCursor: pg.nextPageCursor,
      };
    }),
    'POST /v5/position/set-leverage': signed((p) => {
      const spec = inst.get(category(p, ['linear']), reqStr(p, 'symbol'));
      const buy = optDec(p, 'buyLeverage');
      const sell = optDec(p, 'sellLeverage');
      if (buy === undefined || sell === undefined || !buy.eq(sell)) {
        throw new BybitError(RET.PARAMS, 'buy leverage must equal sell leverage in one-way mode');
      }
      if (buy.lt(Decimal.fromInt(1)) || buy.gt(Decimal.fromInt(100))) throw new BybitError(RET.PARAMS, 'leverage invalid');
      if (buy.eq(account.leverage(spec.symbol))) throw new BybitError(110043, 'Set leverage not modified');
      account.setLeverage(spec.symbol, buy);
      return {};
    }),
    'POST /v5/order/create': signed((p) => {
      const o = orders.create(p);
      return { orderId: o.orderId, orderLinkId: o.orderLinkId };
    }),
    'POST /v5/order/amend': signed((p) => {
      const o = orders.amend(p);
      return { orderId: o.orderId, orderLinkId: o.orderLinkId };
    }),
    'POST /v5/order/cancel': signed((p) => {
      const o = orders.cancel(p);
      return { orderId: o.orderId, orderLinkId: o.orderLinkId };
    }),
    'POST /v5/order/cancel-all': signed((p) => ({
      list: orders.cancelAll(p).map((o) => ({ orderId: o.orderId, orderLinkId: o.orderLinkId })),
      success: '1',
    })),
    'GET /v5/order/realtime': listed((p) => realtimeOrders(orders, inst, p)),
    'GET /v5/order/history': listed((p) => orderHistory(orders, inst, p)),
    'GET /v5/execution/list': listed((p) => executionList(orders, inst, p)),
  };
}
