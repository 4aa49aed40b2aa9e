import type { Side } from '../domain/ids.js';
import type { OrderType } from '../domain/order.js';
import type { Match, OrderBook } from './order-book.js';

/** A price level of the market's depth in ticks and lots, best first. Mutable: takers consume it. */
export interface DepthLevel {
  price: number;
  quantity: number;
}

export interface TakerFill {
  readonly price: number;
  readonly quantity: number;
}

/**
 * Limit fill model for resting orders: `through` fills only when the market trades strictly through
 * the price (conservative, queue position unknown); `touch` also fills at the price itself, up to the
 * size of the trade printed there.
 */
export type FillModel = 'through' | 'touch';

/**
 * A taker on `side` walks the depth (asks for a BUY) best-first up to `quantity`, at prices no
 * worse than `limit`. Consumes the levels it takes from; returns the fills and what is left.
 */
export function walkDepth(
  levels: DepthLevel[],
  side: Side,
  quantity: number,
  limit: number | null,
): { fills: TakerFill[]; remaining: number } {
  const fills: TakerFill[] = [];
  let left = quantity;
  for (const level of levels) {
    if (left === 0) break;
    if (level.quantity === 0) continue;
    if (limit !== null && (side === 'BUY' ? level.price > limit : level.price < limit)) break;
    const q = Math.min(level.quantity, left);
    level.quantity -= q;
    left -= q;
    fills.push({ price: level.price, quantity: q });
  }
  return { fills, remaining: left };
}

/** The worst price a market order may reach: `capBps` basis points beyond the touch. */
export function slippageLimit(side: Side, touch: number, capBps: number): number {
  const span = Math.floor((touch * capBps) / 10_000);
  return side === 'BUY' ? touch + span : Math.max(1, touch - span);
}

/** Does a stop / take-profit trigger at last price `last` (all in ticks)? */
export function triggers(type: OrderType, side: Side, stop: number, last: number): boolean {
  if (type === 'STOP_MARKET') return side === 'BUY' ? last >= stop : last <= stop;
  if (type === 'TAKE_PROFIT_MARKET') return side === 'BUY' ? last <= stop : last >= stop;
  return false;
}

/** Would a limit order at `price` take liquidity now? */
export function crosses(side: Side, price: number, bestBid: number | null, bestAsk: number | null): boolean {
  return side === 'BUY' ? bestAsk !== null && price >= bestAsk : bestBid !== null && price <= bestBid;
}

/**
 * Resting orders that a market trade at `price` of `quantity` lots fills, price-time priority.
 * A sell trade fills bids above it (and at it, up to its size, under `touch`); a buy trade, asks.
 */
export function fillsOnTrade(book: OrderBook, price: number, quantity: number, model: FillModel): Match[] {
  const matches: Match[] = [];
  // Everything strictly through the trade: the taker side that consumes bids is SELL.
  matches.push(...book.take('SELL', Number.MAX_SAFE_INTEGER, price + 1));
  matches.push(...book.take('BUY', Number.MAX_SAFE_INTEGER, price - 1));
  if (model === 'touch' && quantity > 0) {
    const bids = book.take('SELL', quantity, price);
    const asks = book.take('BUY', quantity, price);
    matches.push(...bids, ...asks);
  }
  return matches;
}
