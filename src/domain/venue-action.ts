import type { Decimal } from './decimal.js';
import type { Liquidity } from './fill.js';
import type { OrderId } from './ids.js';

/** What an execution venue (simulated or real) reports about an order. */
export type VenueAction =
  | { readonly kind: 'rest'; readonly orderId: OrderId }
  | { readonly kind: 'trigger'; readonly orderId: OrderId }
  | {
      readonly kind: 'fill';
      readonly orderId: OrderId;
      readonly price: Decimal;
      readonly quantity: Decimal;
      readonly liquidity: Liquidity;
      /** The fee the venue charged, in the quote asset; absent: the instrument's rate applies. */
      readonly fee?: Decimal;
    }
  | { readonly kind: 'expire'; readonly orderId: OrderId; readonly reason: string }
  /** The venue canceled it (on our request, or on its own). */
  | { readonly kind: 'canceled'; readonly orderId: OrderId }
  | { readonly kind: 'reject'; readonly orderId: OrderId; readonly code: string; readonly reason: string };
