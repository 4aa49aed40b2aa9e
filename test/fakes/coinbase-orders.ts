/**
 * The fake Coinbase's trading account: one balance per currency (available + hold), spot orders
 * (`market_market_ioc` by base_size or quote_size, `limit_limit_gtc` with post_only, `sor_limit_ioc`),
 * matching against the generator's book (a market or marketable limit order takes the levels as
 * TAKER; a resting limit fills as MAKER at its price once the market trades through it), fills with
 * the account's fee tier charged in the quote currency, cancels, and the order changes the `user`
 * stream pushes. Refusals are Coinbase's (`INSUFFICIENT_FUND`, `INVALID_LIMIT_PRICE_PRECISION`…).
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import type { CoinbaseMarket, CoinbaseProduct } from './coinbase-market.js';
import { OrderRefused, decimalParam, invalid, type Params } from './coinbase-wire.js';

/** The fields of Advanced Trade's Create Order request (POST /api/v3/brokerage/orders). */
const CREATE_ORDER_FIELDS = new Set([
  'client_order_id', 'product_id', 'side', 'order_configuration', 'self_trade_prevention_id', 'leverage', 'margin_type',
  'retail_portfolio_id', 'preview_id', 'attached_order_configuration', 'sor_preference',
]);

export type OrderStatus = 'OPEN' | 'FILLED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';

export interface CoinbaseOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly product: CoinbaseProduct;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'MARKET' | 'LIMIT';
  /** The order_configuration as sent (echoed back as Coinbase does). */
  readonly configuration: Record<string, Record<string, unknown>>;
  readonly baseSize: Decimal | null;
  readonly quoteSize: Decimal | null;
  readonly limitPrice: Decimal | null;
  readonly postOnly: boolean;
  readonly timeInForce: 'GOOD_UNTIL_CANCELLED' | 'IMMEDIATE_OR_CANCEL';
  readonly createdAt: number;
  status: OrderStatus;
  filled: Decimal;
  filledValue: Decimal;
  fees: Decimal;
  /** Quote (buy) or base (sell) held for what is still open. */
  hold: Decimal;
  lastFillAt: number | null;
}

export interface CoinbaseFill {
  readonly entryId: string;
  readonly tradeId: string;
  readonly order: CoinbaseOrder;
  readonly price: Decimal;
  readonly size: Decimal;
  readonly commission: Decimal;
  readonly liquidity: 'MAKER' | 'TAKER';
  readonly time: number;
}

export interface FeeTier {
  readonly maker: string;
  readonly taker: string;
}

export interface Balance {
  available: Decimal;
  hold: Decimal;
}

export const DEFAULT_BALANCES: Readonly<Record<string, string>> = { USD: '100000', USDC: '50000', USDT: '50000', BTC: '0', ETH: '0' };

export class CoinbaseOrders {
  readonly balances = new Map<string, Balance>();
  private readonly orders: CoinbaseOrder[] = [];
  private readonly fillList: CoinbaseFill[] = [];
  private readonly listeners = new Set<(o: CoinbaseOrder) => void>();
  private tradeSeq = 9_000_000;

  constructor(
    private readonly market: CoinbaseMarket,
    readonly fees: FeeTier,
    private readonly now: () => number,
    initial: Readonly<Record<string, string>> = DEFAULT_BALANCES,
  ) {
    for (const [c, v] of Object.entries(initial)) this.balances.set(c, { available: Decimal.parse(v), hold: Decimal.ZERO });
  }

  on(listener: (o: CoinbaseOrder) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): readonly CoinbaseOrder[] {
    return this.orders;
  }

  fills(): readonly CoinbaseFill[] {
    return this.fillList;
  }

  get(id: string): CoinbaseOrder | null {
    return this.orders.find((o) => o.orderId === id) ?? null;
  }

  balance(currency: string): Balance {
    let b = this.balances.get(currency);
    if (!b) {
      b = { available: Decimal.ZERO, hold: Decimal.ZERO };
      this.balances.set(currency, b);
    }
    return b;
  }

