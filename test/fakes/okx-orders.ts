/**
 * The fake OKX's order handling on USDT swaps, simple but honest: a market order (or a limit that
 * crosses the book) fills at once at the best bid/ask as taker; a resting limit fills at its price
 * as maker once the generator's last trade reaches it; `conditional` algo orders (stop-loss /
 * take-profit, `slTriggerPx` / `tpTriggerPx`, `-1` = at market) trigger on the last price and send
 * a market order; reduce-only is enforced against the net position; margin is checked (51008).
 * Fees per fill at the account's rates, negative as OKX reports them. Every change is told to the
 * listeners (the private `orders` channel).
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { crossesBook, limitReached } from './binance-matching.js';
import { LEVERAGE, type OkxAccount } from './okx-account.js';
import type { OkxInstruments, OkxSpec } from './okx-instruments.js';
import type { OkxMarket } from './okx-market.js';
import { CODE, OkxOrderError, dec, str, type Params } from './okx-wire.js';

export type OrdType = 'market' | 'limit' | 'post_only' | 'ioc' | 'fok';
export type OrdState = 'live' | 'partially_filled' | 'filled' | 'canceled';

export interface OkxFill {
  readonly tradeId: string;
  readonly billId: string;
  readonly order: OkxOrder;
  readonly fillPx: Decimal;
  /** Contracts. */
  readonly fillSz: Decimal;
  readonly execType: 'T' | 'M';
  /** Negative: charged. */
  readonly fee: Decimal;
  readonly fillPnl: Decimal;
  readonly ts: number;
}

export interface OkxOrder {
  readonly ordId: string;
  readonly clOrdId: string;
  readonly tag: string;
  readonly spec: OkxSpec;
  readonly side: 'buy' | 'sell';
  readonly ordType: OrdType;
  readonly px: Decimal | null;
  readonly sz: Decimal;
  readonly reduceOnly: boolean;
  readonly tdMode: string;
  /** The algo order that sent it, if any. */
  readonly algoId: string;
  accFillSz: Decimal;
  avgPx: Decimal | null;
  fee: Decimal;
  pnl: Decimal;
  state: OrdState;
  cancelSource: string;
  lastFill: OkxFill | null;
  readonly cTime: number;
  uTime: number;
}

export interface OkxAlgo {
  readonly algoId: string;
  readonly algoClOrdId: string;
  readonly spec: OkxSpec;
  readonly side: 'buy' | 'sell';
  readonly sz: Decimal;
  readonly reduceOnly: boolean;
  readonly tdMode: string;
  readonly slTriggerPx: Decimal | null;
  readonly tpTriggerPx: Decimal | null;
  state: 'live' | 'effective' | 'canceled' | 'order_failed';
  ordId: string;
  readonly cTime: number;
  uTime: number;
}

const ORD_TYPES = new Set<OrdType>(['market', 'limit', 'post_only', 'ioc', 'fok']);
const refuse = (sCode: string, sMsg: string, clOrdId = '') => new OkxOrderError(sCode, sMsg, clOrdId);

/**
 * OKX's rule for a client order id (Place order, clOrdId; Place algo order, algoClOrdId): "a
 * combination of case-sensitive alphanumerics, all numbers, or all letters of up to 32 characters".
 * Anything else (a hyphen, an underscore, 33 characters) is refused with sCode 51000 before the
 * order is looked at, echoing the id back as the exchange does.
 */
function checkClientId(id: string, field: 'clOrdId' | 'algoClOrdId'): void {
  if (id !== '' && !/^[A-Za-z0-9]{1,32}$/.test(id)) throw refuse(CODE.PARAM_ERROR, `Parameter ${field} error`, id);
}

export class OkxOrders {
  private readonly orders: OkxOrder[] = [];
  private readonly algos: OkxAlgo[] = [];
  private readonly fillsList: OkxFill[] = [];
  private readonly listeners = new Set<(o: OkxOrder) => void>();
  private ordSeq = 680_000_000_000_000_000n;
  private tradeSeq = 410_000_000;

  constructor(
    private readonly inst: OkxInstruments,
    private readonly market: OkxMarket,
    private readonly account: OkxAccount,
    private readonly now: () => number = Date.now,
  ) {}

