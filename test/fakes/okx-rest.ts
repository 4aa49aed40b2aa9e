/**
 * The fake OKX's REST routes (documented v5 paths): public market data, and the signed account and
 * trade endpoints ccxt's okx calls (balance, positions, fee rates, orders, algo orders, fills).
 */
import type { OkxCore } from './okx-core.js';
import { instrumentJson, type InstType } from './okx-instruments.js';
import { algoJson, fillJson, orderJson } from './okx-order-json.js';
import { isOpen } from './okx-orders.js';
import { CODE, OkxError, req, str, txt, type Params } from './okx-wire.js';

export interface Route {
  readonly signed: boolean;
  /** The answer's `data`; a POST's body may be an array (batch endpoints). */
  handle(params: Params, body: unknown): unknown[];
}

const instType = (p: Params): InstType => {
  const t = req(p, 'instType');
  if (t !== 'SPOT' && t !== 'SWAP') throw new OkxError(CODE.PARAM_ERROR, 'Parameter instType error');
  return t;
};
const limitOf = (p: Params, dflt: number, max: number): number => {
  const n = Number(str(p, 'limit') ?? dflt);
  if (!Number.isInteger(n) || n <= 0) throw new OkxError(CODE.PARAM_ERROR, 'Parameter limit error');
  return Math.min(n, max);
};
const optInt = (p: Params, name: string): number | undefined => {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new OkxError(CODE.PARAM_ERROR, `Parameter ${name} error`);
  return n;
};
/** An order-level answer: what OKX acknowledges a placed or canceled order with. */
const ack = (ordId: string, clOrdId: string, now: number) => ({ clOrdId, ordId, sCode: '0', sMsg: 'Order placed', tag: '', ts: String(now) });
const list = (body: unknown): Params[] => (Array.isArray(body) ? (body as Params[]) : [body as Params]);

