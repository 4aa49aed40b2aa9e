import { Decimal } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { errors } from './binance-errors.js';
import { n8, ONE, ZERO, type SymbolSpec } from './binance-format.js';
import type { BinanceMarket, MarketEvent } from './binance-market.js';
import { crossesBook, limitReached, takerPrice, triggered, triggerKind } from './binance-matching.js';
import type { OrderRequest } from './binance-order-params.js';
import { executionReport, type SpotFill, type SpotOrder } from './binance-spot-shapes.js';

type Json = Record<string, unknown>;
interface Balance {
  free: Decimal;
  locked: Decimal;
}

const INSUFFICIENT = 'Account has insufficient balance for requested action.';

/**
 * The spot account: balances (free/locked per asset, 10,000 USDT to start), orders and their
 * execution under the rules of binance-matching.ts. An order fills in one go; fees are charged in
 * the quote asset. Pushes executionReport and outboundAccountPosition.
 */
export class SpotEngine {
  private readonly balances = new Map<string, Balance>();
  private readonly orders = new Map<number, SpotOrder>();
  private readonly fills: SpotFill[] = [];
  private nextOrderId = 12_000_000_001;
  private nextTradeId = 900_000_001;
  updateTime: number;

  constructor(
    private readonly market: BinanceMarket,
    startUsdt: Decimal,
    private readonly emit: (event: Json) => void,
    private readonly now: () => number,
  ) {
    for (const s of market.specs.values()) {
      this.bal(s.base);
      this.bal(s.quote);
    }
    this.bal('USDT').free = startUsdt;
    this.updateTime = now();
  }