  on(listener: (o: OkxOrder) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Oldest first. */
  all(): readonly OkxOrder[] {
    return this.orders;
  }

  fills(): readonly OkxFill[] {
    return this.fillsList;
  }

  algoOrders(): readonly OkxAlgo[] {
    return this.algos;
  }

  find(instId: string | undefined, ordId: string | undefined, clOrdId: string | undefined): OkxOrder | undefined {
    const list = this.orders.filter((o) => instId === undefined || o.spec.instId === instId);
    if (ordId !== undefined) return list.find((o) => o.ordId === ordId);
    if (clOrdId !== undefined) return list.reverse().find((o) => o.clOrdId === clOrdId);
    return undefined;
  }

  findAlgo(algoId: string | undefined, algoClOrdId: string | undefined): OkxAlgo | undefined {
    if (algoId !== undefined) return this.algos.find((a) => a.algoId === algoId);
    if (algoClOrdId !== undefined) return [...this.algos].reverse().find((a) => a.algoClOrdId === algoClOrdId);
    return undefined;
  }

  /** The margin the open orders hold. */
  frozen(): Decimal {
    return this.orders
      .filter((o) => isOpen(o) && !o.reduceOnly && o.px)
      .reduce((f, o) => f.add(o.sz.sub(o.accFillSz).mul(o.spec.ctVal).mul(o.px!).div(LEVERAGE, 8)), Decimal.ZERO);
  }

  /** POST /api/v5/trade/order. */
  place(p: Params): OkxOrder {
    const clOrdId = str(p, 'clOrdId') ?? '';
    checkClientId(clOrdId, 'clOrdId');
    const spec = this.tradable(p, clOrdId);
    const side = this.side(p, clOrdId);
    const ordType = str(p, 'ordType') as OrdType | undefined;
    if (!ordType || !ORD_TYPES.has(ordType)) throw refuse(CODE.PARAM_ERROR, 'Parameter ordType error', clOrdId);
    const sz = this.size(p, spec, clOrdId);
    const px = ordType === 'market' ? null : (dec(p, 'px') ?? null);
    if (ordType !== 'market' && (!px || px.sign() <= 0)) throw refuse(CODE.PARAM_ERROR, 'Parameter px error', clOrdId);
    if (px && !px.isMultipleOf(spec.tickSz)) throw refuse(CODE.PARAM_ERROR, 'Parameter px error', clOrdId);
    if (clOrdId !== '' && this.orders.some((o) => o.clOrdId === clOrdId && isOpen(o))) throw refuse(CODE.DUPLICATE_CLORDID, 'Duplicated client order ID', clOrdId);
    const reduceOnly = p.reduceOnly === true || p.reduceOnly === 'true';
    const tick = this.market.tick(spec.symbol);
    if (px) {
      const limit = tick.last.mul(side === 'buy' ? Decimal.parse('1.05') : Decimal.parse('0.95'));
      if (side === 'buy' ? px.gt(limit) : px.lt(limit)) {
        throw refuse(CODE.PRICE_LIMIT, `Order price is not within the price limit (max buy price: ${tick.last.mul(Decimal.parse('1.05')).rescale(1, 'floor').toString()})`, clOrdId);
      }
    }
    if (reduceOnly) this.checkReduce(spec, side, sz, clOrdId);
    else this.checkMargin(spec, side, sz, px ?? (side === 'buy' ? tick.ask : tick.bid), clOrdId);
    return this.accept({ spec, side, ordType, px, sz, reduceOnly, clOrdId, tag: str(p, 'tag') ?? '', tdMode: str(p, 'tdMode') ?? 'cross', algoId: '' }, tick);
  }

  /** POST /api/v5/trade/cancel-order. */
  cancel(p: Params): OkxOrder {
    const clOrdId = str(p, 'clOrdId');
    const o = this.find(str(p, 'instId'), str(p, 'ordId'), clOrdId);
    if (!o) throw refuse(CODE.CANCEL_NOT_FOUND, 'Order cancellation failed as the order has been filled, canceled or does not exist.', clOrdId ?? '');
    if (!isOpen(o)) throw refuse(CODE.CANCEL_DONE, 'Order cancellation failed as the order has been filled, canceled or does not exist.', o.clOrdId);
    this.close(o, 'canceled', '1');
    return o;
  }

  /** POST /api/v5/trade/order-algo (ordType conditional). */
  placeAlgo(p: Params): OkxAlgo {
    const algoClOrdId = str(p, 'algoClOrdId') ?? str(p, 'clOrdId') ?? '';
    checkClientId(algoClOrdId, 'algoClOrdId');
    const spec = this.tradable(p, algoClOrdId);
    const side = this.side(p, algoClOrdId);
    if (str(p, 'ordType') !== 'conditional') throw refuse(CODE.PARAM_ERROR, 'Parameter ordType error', algoClOrdId);
    const sz = this.size(p, spec, algoClOrdId);
    const sl = dec(p, 'slTriggerPx') ?? null;
    const tp = dec(p, 'tpTriggerPx') ?? null;
    if (!sl && !tp) throw refuse(CODE.PARAM_ERROR, 'Parameter slTriggerPx error', algoClOrdId);
    const last = this.market.tick(spec.symbol).last;
    // A sell stop must be below the last price, a buy stop above; take-profits the other way.
    if (sl && (side === 'sell' ? sl.gte(last) : sl.lte(last))) throw refuse('51053', `The stop-loss trigger price must be ${side === 'sell' ? 'lower' : 'higher'} than the last price`, algoClOrdId);
    if (tp && (side === 'sell' ? tp.lte(last) : tp.gte(last))) throw refuse('51052', `The take-profit trigger price must be ${side === 'sell' ? 'higher' : 'lower'} than the last price`, algoClOrdId);
    const now = this.now();
    const a: OkxAlgo = {
      algoId: String(++this.ordSeq),
      algoClOrdId,
      spec,
      side,
      sz,
      reduceOnly: p.reduceOnly === true || p.reduceOnly === 'true',
      tdMode: str(p, 'tdMode') ?? 'cross',
      slTriggerPx: sl,
      tpTriggerPx: tp,
      state: 'live',
      ordId: '',
      cTime: now,
      uTime: now,
    };
    this.algos.push(a);
    return a;
  }

  /** POST /api/v5/trade/cancel-algos: [{algoId, instId}]. */
  cancelAlgo(p: Params): OkxAlgo {
    const a = this.findAlgo(str(p, 'algoId'), str(p, 'algoClOrdId'));
    if (!a || a.state !== 'live') throw refuse('51000', 'Parameter algoId error');
    a.state = 'canceled';
    a.uTime = this.now();
    return a;
  }

  /** Each generator tick: resting limits the last price reached fill as maker; live algo orders trigger. */
  onTick(tick: MarketTick): void {
    for (const o of this.orders) {
      if (!isOpen(o) || !o.px || o.spec.symbol !== tick.symbol || tick.tradeQuantity.sign() <= 0) continue;
      if (limitReached(o.side === 'buy' ? 'BUY' : 'SELL', o.px, tick.last)) this.fill(o, o.px, o.sz.sub(o.accFillSz), 'M');
    }
    for (const a of this.algos) {
      if (a.state !== 'live' || a.spec.symbol !== tick.symbol) continue;
      const fired =
        (a.slTriggerPx && (a.side === 'sell' ? tick.last.lte(a.slTriggerPx) : tick.last.gte(a.slTriggerPx))) ||
        (a.tpTriggerPx && (a.side === 'sell' ? tick.last.gte(a.tpTriggerPx) : tick.last.lte(a.tpTriggerPx)));
      if (!fired) continue;
      a.uTime = this.now();
      if (a.reduceOnly && !this.reducible(a.spec, a.side).sign()) {
        a.state = 'order_failed';
        continue;
      }
      const sz = a.reduceOnly ? a.sz.min(this.reducible(a.spec, a.side)) : a.sz;
      const o = this.accept({ spec: a.spec, side: a.side, ordType: 'market', px: null, sz, reduceOnly: a.reduceOnly, clOrdId: '', tag: '', tdMode: a.tdMode, algoId: a.algoId }, tick);
      a.state = 'effective';
      a.ordId = o.ordId;
    }
  }

  private accept(o: Omit<OkxOrder, 'ordId' | 'accFillSz' | 'avgPx' | 'fee' | 'pnl' | 'state' | 'cancelSource' | 'lastFill' | 'cTime' | 'uTime'>, tick: MarketTick): OkxOrder {
    const now = this.now();
    const order: OkxOrder = { ...o, ordId: String(++this.ordSeq), accFillSz: Decimal.ZERO, avgPx: null, fee: Decimal.ZERO, pnl: Decimal.ZERO, state: 'live', cancelSource: '', lastFill: null, cTime: now, uTime: now };
    this.orders.push(order);
    const side = order.side === 'buy' ? 'BUY' : 'SELL';
    const taker = order.side === 'buy' ? tick.ask : tick.bid;
    const crosses = order.px === null || crossesBook(side, order.px, tick);
    if (order.ordType === 'post_only' && crosses) this.close(order, 'canceled', '31'); // would take: canceled by the system
    else if (crosses) this.fill(order, taker, order.sz, 'T');
    else if (order.ordType === 'ioc' || order.ordType === 'fok') this.close(order, 'canceled', '14');
    else this.emit(order);
    return order;
  }

  private fill(o: OkxOrder, px: Decimal, sz: Decimal, execType: 'T' | 'M'): void {
    const now = this.now();
    const rate = execType === 'T' ? o.spec.taker : o.spec.maker;
    const fee = sz.mul(o.spec.ctVal).mul(px).mul(rate).rescale(8, 'half-up').neg();
    const pnl = this.account.fill(o.spec, o.side === 'buy' ? sz : sz.neg(), px, fee, now);
    const total = o.accFillSz.add(sz);
    o.avgPx = (o.avgPx ?? Decimal.ZERO).mul(o.accFillSz).add(px.mul(sz)).div(total, 8).normalize();
    o.accFillSz = total;
    o.fee = o.fee.add(fee);
    o.pnl = o.pnl.add(pnl);
    o.state = total.gte(o.sz) ? 'filled' : 'partially_filled';
    o.uTime = now;
    const tradeId = String(++this.tradeSeq);
    const f: OkxFill = { tradeId, billId: String(this.tradeSeq * 7), order: o, fillPx: px, fillSz: sz, execType, fee, fillPnl: pnl, ts: now };
    this.fillsList.push(f);
    o.lastFill = f;
    this.emit(o);
    // A position gone flat: its reduce-only orders have nothing left to reduce.
    if (this.account.position(o.spec.instId)?.pos.isZero()) {
      for (const r of this.orders) if (r !== o && r.spec === o.spec && r.reduceOnly && isOpen(r)) this.close(r, 'canceled', '1');
    }
  }

  private close(o: OkxOrder, state: OrdState, source: string): void {
    o.state = state;
    o.cancelSource = source;
    o.uTime = this.now();
    o.lastFill = null;
    this.emit(o);
  }

  private emit(o: OkxOrder): void {
    for (const l of this.listeners) l(o);
  }

  private tradable(p: Params, clOrdId: string): OkxSpec {
    const spec = this.inst.find(str(p, 'instId'));
    if (!spec) throw refuse(CODE.INST_NOT_FOUND, "Instrument ID doesn't exist.", clOrdId);
    if (spec.instType !== 'SWAP') throw refuse(CODE.PARAM_ERROR, 'Parameter instId error: this fake trades USDT swaps only', clOrdId);
    const td = str(p, 'tdMode');
    if (td !== 'cross' && td !== 'isolated') throw refuse(CODE.PARAM_ERROR, 'Parameter tdMode error', clOrdId);
    return spec;
  }

  private side(p: Params, clOrdId: string): 'buy' | 'sell' {
    const side = str(p, 'side');
    if (side !== 'buy' && side !== 'sell') throw refuse(CODE.PARAM_ERROR, 'Parameter side error', clOrdId);
    return side;
  }

  private size(p: Params, spec: OkxSpec, clOrdId: string): Decimal {
    const sz = dec(p, 'sz');
    if (!sz || sz.sign() <= 0) throw refuse(CODE.PARAM_ERROR, 'Parameter sz error', clOrdId);
    if (!sz.isMultipleOf(spec.lotSz)) throw refuse(CODE.LOT_SIZE, `The order quantity should be a multiple of the lot size ${spec.lotSz.toString()}.`, clOrdId);
    if (sz.lt(spec.minSz)) throw refuse(CODE.BELOW_MIN, "Your order should meet or exceed the minimum order amount.", clOrdId);
    return sz;
  }

  /** Contracts a reduce-only order of `side` may close now. */
  private reducible(spec: OkxSpec, side: 'buy' | 'sell'): Decimal {
    const pos = this.account.position(spec.instId)?.pos ?? Decimal.ZERO;
    return (side === 'sell' && pos.sign() > 0) || (side === 'buy' && pos.sign() < 0) ? pos.abs() : Decimal.ZERO;
  }

  private checkReduce(spec: OkxSpec, side: 'buy' | 'sell', sz: Decimal, clOrdId: string): void {
    const can = this.reducible(spec, side);
    if (can.isZero()) throw refuse(CODE.NO_POSITION, "Order failed because you don't have any positions in this direction for this contract to reduce or close.", clOrdId);
    if (sz.gt(can)) throw refuse(CODE.REDUCE_TOO_BIG, 'The reduce-only order quantity exceeds the position.', clOrdId);
  }

  private checkMargin(spec: OkxSpec, side: 'buy' | 'sell', sz: Decimal, px: Decimal, clOrdId: string): void {
    // An order that only closes part of the position needs no margin.
    const closes = this.reducible(spec, side).min(sz);
    const opens = sz.sub(closes);
    const need = opens.mul(spec.ctVal).mul(px).div(LEVERAGE, 8).add(sz.mul(spec.ctVal).mul(px).mul(spec.taker));
    if (need.gt(this.account.available(this.frozen()))) {
      throw refuse(CODE.INSUFFICIENT, `Order failed. Insufficient USDT margin in account`, clOrdId);
    }
  }
}

export const isOpen = (o: OkxOrder): boolean => o.state === 'live' || o.state === 'partially_filled';
