/**
 * The order queries of Bybit v5: `GET /v5/order/realtime` (open orders; by orderId/orderLinkId any
 * status; openOnly=1 the recent closed ones), `GET /v5/order/history` (closed orders) and
 * `GET /v5/execution/list` (fills). All newest first with cursor pagination.
 */
import type { BybitInstruments } from './bybit-instruments.js';
import { executionJson, isOpen, orderJson, type BybitOrder } from './bybit-order-json.js';
import type { BybitOrders } from './bybit-orders.js';
import { BybitError, RET, category, optInt, optStr, page, type Params } from './bybit-wire.js';

function newestFirst<T extends { readonly createdTime?: number }>(items: readonly T[]): T[] {
  return [...items].reverse();
}

function matchesCoinFilters(o: BybitOrder, p: Params): boolean {
  const symbol = optStr(p, 'symbol');
  const baseCoin = optStr(p, 'baseCoin');
  const settleCoin = optStr(p, 'settleCoin');
  if (symbol !== undefined && o.spec.symbol !== symbol) return false;
  if (baseCoin !== undefined && o.spec.base !== baseCoin) return false;
  if (settleCoin !== undefined && o.spec.quote !== settleCoin) return false;
  return true;
}

function matchesFilter(o: BybitOrder, filter: string | undefined): boolean {
  if (filter === undefined) return true;
  const conditional = o.triggerPrice !== null;
  if (filter === 'StopOrder') return conditional;
  if (filter === 'Order') return !conditional || o.status !== 'Untriggered';
  return false;
}

export function realtimeOrders(orders: BybitOrders, inst: BybitInstruments, p: Params): Record<string, unknown> {
  const cat = category(p);
  const orderId = optStr(p, 'orderId');
  const orderLinkId = optStr(p, 'orderLinkId');
  if (cat === 'linear' && orderId === undefined && orderLinkId === undefined && ['symbol', 'baseCoin', 'settleCoin'].every((k) => optStr(p, k) === undefined)) {
    throw new BybitError(RET.PARAMS, 'Missing some parameters that must be filled in, symbol or settleCoin or baseCoin');
  }
  let list: BybitOrder[];
  if (orderId !== undefined || orderLinkId !== undefined) {
    // openOnly is ignored when querying by orderId or orderLinkId.
    const o = orders.find(cat, orderId, orderLinkId);
    list = o && matchesCoinFilters(o, p) && orders.listed(o) ? [o] : [];
  } else {
    const openOnly = optInt(p, 'openOnly') ?? 0;
    const filter = optStr(p, 'orderFilter') ?? (cat === 'spot' ? 'Order' : undefined);
    list = newestFirst(orders.all()).filter(
      (o) => o.category === cat && (openOnly === 0 ? isOpen(o) : !isOpen(o)) && matchesCoinFilters(o, p) && matchesFilter(o, filter) && orders.listed(o),
    );
    if (openOnly !== 0) list = list.slice(0, 500);
  }
  const pg = page(list, p, 20, 50);
  return { category: cat, list: pg.list.map((o) => orderJson(inst, o)), nextPageCursor: pg.nextPageCursor };
}

export function orderHistory(orders: BybitOrders, inst: BybitInstruments, p: Params): Record<string, unknown> {
  const cat = category(p);
  const orderId = optStr(p, 'orderId');
  const orderLinkId = optStr(p, 'orderLinkId');
  const status = optStr(p, 'orderStatus');
  const filter = optStr(p, 'orderFilter');
  const start = optInt(p, 'startTime');
  const end = optInt(p, 'endTime');
  const list = newestFirst(orders.all()).filter(
    (o) =>
      o.category === cat &&
      orders.listed(o) &&
      (status === undefined ? !isOpen(o) : o.status === status) &&
      (orderId === undefined || o.orderId === orderId) &&
      (orderLinkId === undefined || o.orderLinkId === orderLinkId) &&
      matchesCoinFilters(o, p) &&
      matchesFilter(o, filter) &&
      (start === undefined || o.createdTime >= start) &&
      (end === undefined || o.createdTime <= end),
  );
  const pg = page(list, p, 20, 50);
  return { category: cat, list: pg.list.map((o) => orderJson(inst, o)), nextPageCursor: pg.nextPageCursor };
}

export function executionList(orders: BybitOrders, inst: BybitInstruments, p: Params): Record<string, unknown> {
  const cat = category(p);
  const symbol = optStr(p, 'symbol');
  const orderId = optStr(p, 'orderId');
  const orderLinkId = optStr(p, 'orderLinkId');
  const start = optInt(p, 'startTime');
  const end = optInt(p, 'endTime');
  const list = [...orders.executions()]
    .reverse()
    .filter(
      (e) =>
        e.category === cat &&
        (symbol === undefined || e.symbol === symbol) &&
        (orderId === undefined || e.order.orderId === orderId) &&
        (orderLinkId === undefined || e.order.orderLinkId === orderLinkId) &&
        (start === undefined || e.execTime >= start) &&
        (end === undefined || e.execTime <= end),
    );
  const pg = page(list, p, 50, 100);
  return { category: cat, list: pg.list.map((e) => executionJson(inst, e)), nextPageCursor: pg.nextPageCursor };
}
