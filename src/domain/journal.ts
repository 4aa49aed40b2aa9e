import { Decimal } from './decimal.js';
import type { Fill } from './fill.js';
import type { OrderId, PositionId, TradingMode } from './ids.js';
import type { Order } from './order.js';
import type { Position } from './position.js';

/** Best and worst of a position while it was open (see engine/excursion-tracker.ts). */
export interface Excursion {
  readonly positionId: PositionId;
  /** The most favourable and the most adverse price seen (highest / lowest mark for a long). */
  readonly bestPrice: Decimal;
  readonly worstPrice: Decimal;
  /** The highest (≥ 0) and the lowest (≤ 0) open PnL, quantity × mark − cost, before fees. */
  readonly mfe: Decimal;
  readonly mae: Decimal;
  readonly updatedAt: number;
}

/** One closed trade: a position from flat (or a flip) back to flat (or the next flip). */
export interface JournalTrade {
  /** The position's id: stable for the life of the ledger. */
  readonly tradeId: PositionId;
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: 'LONG' | 'SHORT';
  readonly entryTime: number;
  readonly exitTime: number;
  readonly durationMs: number;
  readonly avgEntryPrice: Decimal;
  readonly avgExitPrice: Decimal;
  /** Σ of what was bought (long) / sold (short) to build it, and the largest size held at once. */
  readonly entryQuantity: Decimal;
  readonly maxSize: Decimal;
  readonly grossPnl: Decimal;
  readonly fees: Decimal;
  readonly netPnl: Decimal;
  /** The stop set at entry (see `stopAtEntry`), its planned risk in quote, and net PnL ÷ that risk. */
  readonly stopPrice: Decimal | null;
  readonly plannedRisk: Decimal | null;
  readonly rMultiple: Decimal | null;
  readonly excursion: Excursion | null;
  /** Of the excursion, in price: how far the worst / best price went from the average entry (adverse / favourable > 0). */
  readonly maePrice: Decimal | null;
  readonly mfePrice: Decimal | null;
  readonly fillCount: number;
}

export interface JournalInput {
  /** Positions to journal; those still open are skipped (a trade is an entry once closed). */
  readonly positions: readonly Position[];
  /**
   * Every fill of these positions' (mode, exchange, symbol), oldest first, including the one that
   * flipped into a position (it is recorded on the position it closed).
   */
  readonly fills: readonly Fill[];
  /** The orders of those fills and every reduce-only stop of these symbols. */
  readonly orders: ReadonlyMap<OrderId, Order>;
  readonly excursions: ReadonlyMap<PositionId, Excursion>;
  /** Digits of the average prices and the R-multiple (default 8). */
  readonly scale?: number;
}

/** mode|exchange|symbol, the last one built kept (a journal's fills mostly share one: no text built per fill). */
let last = { mode: '', exchange: '', symbol: '', key: '||' };
const keyOf = (x: { mode: string; exchange: string; symbol: string }): string => {
  if (x.mode !== last.mode || x.exchange !== last.exchange || x.symbol !== last.symbol) {
    last = { mode: x.mode, exchange: x.exchange, symbol: x.symbol, key: `${x.mode}|${x.exchange}|${x.symbol}` };
  }
  return last.key;
};

/**
 * The stop set at entry: the stop_loss of the bracket of the order that opened the position; else
 * the first reduce-only STOP_MARKET on the closing side placed while it was open. Moving or
 * canceling it later does not change it: R measures against the risk planned at entry.
 */
export function stopAtEntry(p: Position, opening: Order | null, orders: Iterable<Order>): Decimal | null {
  if (opening?.bracket?.stopLoss) return opening.bracket.stopLoss;
  const closingSide = p.openSide === 'LONG' ? 'SELL' : 'BUY';
  let first: Order | null = null;
  for (const o of orders) {
    if (o.type !== 'STOP_MARKET' || !o.reduceOnly || o.stopPrice === null || o.side !== closingSide) continue;
    if (o.createdAt < p.openedAt || (p.closedAt !== null && o.createdAt > p.closedAt) || keyOf(o) !== keyOf(p)) continue;
    if (!first || Number(o.id) < Number(first.id)) first = o;
  }
  return first?.stopPrice ?? null;
}

