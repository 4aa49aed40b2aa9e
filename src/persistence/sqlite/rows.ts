import { Decimal } from '../../domain/decimal.js';
import type { DomainEvent } from '../../domain/events.js';
import type { Fill, Liquidity } from '../../domain/fill.js';
import { clientOrderId, fillId, orderId, positionId, type Side, type TradingMode } from '../../domain/ids.js';
import type { Order, OrderStatus, OrderType, TimeInForce } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';

/** Row ⇄ domain mapping. Decimals travel as exact TEXT; nothing passes through a float. */
const d = (s: string): Decimal => Decimal.parse(s);
const dn = (s: string | null): Decimal | null => (s === null ? null : Decimal.parse(s));
const t = (v: Decimal | null | undefined): string | null => (v == null ? null : v.toString());

export interface OrderRow {
  id: number;
  client_order_id: string;
  mode: string;
  exchange: string;
  symbol: string;
  side: string;
  type: string;
  time_in_force: string;
  quantity: string;
  price: string | null;
  stop_price: string | null;
  reduce_only: number;
  take_profit: string | null;
  stop_loss: string | null;
  has_bracket: number;
  parent_id: number | null;
  status: string;
  filled_quantity: string;
  cum_quote: string;
  triggered: number;
  reject_code: string | null;
  reject_reason: string | null;
  created_at: number;
  updated_at: number;
}