  bal(asset: string): Balance {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: ZERO, locked: ZERO };
      this.balances.set(asset, b);
    }
    return b;
  }

  assets(): [string, Balance][] {
    return [...this.balances.entries()];
  }

  place(req: OrderRequest): SpotOrder {
    const s = req.spec;
    const tick = this.market.last(s.symbol);
    if (!tick) throw errors.disconnected();
    if (this.open().some((o) => o.clientOrderId === req.clientOrderId)) throw errors.spotRejected('Duplicate order sent.');
    const kind = triggerKind(req.type);
    const limit = req.price !== null;
    let q = req.quantity;
    if (q === null) {
      // MARKET with quoteOrderQty: as much as that quote amount buys (or sells) at the book.
      const p = takerPrice(req.side, tick);
      q = (req.quoteOrderQty as Decimal).div(p, s.qtyScale, 'floor');
      if (q.lt(s.minQty)) throw errors.filter('LOT_SIZE');
    }
    const ref = limit ? (req.price as Decimal) : kind !== null ? (req.stopPrice as Decimal) : takerPrice(req.side, tick);
    if (ref.mul(q).lt(s.minNotional)) throw errors.filter('NOTIONAL');
    if (kind !== null && triggered(kind, req.side, req.stopPrice as Decimal, tick.last)) throw errors.spotRejected('Stop price would trigger immediately.');
    if (req.type === 'LIMIT_MAKER' && crossesBook(req.side, ref, tick)) throw errors.spotRejected('Order would immediately match and take.');
    const lockAsset = req.side === 'BUY' ? s.quote : s.base;
    const lockAmount = req.side === 'BUY' ? ref.mul(q).mul(ONE.add(s.taker)).rescale(8, 'up') : q;
    if (this.bal(lockAsset).free.lt(lockAmount)) throw errors.spotRejected(INSUFFICIENT);
    const time = this.now();
    const o: SpotOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: req.clientOrderId,
      spec: s,
      side: req.side,
      type: req.type,
      price: req.price ?? ZERO,
      origQty: q,
      origQuoteOrderQty: req.quoteOrderQty ?? ZERO,
      stopPrice: req.stopPrice ?? ZERO,
      timeInForce: limit && req.type !== 'LIMIT_MAKER' ? req.timeInForce : 'GTC',
      time,
      executedQty: ZERO,
      cumQuote: ZERO,
      status: 'NEW',
      updateTime: time,
      workingTime: kind === null ? time : -1,
      lockAsset,
      lockAmount,
      fills: [],
    };
    this.lock(o);
    this.orders.set(o.orderId, o);
    this.report(o, 'NEW', null);
    if (kind === null) this.act(o, tick);
    return o;
  }

  find(symbol: string, id: number | null, clientId: string | null): SpotOrder {
    const o = id !== null ? this.orders.get(id) : [...this.orders.values()].reverse().find((x) => x.clientOrderId === clientId);
    if (!o || o.spec.symbol !== symbol || (clientId !== null && o.clientOrderId !== clientId)) throw errors.noSuchOrder();
    return o;
  }

  cancel(symbol: string, id: number | null, clientId: string | null, cancelId: string): SpotOrder {
    let o: SpotOrder;
    try {
      o = this.find(symbol, id, clientId);
    } catch {
      throw errors.cancelRejected();
    }
    if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') throw errors.cancelRejected();
    this.end(o, 'CANCELED', cancelId);
    return o;
  }

  open(symbol?: string): SpotOrder[] {
    return [...this.orders.values()].filter((o) => (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && (symbol === undefined || o.spec.symbol === symbol));
  }

  all(symbol: string): SpotOrder[] {
    return [...this.orders.values()].filter((o) => o.spec.symbol === symbol);
  }

  myTrades(symbol: string): SpotFill[] {
    return this.fills.filter((f) => f.spec.symbol === symbol);
  }

  onMarket(e: MarketEvent): void {
    for (const o of this.open(e.tick.symbol)) {
      if (o.workingTime < 0) {
        const kind = triggerKind(o.type);
        if (kind === null || !triggered(kind, o.side, o.stopPrice, e.tick.last)) continue;
        o.workingTime = this.now();
        if (o.price.isZero()) {
          this.fill(o, takerPrice(o.side, e.tick), false);
          continue;
        }
        this.act(o, e.tick);
        continue;
      }
      if (!o.price.isZero() && limitReached(o.side, o.price, e.tick.last)) this.fill(o, o.price, true);
    }
  }

  /** A working order meets the book: a taker fills now, a maker rests, IOC/FOK expire. */
  private act(o: SpotOrder, tick: MarketTick): void {
    if (o.price.isZero() || crossesBook(o.side, o.price, tick)) this.fill(o, takerPrice(o.side, tick), false);
    else if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') this.end(o, 'EXPIRED');
  }

  private fill(o: SpotOrder, price: Decimal, maker: boolean): void {
    const s: SymbolSpec = o.spec;
    const q = o.origQty.sub(o.executedQty);
    const cost = price.mul(q);
    const fee = cost.mul(maker ? s.maker : s.taker).rescale(8, 'half-up');
    this.unlock(o);
    const quote = this.bal(s.quote);
    const base = this.bal(s.base);
    if (o.side === 'BUY' ? quote.free.lt(cost.add(fee)) : base.free.lt(q)) {
      this.lock(o);
      this.end(o, 'EXPIRED');
      return;
    }
    const time = this.now();
    if (o.side === 'BUY') {
      quote.free = quote.free.sub(cost).sub(fee);
      base.free = base.free.add(q);
    } else {
      base.free = base.free.sub(q);
      quote.free = quote.free.add(cost).sub(fee);
    }
    const f: SpotFill = { id: this.nextTradeId++, orderId: o.orderId, spec: s, side: o.side, price, qty: q, fee, maker, time };
    this.fills.push(f);
    o.fills.push(f);
    o.executedQty = o.origQty;
    o.cumQuote = o.cumQuote.add(cost);
    o.status = 'FILLED';
    o.updateTime = time;
    this.updateTime = time;
    this.report(o, 'TRADE', f);
    this.position([s.base, s.quote]);
  }

  private end(o: SpotOrder, status: 'CANCELED' | 'EXPIRED', cancelId?: string): void {
    this.unlock(o);
    o.status = status;
    o.updateTime = this.now();
    this.report(o, status, null, cancelId);
    this.position([o.lockAsset]);
  }

  private lock(o: SpotOrder): void {
    const b = this.bal(o.lockAsset);
    b.free = b.free.sub(o.lockAmount);
    b.locked = b.locked.add(o.lockAmount);
  }

  private unlock(o: SpotOrder): void {
    const b = this.bal(o.lockAsset);
    b.free = b.free.add(o.lockAmount);
    b.locked = b.locked.sub(o.lockAmount);
  }

  private report(o: SpotOrder, x: string, fill: SpotFill | null, cancelId?: string): void {
    this.emit(executionReport(o, x, fill, this.now(), cancelId));
    if (x === 'NEW') this.position([o.lockAsset]);
  }

  private position(assets: string[]): void {
    const now = this.now();
    this.emit({ e: 'outboundAccountPosition', E: now, u: now, B: assets.map((a) => ({ a, f: n8(this.bal(a).free), l: n8(this.bal(a).locked) })) });
  }
}