const isStop = (o: Order): boolean => o.type === 'STOP_MARKET' && o.reduceOnly;

function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** Closed positions → journal trades, oldest exit first. */
export function journalTrades(input: JournalInput): JournalTrade[] {
  const scale = input.scale ?? 8;
  // Each position's own fills, and the fill of its (mode, exchange, symbol) just before its first one
  // (the flip that opened it, when it was opened by one): one pass over the fills, key by key.
  const byPosition = new Map<PositionId, { readonly own: Fill[]; readonly before: Fill | null }>();
  for (const list of groupBy(input.fills, keyOf).values()) {
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      const group = byPosition.get(f.positionId);
      if (group) group.own.push(f);
      else byPosition.set(f.positionId, { own: [f], before: i > 0 ? list[i - 1]! : null });
    }
  }
  // The stops by key, and whether any order carries a bracket's stop-loss (else no opening order need be looked up).
  const stopList: Order[] = [];
  let bracketStops = false;
  for (const o of input.orders.values()) {
    if (isStop(o)) stopList.push(o);
    if (o.bracket?.stopLoss) bracketStops = true;
  }
  const stops = groupBy(stopList, keyOf);
  const trades: JournalTrade[] = [];
  for (const p of input.positions) {
    if (p.closedAt === null || !p.quantity.isZero()) continue;
    const group = byPosition.get(p.id);
    if (group === undefined) continue;
    const own = group.own;
    const long = p.openSide === 'LONG';
    const adds = (f: Fill): boolean => (f.side === 'BUY') === long;
    // A position opened by a flip starts with the flip's remainder, on a fill of the position before.
    let ownAdded = Decimal.ZERO;
    for (const f of own) if (adds(f)) ownAdded = ownAdded.add(f.quantity);
    const start = p.entryQuantity.sub(ownAdded);
    const openingFill = start.sign() > 0 ? group.before : own[0]!;
    let size = start;
    let maxSize = start;
    for (const f of own) {
      size = adds(f) ? size.add(f.quantity) : size.sub(f.quantity.min(size));
      maxSize = maxSize.max(size);
    }
    const opening = openingFill && bracketStops ? (input.orders.get(openingFill.orderId) ?? null) : null;
    const stopPrice = stopAtEntry(p, opening, stops.size === 0 ? [] : (stops.get(keyOf(p)) ?? []));
    const avgEntryPrice = p.entryValue.div(p.entryQuantity, scale);
    const avgExitPrice = p.exitValue.div(p.exitQuantity, scale);
    const netPnl = p.realizedPnl.sub(p.feesPaid);
    // |avg entry − stop| × entry quantity, signed so that a stop at or beyond entry risks nothing.
    const risk = stopPrice === null ? null : long ? p.entryValue.sub(stopPrice.mul(p.entryQuantity)) : stopPrice.mul(p.entryQuantity).sub(p.entryValue);
    const plannedRisk = risk !== null && risk.sign() > 0 ? risk : null;
    const ex = input.excursions.get(p.id) ?? null;
    trades.push({
      tradeId: p.id,
      mode: p.mode,
      exchange: p.exchange,
      symbol: p.symbol,
      side: p.openSide,
      entryTime: p.openedAt,
      exitTime: p.closedAt,
      durationMs: p.closedAt - p.openedAt,
      avgEntryPrice,
      avgExitPrice,
      entryQuantity: p.entryQuantity,
      maxSize,
      grossPnl: p.realizedPnl,
      fees: p.feesPaid,
      netPnl,
      stopPrice,
      plannedRisk,
      rMultiple: plannedRisk ? netPnl.div(plannedRisk, scale) : null,
      excursion: ex,
      maePrice: ex ? (long ? avgEntryPrice.sub(ex.worstPrice) : ex.worstPrice.sub(avgEntryPrice)) : null,
      mfePrice: ex ? (long ? ex.bestPrice.sub(avgEntryPrice) : avgEntryPrice.sub(ex.bestPrice)) : null,
      fillCount: own.length + (openingFill && openingFill.positionId !== p.id ? 1 : 0),
    });
  }
  return trades.sort((a, b) => a.exitTime - b.exitTime || Number(a.tradeId) - Number(b.tradeId));
}