export function okxRoutes(core: OkxCore): Record<string, Route> {
  const pub = (handle: (p: Params) => unknown[]): Route => ({ signed: false, handle });
  const priv = (handle: (p: Params, body: unknown) => unknown[]): Route => ({ signed: true, handle });
  const orders = core.orders;
  return {
    'GET /api/v5/public/time': pub(() => [{ ts: String(core.now()) }]),
    'GET /api/v5/public/instruments': pub((p) => core.inst.list(instType(p)).filter((s) => !str(p, 'instId') || s.instId === str(p, 'instId')).map(instrumentJson)),
    'GET /api/v5/market/ticker': pub((p) => [core.market.ticker(core.inst.get(req(p, 'instId')))]),
    'GET /api/v5/market/tickers': pub((p) => core.inst.list(instType(p)).map((s) => core.market.ticker(s))),
    'GET /api/v5/market/candles': pub((p) => core.market.candles(core.inst.get(req(p, 'instId')), str(p, 'bar') ?? '1m', limitOf(p, 100, 300), optInt(p, 'after'), optInt(p, 'before'))),
    'GET /api/v5/market/history-candles': pub((p) => core.market.candles(core.inst.get(req(p, 'instId')), str(p, 'bar') ?? '1m', limitOf(p, 100, 300), optInt(p, 'after'), optInt(p, 'before'))),
    'GET /api/v5/market/books': pub((p) => [core.market.book(core.inst.get(req(p, 'instId')), limitOf({ limit: p.sz }, 1, 400))]),
    'GET /api/v5/market/trades': pub((p) => core.market.recentTrades(core.inst.get(req(p, 'instId')), limitOf(p, 100, 500))),

    'GET /api/v5/asset/currencies': priv(() =>
      ['USDT', ...new Set(core.inst.list('SPOT').map((s) => s.base))].map((ccy) => ({
        ccy, name: ccy, chain: `${ccy}-ERC20`, canDep: true, canWd: true, canInternal: true, minDep: '0.00000001', minWd: '0.001', maxWd: '1000000', wdTickSz: '8', minFee: '0.0001', maxFee: '0.001', mainNet: false, needTag: false,
      })),
    ),
    'GET /api/v5/account/config': priv(() => [
      { uid: '44705892343619584', mainUid: '44705892343619584', acctLv: '2', posMode: 'net_mode', autoLoan: false, greeksType: 'PA', level: 'Lv1', levelTmp: '', ctIsoMode: 'automatic', mgnIsoMode: 'automatic', spotOffsetType: '', roleType: '0', traderInsts: [], spotRoleType: '0', spotTraderInsts: [], opAuth: '0', kycLv: '3', label: 'fake', ip: '', perm: 'read_only,trade', liquidationGear: '-1', enableSpotBorrow: false, spotBorrowAutoRepay: false, type: '0' },
    ]),
    'GET /api/v5/account/balance': priv(() => [core.account.balanceJson(orders.frozen(), core.now())]),
    'GET /api/v5/account/positions': priv((p) => {
      const ids = str(p, 'instId')?.split(',');
      return core.account.open().filter((x) => !ids || ids.includes(x.spec.instId)).map((x) => core.account.positionJson(x));
    }),
    'GET /api/v5/account/trade-fee': priv((p) => {
      const t = instType(p);
      const spec = t === 'SPOT' ? core.inst.get(req(p, 'instId')) : core.inst.list('SWAP').find((s) => `${s.base}-${s.quote}` === (str(p, 'uly') ?? str(p, 'instFamily')));
      if (!spec) throw new OkxError(CODE.PARAM_ERROR, 'Parameter uly error');
      const maker = txt(spec.maker.neg());
      const taker = txt(spec.taker.neg());
      const swap = t === 'SWAP';
      return [{ category: '1', delivery: '', exercise: '', instType: t, level: 'Lv1', maker: swap ? '' : maker, taker: swap ? '' : taker, makerU: swap ? maker : '', takerU: swap ? taker : '', makerUSDC: '', takerUSDC: '', ruleType: 'normal', ts: String(core.now()), fiat: [] }];
    }),

    'POST /api/v5/trade/order': priv((p) => {
      const o = orders.place(p);
      return [ack(o.ordId, o.clOrdId, core.now())];
    }),
    'POST /api/v5/trade/batch-orders': priv((_p, body) => list(body).map((one) => {
      const o = orders.place(one);
      return ack(o.ordId, o.clOrdId, core.now());
    })),
    'POST /api/v5/trade/cancel-order': priv((p) => {
      req(p, 'instId');
      if (!str(p, 'ordId') && !str(p, 'clOrdId')) throw new OkxError(CODE.PARAM_EMPTY, 'Either parameter ordId or clOrdId is required.');
      const o = orders.cancel(p);
      return [{ ...ack(o.ordId, o.clOrdId, core.now()), sMsg: '' }];
    }),
    'GET /api/v5/trade/order': priv((p) => {
      const instId = req(p, 'instId');
      if (!str(p, 'ordId') && !str(p, 'clOrdId')) throw new OkxError(CODE.PARAM_EMPTY, 'Either parameter ordId or clOrdId is required.');
      const o = orders.find(instId, str(p, 'ordId'), str(p, 'clOrdId'));
      if (!o) throw new OkxError(CODE.ORDER_NOT_FOUND, 'Order does not exist');
      return [orderJson(o)];
    }),
    'GET /api/v5/trade/orders-pending': priv((p) =>
      orders
        .all()
        .filter((o) => isOpen(o) && (!str(p, 'instType') || o.spec.instType === str(p, 'instType')) && (!str(p, 'instId') || o.spec.instId === str(p, 'instId')))
        .reverse()
        .slice(0, limitOf(p, 100, 100))
        .map(orderJson),
    ),
    'GET /api/v5/trade/fills': priv((p) => fills(core, p)),
    'GET /api/v5/trade/fills-history': priv((p) => {
      instType(p);
      return fills(core, p);
    }),
    'POST /api/v5/trade/order-algo': priv((p) => {
      const a = orders.placeAlgo(p);
      return [{ algoClOrdId: a.algoClOrdId, algoId: a.algoId, clOrdId: '', sCode: '0', sMsg: '', tag: '' }];
    }),
    'POST /api/v5/trade/cancel-algos': priv((_p, body) => list(body).map((one) => {
      const a = orders.cancelAlgo(one);
      return { algoClOrdId: a.algoClOrdId, algoId: a.algoId, clOrdId: '', sCode: '0', sMsg: '', tag: '' };
    })),
    'GET /api/v5/trade/order-algo': priv((p) => {
      const a = orders.findAlgo(str(p, 'algoId'), str(p, 'algoClOrdId'));
      if (!a) throw new OkxError('51603', 'Order does not exist');
      return [algoJson(a)];
    }),
    'GET /api/v5/trade/orders-algo-pending': priv((p) =>
      orders.algoOrders().filter((a) => a.state === 'live' && (!str(p, 'instId') || a.spec.instId === str(p, 'instId'))).map(algoJson),
    ),
    'GET /api/v5/trade/orders-algo-history': priv((p) =>
      orders.algoOrders().filter((a) => a.state !== 'live' && (!str(p, 'algoId') || a.algoId === str(p, 'algoId')) && (!str(p, 'state') || a.state === str(p, 'state'))).map(algoJson),
    ),
  };
}

/** GET /trade/fills(-history): newest first, by instrument and order, `begin`/`end` in ms. */
function fills(core: OkxCore, p: Params): unknown[] {
  const begin = optInt(p, 'begin');
  const end = optInt(p, 'end');
  return core.orders
    .fills()
    .filter(
      (f) =>
        (!str(p, 'instType') || f.order.spec.instType === str(p, 'instType')) &&
        (!str(p, 'instId') || f.order.spec.instId === str(p, 'instId')) &&
        (!str(p, 'ordId') || f.order.ordId === str(p, 'ordId')) &&
        (begin === undefined || f.ts >= begin) &&
        (end === undefined || f.ts <= end),
    )
    .reverse()
    .slice(0, limitOf(p, 100, 100))
    .map(fillJson);
}