export function orderToRow(o: Order): OrderRow {
  return {
    id: Number(o.id),
    client_order_id: o.clientOrderId,
    mode: o.mode,
    exchange: o.exchange,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    time_in_force: o.timeInForce,
    quantity: o.quantity.toString(),
    price: t(o.price),
    stop_price: t(o.stopPrice),
    reduce_only: o.reduceOnly ? 1 : 0,
    take_profit: t(o.bracket?.takeProfit),
    stop_loss: t(o.bracket?.stopLoss),
    has_bracket: o.bracket ? 1 : 0,
    parent_id: o.parentId === null ? null : Number(o.parentId),
    status: o.status,
    filled_quantity: o.filledQuantity.toString(),
    cum_quote: o.cumQuote.toString(),
    triggered: o.triggered ? 1 : 0,
    reject_code: o.rejectCode,
    reject_reason: o.rejectReason,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export function rowToOrder(r: OrderRow): Order {
  return {
    id: orderId(String(r.id)),
    clientOrderId: clientOrderId(r.client_order_id),
    mode: r.mode as TradingMode,
    exchange: r.exchange,
    symbol: r.symbol,
    side: r.side as Side,
    type: r.type as OrderType,
    timeInForce: r.time_in_force as TimeInForce,
    quantity: d(r.quantity),
    price: dn(r.price),
    stopPrice: dn(r.stop_price),
    reduceOnly: r.reduce_only === 1,
    bracket: r.has_bracket ? { takeProfit: dn(r.take_profit), stopLoss: dn(r.stop_loss) } : null,
    parentId: r.parent_id === null ? null : orderId(String(r.parent_id)),
    status: r.status as OrderStatus,
    filledQuantity: d(r.filled_quantity),
    cumQuote: d(r.cum_quote),
    triggered: r.triggered === 1,
    rejectCode: r.reject_code,
    rejectReason: r.reject_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface FillRow {
  id: number;
  order_id: number;
  mode: string;
  exchange: string;
  symbol: string;
  side: string;
  price: string;
  quantity: string;
  fee: string;
  fee_asset: string;
  liquidity: string;
  realized_pnl: string;
  position_id: number;
  time: number;
}

export const fillToRow = (f: Fill): FillRow => ({
  id: Number(f.id),
  order_id: Number(f.orderId),
  mode: f.mode,
  exchange: f.exchange,
  symbol: f.symbol,
  side: f.side,
  price: f.price.toString(),
  quantity: f.quantity.toString(),
  fee: f.fee.toString(),
  fee_asset: f.feeAsset,
  liquidity: f.liquidity,
  realized_pnl: f.realizedPnl.toString(),
  position_id: Number(f.positionId),
  time: f.time,
});

export const rowToFill = (r: FillRow): Fill => ({
  id: fillId(String(r.id)),
  orderId: orderId(String(r.order_id)),
  mode: r.mode as TradingMode,
  exchange: r.exchange,
  symbol: r.symbol,
  side: r.side as Side,
  price: d(r.price),
  quantity: d(r.quantity),
  fee: d(r.fee),
  feeAsset: r.fee_asset,
  liquidity: r.liquidity as Liquidity,
  realizedPnl: d(r.realized_pnl),
  positionId: positionId(String(r.position_id)),
  time: r.time,
});

export interface PositionRow {
  id: number;
  mode: string;
  exchange: string;
  symbol: string;
  quantity: string;
  cost: string;
  realized_pnl: string;
  fees_paid: string;
  open_side: string;
  entry_quantity: string;
  entry_value: string;
  exit_quantity: string;
  exit_value: string;
  opened_at: number;
  updated_at: number;
  closed_at: number | null;
}

export const positionToRow = (p: Position): PositionRow => ({
  id: Number(p.id),
  mode: p.mode,
  exchange: p.exchange,
  symbol: p.symbol,
  quantity: p.quantity.toString(),
  cost: p.cost.toString(),
  realized_pnl: p.realizedPnl.toString(),
  fees_paid: p.feesPaid.toString(),
  open_side: p.openSide,
  entry_quantity: p.entryQuantity.toString(),
  entry_value: p.entryValue.toString(),
  exit_quantity: p.exitQuantity.toString(),
  exit_value: p.exitValue.toString(),
  opened_at: p.openedAt,
  updated_at: p.updatedAt,
  closed_at: p.closedAt,
});

export const rowToPosition = (r: PositionRow): Position => ({
  id: positionId(String(r.id)),
  mode: r.mode as TradingMode,
  exchange: r.exchange,
  symbol: r.symbol,
  quantity: d(r.quantity),
  cost: d(r.cost),
  realizedPnl: d(r.realized_pnl),
  feesPaid: d(r.fees_paid),
  openSide: r.open_side === 'SHORT' ? 'SHORT' : 'LONG',
  entryQuantity: d(r.entry_quantity),
  entryValue: d(r.entry_value),
  exitQuantity: d(r.exit_quantity),
  exitValue: d(r.exit_value),
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
});

/** An event as the journal keeps it: what happened and to which rows, not the rows themselves. */
export type JournalEntry = Record<string, string | number | null> & { type: DomainEvent['type']; time: number };

export function journalEntry(e: DomainEvent): JournalEntry {
  if (e.type === 'MarginWarning') {
    return { type: e.type, time: e.time, position_id: e.position.id, symbol: e.position.symbol, mark_price: e.mark.toString(), margin_ratio: e.marginRatio?.toString() ?? null };
  }
  if (e.type === 'FundingPaid') {
    const f = e.payment;
    return { type: e.type, time: e.time, position_id: f.positionId, symbol: f.symbol, rate: f.rate.toString(), mark_price: f.markPrice.toString(), quantity: f.quantity.toString(), amount: f.amount.toString() };
  }
  if (e.type === 'PositionChanged') {
    const p = e.position;
    return { type: e.type, time: e.time, position_id: p.id, quantity: p.quantity.toString(), realized_pnl: p.realizedPnl.toString(), closed_at: p.closedAt };
  }
  const o = e.order;
  const entry: JournalEntry = { type: e.type, time: e.time, order_id: o.id, status: o.status, filled_quantity: o.filledQuantity.toString() };
  if (e.type === 'PositionLiquidated') {
    entry.position_id = e.position.id;
    entry.liquidation_price = e.liquidationPrice.toString();
    entry.bankruptcy_price = e.bankruptcyPrice?.toString() ?? null;
  }
  if (e.type === 'OrderFilled' || e.type === 'PositionLiquidated') {
    entry.fill_id = e.fill.id;
    entry.price = e.fill.price.toString();
    entry.quantity = e.fill.quantity.toString();
    entry.fee = e.fill.fee.toString();
  }
  return entry;
}
