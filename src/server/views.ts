import type { Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import { priceScale, type Instrument } from '../domain/instrument.js';
import { avgPrice, type Order } from '../domain/order.js';
import type { WatchEntry } from '../engine/watch-list-store.js';
import type { Kline } from '../sim/market/market-types.js';
import { averageEntry, averageExit, entryPrice, positionSide, unrealizedPnl, type Position, type PositionKey } from '../domain/position.js';

/** Domain → JSON. Exact values become JSON numbers only here, at the very edge. */
const num = (d: Decimal): number => d.toNumber();
const numOrNull = (d: Decimal | null | undefined): number | null => (d == null ? null : d.toNumber());
/** Averages are not on the tick grid; they keep the quote asset's precision. */
const AVG_SCALE = 8;

export const fillView = (f: Fill) => ({
  fill_id: f.id,
  order_id: f.orderId,
  side: f.side,
  price: num(f.price),
  quantity: num(f.quantity),
  fee: num(f.fee),
  fee_asset: f.feeAsset,
  liquidity: f.liquidity,
  realized_pnl: num(f.realizedPnl),
  time: f.time,
});

export const orderView = (o: Order, fills?: readonly Fill[]) => ({
  order_id: o.id,
  client_order_id: o.clientOrderId,
  mode: o.mode,
  exchange: o.exchange,
  symbol: o.symbol,
  side: o.side,
  type: o.type,
  status: o.status,
  time_in_force: o.timeInForce,
  quantity: num(o.quantity),
  filled_quantity: num(o.filledQuantity),
  avg_price: numOrNull(avgPrice(o, AVG_SCALE)),
  price: numOrNull(o.price),
  stop_price: numOrNull(o.stopPrice),
  reduce_only: o.reduceOnly,
  take_profit: numOrNull(o.bracket?.takeProfit),
  stop_loss: numOrNull(o.bracket?.stopLoss),
  parent_order_id: o.parentId,
  triggered: o.triggered,
  reject_reason: o.rejectReason,
  ...(fills ? { fills: fills.map(fillView) } : {}),
  created_at: o.createdAt,
  updated_at: o.updatedAt,
});

/**
 * An open position shows what is open now; a closed one (status "closed") keeps the side it had,
 * the quantity it was built to and its average entry and exit, for the journal.
 */
/** A perpetual position's margin figures, as the engine computes them (null for spot, live and closed positions). */
export interface PerpView {
  readonly leverage: Decimal;
  readonly marginMode: 'cross' | 'isolated';
  readonly initialMargin: Decimal;
  readonly maintenanceMargin: Decimal;
  readonly marginRatio: Decimal | null;
  readonly liquidationPrice: Decimal | null;
}

export function positionView(key: PositionKey, p: Position | null, mark: Decimal | null, inst: Instrument | null, perp: PerpView | null = null) {
  const scale = inst ? Math.max(priceScale(inst), AVG_SCALE) : AVG_SCALE;
  const moneyScale = inst?.quoteScale ?? 8;
  const closed = p !== null && p.closedAt !== null;
  return {
    position_id: p?.id ?? null,
    symbol: key.symbol,
    exchange: key.exchange,
    mode: key.mode,
    status: closed ? ('closed' as const) : ('open' as const),
    side: closed ? p.openSide : positionSide(p),
    quantity: !p ? 0 : closed ? num(p.entryQuantity) : num(p.quantity.abs()),
    entry_price: !p ? 0 : closed ? num(averageEntry(p, scale) ?? p.entryValue) : p.quantity.isZero() ? 0 : num(entryPrice(p, scale)),
    exit_price: p ? numOrNull(averageExit(p, scale)) : null,
    mark_price: numOrNull(mark),
    unrealized_pnl: p && p.closedAt === null ? num(unrealizedPnl(p, mark).rescale(moneyScale)) : 0,
    realized_pnl: p ? num(p.realizedPnl.rescale(moneyScale)) : 0,
    fees_paid: p ? num(p.feesPaid) : 0,
    opened_at: p?.openedAt ?? null,
    updated_at: p?.updatedAt ?? null,
    closed_at: p?.closedAt ?? null,
    leverage: perp ? num(perp.leverage) : null,
    margin_mode: perp?.marginMode ?? null,
    initial_margin: perp ? num(perp.initialMargin.rescale(moneyScale, 'up')) : null,
    maintenance_margin: perp ? num(perp.maintenanceMargin.rescale(moneyScale, 'up')) : null,
    margin_ratio: perp?.marginRatio ? num(perp.marginRatio) : null,
    liquidation_price: perp?.liquidationPrice ? num(perp.liquidationPrice.rescale(inst ? priceScale(inst) : 8, p && p.quantity.sign() > 0 ? 'floor' : 'ceil')) : null,
  };
}

export const watchEntryView = (e: WatchEntry) => ({ symbol: e.symbol, exchanges: [...e.exchanges], added_at: e.addedAt });

/** A quote of one exchange: best bid and ask, last trade, and when the exchange stamped it. */
export const quoteView = (q: { readonly bid: Decimal; readonly ask: Decimal; readonly last: Decimal; readonly time: number }) => ({
  bid: num(q.bid),
  ask: num(q.ask),
  last: num(q.last),
  timestamp: q.time,
});

/** A candle as the klines routes answer it (oldest first in their lists). */
export const klineView = (k: Kline) => ({
  open_time: k.openTime,
  open: k.open.toNumber(),
  high: k.high.toNumber(),
  low: k.low.toNumber(),
  close: k.close.toNumber(),
  volume: k.volume.toNumber(),
  close_time: k.closeTime,
});

/** The orders a cancel did not end, each with why (see notCanceledSchema). */
export const notCanceledView = (failed: readonly { order: Order; error: { code: string; message: string } }[]) =>
  failed.map(({ order, error }) => ({ order_id: order.id, client_order_id: order.clientOrderId, error: { code: error.code, message: error.message } }));