  /** POST /orders: the new order (or, for a client_order_id already used, that order: Coinbase is idempotent on it). */
  create(body: Params): CoinbaseOrder {
    // The request is a protobuf message: a field it does not define is refused before anything else.
    for (const field of Object.keys(body)) {
      if (!CREATE_ORDER_FIELDS.has(field)) throw invalid(`proto: (line 1:${field.length}): unknown field "${field}"`);
    }
    const product = this.market.find(body.product_id);
    if (!product) throw invalid(`ProductID ${String(body.product_id)} is invalid`);
    const clientOrderId = typeof body.client_order_id === 'string' && body.client_order_id !== '' ? body.client_order_id : null;
    if (!clientOrderId) throw invalid('client_order_id is required');
    const same = this.orders.find((o) => o.clientOrderId === clientOrderId);
    if (same) return same;
    if (body.side !== 'BUY' && body.side !== 'SELL') throw invalid('side must be BUY or SELL');
    const config = body.order_configuration as Record<string, Record<string, unknown>> | undefined;
    const kind = config && typeof config === 'object' ? Object.keys(config)[0] : undefined;
    const c = kind ? config![kind] : undefined;
    if (!kind || !c || typeof c !== 'object') throw invalid('order_configuration is required');
    if (!['market_market_ioc', 'limit_limit_gtc', 'sor_limit_ioc'].includes(kind)) throw new OrderRefused('UNSUPPORTED_ORDER_CONFIGURATION', `${kind} is not supported by this account`, 'PREVIEW_INVALID_ORDER_CONFIG');
    const market = kind === 'market_market_ioc';
    const baseSize = c.base_size === undefined ? null : decimalParam(c.base_size, 'base_size');
    const quoteSize = c.quote_size === undefined ? null : decimalParam(c.quote_size, 'quote_size');
    if ((baseSize === null) === (quoteSize === null) || (!market && baseSize === null)) throw invalid('exactly one of base_size and quote_size is required');
    const limitPrice = market ? null : decimalParam(c.limit_price, 'limit_price');
    if (baseSize && (!baseSize.isMultipleOf(product.baseIncrement) || baseSize.sign() <= 0)) throw new OrderRefused('INVALID_SIZE_PRECISION', 'Too many decimals in order amount', 'PREVIEW_INVALID_SIZE_PRECISION');
    if (baseSize && baseSize.lt(product.baseMin)) throw new OrderRefused('INVALID_BASE_SIZE_TOO_SMALL', 'Order size is too small', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL');
    if (limitPrice && (!limitPrice.isMultipleOf(product.priceIncrement) || limitPrice.sign() <= 0)) throw new OrderRefused('INVALID_LIMIT_PRICE_PRECISION', 'Too many decimals in order price', 'PREVIEW_INVALID_LIMIT_PRICE_PRECISION');
    const t = this.market.tick(product);
    const side = body.side;
    const postOnly = c.post_only === true;
    if (postOnly && limitPrice && (side === 'BUY' ? limitPrice.gte(t.ask) : limitPrice.lte(t.bid))) {
      throw new OrderRefused('INVALID_LIMIT_PRICE_POST_ONLY', 'Limit price too aggressive: the order would take liquidity', 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY');
    }
    // What the order needs held: quote for a buy (at its price or the ask, with the taker fee), base for a sell.
    const taker = Decimal.parse(this.fees.taker);
    const refPrice = limitPrice ?? t.ask;
    const need = side === 'BUY' ? (quoteSize ?? baseSize!.mul(refPrice).mul(Decimal.ONE.add(taker))) : (baseSize ?? quoteSize!.div(t.bid, 8, 'up'));
    const funds = this.balance(side === 'BUY' ? product.quote : product.base);
    if (funds.available.lt(need)) throw new OrderRefused('INSUFFICIENT_FUND', 'Insufficient balance in source account', 'PREVIEW_INSUFFICIENT_FUND');
    if ((quoteSize ?? baseSize!.mul(refPrice)).lt(product.quoteMin)) throw new OrderRefused('INVALID_QUOTE_SIZE_TOO_SMALL', 'Order value is too small', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL');
    funds.available = funds.available.sub(need);
    funds.hold = funds.hold.add(need);
    const o: CoinbaseOrder = {
      orderId: randomUUID(),
      clientOrderId,
      product,
      side,
      type: market ? 'MARKET' : 'LIMIT',
      configuration: { [kind]: c },
      baseSize,
      quoteSize,
      limitPrice,
      postOnly,
      timeInForce: kind === 'limit_limit_gtc' ? 'GOOD_UNTIL_CANCELLED' : 'IMMEDIATE_OR_CANCEL',
      createdAt: this.now(),
      status: 'OPEN',
      filled: Decimal.ZERO,
      filledValue: Decimal.ZERO,
      fees: Decimal.ZERO,
      hold: need,
      lastFillAt: null,
    };
    this.orders.push(o);
    this.emit(o);
    const crosses = limitPrice === null || (side === 'BUY' ? limitPrice.gte(t.ask) : limitPrice.lte(t.bid));
    if (crosses) this.take(o, t);
    if (o.timeInForce === 'IMMEDIATE_OR_CANCEL' && o.status === 'OPEN') this.finish(o, o.filled.sign() > 0 ? 'FILLED' : 'CANCELLED');
    return o;
  }

  /** A taker execution against the book's levels (then the last level's price for what is left). */
  private take(o: CoinbaseOrder, t: MarketTick): void {
    const levels = o.side === 'BUY' ? t.asks : t.bids;
    const best = o.side === 'BUY' ? t.ask : t.bid;
    let left = this.remaining(o, best);
    for (const [i, l] of (levels.length ? levels : [{ price: best, quantity: left }]).entries()) {
      if (left.sign() <= 0) break;
      if (o.limitPrice && (o.side === 'BUY' ? l.price.gt(o.limitPrice) : l.price.lt(o.limitPrice))) break;
      const last = i === levels.length - 1;
      const size = last ? left : left.min(l.quantity);
      this.fill(o, l.price, size, 'TAKER');
      left = this.remaining(o, l.price);
    }
  }

  /** Base still to fill (a quote-sized market buy: what its quote buys at `price`). */
  private remaining(o: CoinbaseOrder, price: Decimal): Decimal {
    if (o.baseSize) return o.baseSize.sub(o.filled);
    const quoteLeft = o.quoteSize!.sub(o.filledValue).sub(o.fees);
    return quoteLeft.div(price.mul(Decimal.ONE.add(Decimal.parse(this.fees.taker))), 8, 'floor');
  }

  private fill(o: CoinbaseOrder, price: Decimal, size: Decimal, liquidity: 'MAKER' | 'TAKER'): void {
    if (size.sign() <= 0) return;
    const rate = Decimal.parse(liquidity === 'MAKER' ? this.fees.maker : this.fees.taker);
    const value = price.mul(size);
    const commission = value.mul(rate).normalize();
    const base = this.balance(o.product.base);
    const quote = this.balance(o.product.quote);
    if (o.side === 'BUY') {
      const cost = value.add(commission);
      const fromHold = cost.min(o.hold);
      o.hold = o.hold.sub(fromHold);
      quote.hold = quote.hold.sub(fromHold);
      quote.available = quote.available.sub(cost.sub(fromHold));
      base.available = base.available.add(size);
    } else {
      o.hold = o.hold.sub(size);
      base.hold = base.hold.sub(size);
      quote.available = quote.available.add(value.sub(commission));
    }
    o.filled = o.filled.add(size);
    o.filledValue = o.filledValue.add(value);
    o.fees = o.fees.add(commission);
    o.lastFillAt = this.now();
    this.fillList.push({ entryId: randomUUID(), tradeId: String(++this.tradeSeq), order: o, price, size, commission, liquidity, time: this.now() });
    const done = o.baseSize ? o.filled.gte(o.baseSize) : this.remaining(o, price).sign() <= 0;
    if (done) this.finish(o, 'FILLED');
    else this.emit(o);
  }

  /** Final: what is still held goes back to available. */
  private finish(o: CoinbaseOrder, status: OrderStatus): void {
    const held = this.balance(o.side === 'BUY' ? o.product.quote : o.product.base);
    held.hold = held.hold.sub(o.hold);
    held.available = held.available.add(o.hold);
    o.hold = Decimal.ZERO;
    o.status = status;
    this.emit(o);
  }

  /** Each generator tick: resting limits the market traded through fill at their price as MAKER. */
  onTick(tick: MarketTick): void {
    for (const o of this.orders) {
      if (o.status !== 'OPEN' || o.type !== 'LIMIT' || o.product.symbol !== tick.symbol || !o.limitPrice) continue;
      const through = o.side === 'BUY' ? tick.last.lte(o.limitPrice) || tick.ask.lte(o.limitPrice) : tick.last.gte(o.limitPrice) || tick.bid.gte(o.limitPrice);
      if (through) this.fill(o, o.limitPrice, o.baseSize!.sub(o.filled), 'MAKER');
    }
  }

  /** POST /orders/batch_cancel: one result per id, `success: false` with the reason for what cannot be. */
  cancel(ids: readonly string[]): Record<string, unknown>[] {
    return ids.map((id) => {
      const o = this.get(id);
      if (!o) return { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: id };
      if (o.status !== 'OPEN') return { success: false, failure_reason: 'DUPLICATE_CANCEL_REQUEST', order_id: id };
      this.finish(o, 'CANCELLED');
      return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: id };
    });
  }

  private emit(o: CoinbaseOrder): void {
    for (const l of this.listeners) l(o);
  }
}
