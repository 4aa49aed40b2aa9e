/**
 * The fake Coinbase's REST routes under `/api/v3/brokerage` (the documented Advanced Trade paths):
 * public market data under `/market/...` and `/time`, and behind the JWT the same data, accounts,
 * the fee tier, orders (create, batch_cancel, historical/{id}, historical/batch, historical/fills).
 */
import { Decimal } from '../../src/domain/decimal.js';
import { accountJson, fillJson, orderJson, transactionSummary } from './coinbase-json.js';
import type { CoinbaseMarket } from './coinbase-market.js';
import type { CoinbaseOrders, OrderStatus } from './coinbase-orders.js';
import { OrderRefused, notFound, type Params } from './coinbase-wire.js';

/** A request as a route reads it: the path's id, the query (repeated keys as lists) and the JSON body. */
export interface RouteRequest {
  readonly id: string | null;
  readonly query: URLSearchParams;
  readonly body: Params;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly signed: boolean;
  readonly handle: (r: RouteRequest) => Record<string, unknown>;
}

const B = '/api/v3/brokerage';
const ID = '([^/]+)';
const path = (p: string) => new RegExp(`^${B}${p}$`);
const listOf = (q: URLSearchParams, ...keys: string[]) => keys.flatMap((k) => q.getAll(k)).flatMap((v) => v.split(','));

export function coinbaseRoutes(market: CoinbaseMarket, orders: CoinbaseOrders, now: () => number): Route[] {
  const params = (q: URLSearchParams): Params => Object.fromEntries(q);
  const time = () => ({ iso: new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'), epochSeconds: String(Math.floor(now() / 1000)), epochMillis: String(now()) });
  const productRoutes = (prefix: string, signed: boolean): Route[] => [
    { method: 'GET', pattern: path(`${prefix}/products`), signed, handle: (r) => market.products(params(r.query)) },
    { method: 'GET', pattern: path(`${prefix}/products/${ID}`), signed, handle: (r) => market.productJson(market.product(r.id)) },
    { method: 'GET', pattern: path(`${prefix}/products/${ID}/ticker`), signed, handle: (r) => market.ticker(market.product(r.id), Number(r.query.get('limit') ?? 1)) },
    { method: 'GET', pattern: path(`${prefix}/products/${ID}/candles`), signed, handle: (r) => market.candles(market.product(r.id), params(r.query)) },
    { method: 'GET', pattern: path(`${prefix}/product_book`), signed, handle: (r) => market.book(market.product(r.query.get('product_id')), Number(r.query.get('limit') ?? 0)) },
  ];

  const createOrder = (r: RouteRequest): Record<string, unknown> => {
    const config = r.body.order_configuration ?? {};
    try {
      const o = orders.create(r.body);
      return {
        success: true,
        success_response: { order_id: o.orderId, product_id: o.product.id, side: o.side, client_order_id: o.clientOrderId },
        order_configuration: o.configuration,
      };
    } catch (e) {
      if (!(e instanceof OrderRefused)) throw e;
      return {
        success: false,
        failure_reason: 'UNKNOWN_FAILURE_REASON',
        order_id: '',
        error_response: { error: e.error, message: e.message, error_details: e.message, preview_failure_reason: e.previewFailureReason },
        order_configuration: config,
      };
    }
  };

  const listOrders = (r: RouteRequest): Record<string, unknown> => {
    const statuses = new Set(listOf(r.query, 'order_status') as OrderStatus[]);
    const products = new Set(listOf(r.query, 'product_id', 'product_ids'));
    const since = r.query.get('start_date') ? Date.parse(r.query.get('start_date')!) : null;
    const limit = Math.max(1, Math.min(Number(r.query.get('limit') ?? 100) || 100, 1000));
    const list = [...orders.all()]
      .filter((o) => (statuses.size === 0 || statuses.has(o.status)) && (products.size === 0 || products.has(o.product.id)) && (since === null || o.createdAt >= since))
      .reverse()
      .slice(0, limit);
    return { orders: list.map(orderJson), sequence: '0', has_next: false, cursor: '' };
  };

  const listFills = (r: RouteRequest): Record<string, unknown> => {
    const ids = new Set(listOf(r.query, 'order_id', 'order_ids'));
    const products = new Set(listOf(r.query, 'product_id', 'product_ids'));
    const limit = Math.max(1, Math.min(Number(r.query.get('limit') ?? 100) || 100, 1000));
    const list = [...orders.fills()]
      .filter((f) => (ids.size === 0 || ids.has(f.order.orderId)) && (products.size === 0 || products.has(f.order.product.id)))
      .reverse()
      .slice(0, limit);
    return { fills: list.map(fillJson), cursor: '' };
  };

  const summary = () => {
    const volume = orders.fills().reduce((s, f) => s.add(f.price.mul(f.size)), Decimal.ZERO);
    const paid = orders.fills().reduce((s, f) => s.add(f.commission), Decimal.ZERO);
    return transactionSummary(orders.fees, volume, paid);
  };

  return [
    { method: 'GET', pattern: path('/time'), signed: false, handle: time },
    ...productRoutes('/market', false),
    ...productRoutes('', true),
    { method: 'GET', pattern: path('/best_bid_ask'), signed: true, handle: (r) => market.bestBidAsk(listOf(r.query, 'product_ids')) },
    {
      method: 'GET',
      pattern: path('/accounts'),
      signed: true,
      handle: () => {
        const list = [...orders.balances.entries()].map(([c, b]) => accountJson(c, b));
        return { accounts: list, has_next: false, cursor: '', size: list.length };
      },
    },
    { method: 'GET', pattern: path('/transaction_summary'), signed: true, handle: summary },
    { method: 'POST', pattern: path('/orders'), signed: true, handle: createOrder },
    {
      method: 'POST',
      pattern: path('/orders/batch_cancel'),
      signed: true,
      handle: (r) => ({ results: orders.cancel(Array.isArray(r.body.order_ids) ? r.body.order_ids.map(String) : []) }),
    },
    { method: 'GET', pattern: path('/orders/historical/batch'), signed: true, handle: listOrders },
    { method: 'GET', pattern: path('/orders/historical/fills'), signed: true, handle: listFills },
    {
      method: 'GET',
      pattern: path(`/orders/historical/${ID}`),
      signed: true,
      handle: (r) => {
        const o = r.id ? orders.get(r.id) : null;
        if (!o) throw notFound('order with this orderID was not found');
        return { order: orderJson(o) };
      },
    },
  ];
}

/** The route of a request (fixed paths before `{id}` ones), with its id. */
export function findRoute(routes: readonly Route[], method: string, p: string): { route: Route; id: string | null } | null {
  let best: { route: Route; id: string | null } | null = null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(p);
    if (!m) continue;
    const id = m[1] ? decodeURIComponent(m[1]) : null;
    if (id === null) return { route, id };
    best ??= { route, id };
  }
  return best;
}

