import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Our client order id in the form a venue takes. Ours are up to 36 of letters, digits and `. _ : -`
 * (a bracket's exits add `-tp`, `-tp_2`): a venue's rule may be narrower (OKX's `clOrdId`: 1–32
 * letters and digits; Bybit's `orderLinkId`: 36 of letters, digits, `-` and `_`; Binance's
 * `newClientOrderId`: `^[.A-Z:/a-z0-9_-]{1,36}$`). An id that fits the venue's rule is sent as it
 * is; any other becomes `st` and 30 base-62 digits of its SHA-256 (32 letters and digits, which
 * every rule takes): the same id every time, so the order is found again by it after a restart,
 * and two of our ids never meet.
 */
export function fitClientId(rule: RegExp): (ours: string) => string {
  return (ours) => {
    if (rule.test(ours)) return ours;
    const digest = createHash('sha256').update(ours).digest();
    let out = 'st';
    for (let i = 0; i < 30; i++) out += ALPHABET[digest[i]! % 62];
    return out;
  };
}

/** The venues' documented rules for a client order id. */
export const CLIENT_ID_RULES = {
  okx: /^[A-Za-z0-9]{1,32}$/,
  bybit: /^[A-Za-z0-9_-]{1,36}$/,
  binance: /^[.A-Z:/a-z0-9_-]{1,36}$/,
} as const;

/**
 * Our client ids and the venue's form of them, both ways: ids go out encoded (`encode`), and the
 * venue's answers, listings and stream name our orders by our own ids again (`decode`). One per
 * adapter, so every TradingVenue it hands out reads the same pairs; after a restart the open
 * orders' ids are encoded again when the live venue asks about them, which is all decode needs.
 */
export class ClientIdCodec {
  private readonly ours = new Map<string, string>();

  constructor(
    private readonly toWire: (ours: string) => string,
    /** Pairs kept (the oldest are dropped first): far more than the orders open at once. */
    private readonly keep = 50_000,
  ) {}

  encode(ours: string): string {
    const wire = this.toWire(ours);
    if (wire !== ours && !this.ours.has(wire)) {
      this.ours.set(wire, ours);
      if (this.ours.size > this.keep) this.ours.delete(this.ours.keys().next().value!);
    }
    return wire;
  }

  decode(wire: string): string {
    return this.ours.get(wire) ?? wire;
  }
}
