import { Decimal } from '../../domain/decimal.js';
import type { Order } from '../../domain/order.js';
import type { VenueAction } from '../../domain/venue-action.js';
import type { VenueOrder, VenueTrade } from '../../engine/ports.js';

/** How much of an order's exchange fills is booked locally, and from which exchange trades. */
export interface BookedFills {
  readonly quantity: Decimal;
  /** Σ price × quantity of what is booked (the order's cumQuote). */
  readonly notional: Decimal;
  /**
   * Exchange trades booked by this run. Empty after a restart: what is booked is then the list's
   * oldest trades up to `quantity` (fills are always booked whole and in order).
   */
  readonly tradeIds: ReadonlySet<string>;
  /**
   * Once part of the order was booked at an average price (its trades could not be read), later
   * fills are too: the trade list could no longer be matched to what is booked.
   */
  readonly approximate: boolean;
}

/** What an order has booked so far, as the ledger has it (at acceptance, or restored after a restart). */
export const bookedOf = (order: Order): BookedFills => ({ quantity: order.filledQuantity, notional: order.cumQuote, tradeIds: new Set(), approximate: false });

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
  const rest = trades ? unbooked(trades, booked) : null;
  if (rest) {
    const fresh = rest.fresh;
    // The trades booked before a restart, found by quantity, are known by their ids from now on.
    const ids = new Set([...booked.tradeIds, ...rest.prior]);
    const fills: VenueAction[] = [];
    let quantity = booked.quantity;
    let notional = booked.notional;
    for (const t of fresh) {
      if (quantity.add(t.quantity).gt(v.filledQuantity)) break;
      ids.add(t.id);
      quantity = quantity.add(t.quantity);
      notional = notional.add(t.price.mul(t.quantity));
      const fee = t.fee !== null && quote !== null && t.feeAsset === quote ? t.fee : undefined;
      fills.push({ kind: 'fill', orderId: order.id, price: t.price, quantity: t.quantity, liquidity: t.liquidity ?? defaultLiquidity, ...(fee ? { fee } : {}) });
    }
    if (quantity.eq(v.filledQuantity)) return { fills, booked: { quantity, notional, tradeIds: ids, approximate: false } };
  }
  if (!v.avgPrice) return { fills: [], booked };
  // The new part's own average: the order's total over all its fills less what is booked already.
  const delta = v.filledQuantity.sub(booked.quantity);
  const total = v.avgPrice.mul(v.filledQuantity);
  const own = total.sub(booked.notional).div(delta, v.avgPrice.scale + 4);
  const price = own.sign() > 0 ? own : v.avgPrice;
  return {
    fills: [{ kind: 'fill', orderId: order.id, price, quantity: delta, liquidity: defaultLiquidity }],
    booked: { quantity: v.filledQuantity, notional: total, tradeIds: booked.tradeIds, approximate: true },
  };
}

/**
 * The trades not booked yet: by id in this run; after a restart, those past the booked quantity's
 * prefix, with the prefix's ids (`prior`: booked before the restart). Null: no exact prefix.
 */
function unbooked(trades: readonly VenueTrade[], booked: BookedFills): { fresh: VenueTrade[]; prior: string[] } | null {
  if (booked.tradeIds.size > 0 || booked.quantity.isZero()) return { fresh: trades.filter((t) => !booked.tradeIds.has(t.id)), prior: [] };
  let sum = Decimal.ZERO;
  for (let i = 0; i < trades.length; i++) {
    sum = sum.add(trades[i]!.quantity);
    if (sum.eq(booked.quantity)) return { fresh: trades.slice(i + 1), prior: trades.slice(0, i + 1).map((t) => t.id) };
    if (sum.gt(booked.quantity)) return null;
  }
  return null;
}
