import { Decimal } from '../../domain/decimal.js';
import type { Order } from '../../domain/order.js';
import type { VenueAction } from '../../domain/venue-action.js';
import type { VenueOrder, VenueTrade } from '../../engine/ports.js';

/** How much of an order's exchange fills is booked locally, and from which exchange trades. */
export interface BookedFills {
  readonly quantity: Decimal;
  readonly tradeIds: ReadonlySet<string>;
  /**
   * Once part of the order was booked at the order's average price (its trades could not be read),
   * later fills are too: the trade list could no longer be matched to what is booked.
   */
  readonly approximate: boolean;
}

export interface TradeFillsInput {
  readonly order: Order;
  readonly venueOrder: VenueOrder;
  readonly booked: BookedFills;
  /** The order's trades on the venue, oldest first; null when the venue cannot list them. */
  readonly trades: () => Promise<VenueTrade[] | null>;
  /** The symbol's quote asset: a fee charged in it is booked as charged, else the instrument's rate applies. */
  readonly quote: string | null;
  readonly attempts?: number;
  readonly retryMs?: number;
}

const sum = (ts: readonly VenueTrade[]): Decimal => ts.reduce((a, t) => a.add(t.quantity), Decimal.ZERO);

/**
 * The new fills of a live order, from the exchange's own trade list: each execution at its own
 * price with the fee the exchange charged. The list can lag the order's status, so it is read again
 * a few times until it covers the filled quantity; after that the rest is booked at the order's
 * average price with the instrument's fee rate, and said so by `approximate`.
 */
export async function fillsFromTrades(input: TradeFillsInput): Promise<{ fills: VenueAction[]; booked: BookedFills }> {
  const { order, venueOrder: v, booked, quote } = input;
  const attempts = input.attempts ?? 3;
  let trades: VenueTrade[] | null = null;
  for (let i = 0; i < attempts && !booked.approximate; i++) {
    try {
      const list = await input.trades();
      if (list === null) break;
      if (sum(list).gte(v.filledQuantity)) {
        trades = list;
        break;
      }
    } catch {
      // Retried; the order's own average is the fallback.
    }
    if (i + 1 < attempts) await new Promise((r) => setTimeout(r, input.retryMs ?? 150));
  }
  const defaultLiquidity = order.type === 'LIMIT' ? 'MAKER' : 'TAKER';
  if (trades) {
    const fresh = trades.filter((t) => !booked.tradeIds.has(t.id));
    const ids = new Set(booked.tradeIds);
    const fills: VenueAction[] = [];
    let quantity = booked.quantity;
    for (const t of fresh) {
      if (quantity.add(t.quantity).gt(v.filledQuantity)) break;
      ids.add(t.id);
      quantity = quantity.add(t.quantity);
      const fee = t.fee !== null && quote !== null && t.feeAsset === quote ? t.fee : undefined;
      fills.push({ kind: 'fill', orderId: order.id, price: t.price, quantity: t.quantity, liquidity: t.liquidity ?? defaultLiquidity, ...(fee ? { fee } : {}) });
    }
    if (quantity.eq(v.filledQuantity)) return { fills, booked: { quantity, tradeIds: ids, approximate: false } };
  }
  const delta = v.filledQuantity.sub(booked.quantity);
  if (!v.avgPrice) return { fills: [], booked };
  return {
    fills: [{ kind: 'fill', orderId: order.id, price: v.avgPrice, quantity: delta, liquidity: defaultLiquidity }],
    booked: { quantity: v.filledQuantity, tradeIds: booked.tradeIds, approximate: true },
  };
}
