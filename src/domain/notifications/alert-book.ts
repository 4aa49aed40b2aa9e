import type { Decimal } from '../decimal.js';

export type AlertDirection = 'above' | 'below';

export interface PriceAlert {
  readonly id: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly direction: AlertDirection;
  readonly price: Decimal;
  readonly repeat: boolean;
  /** How many times it fired (a repeating alert's n-th crossing is its own message). */
  readonly fired: number;
  /** False once fired: a once alert is done, a repeating one waits for the price to cross back. */
  readonly armed: boolean;
}

interface Side {
  /** Armed alerts, the next to fire last (above: price descending, below: ascending): a tick pops from the end. */
  armed: PriceAlert[];
  /** Repeating alerts that fired, waiting for the price to come back (re-armed on the other side). */
  waiting: PriceAlert[];
}

/**
 * Price alerts of one (exchange, symbol), evaluated on every tick in O(1) when nothing fires: the
 * nearest threshold of each direction is compared with the price, and only crossings cost more.
 */
export class AlertBook {
  private readonly above: Side = { armed: [], waiting: [] };
  private readonly below: Side = { armed: [], waiting: [] };

  constructor(alerts: readonly PriceAlert[] = []) {
    for (const a of alerts) this.add(a);
  }

  get size(): number {
    return this.above.armed.length + this.above.waiting.length + this.below.armed.length + this.below.waiting.length;
  }

  add(a: PriceAlert): void {
    const side = a.direction === 'above' ? this.above : this.below;
    if (a.armed) {
      side.armed.push(a);
      // above fires when price >= threshold: the lowest fires first, so it sits at the end.
      side.armed.sort((x, y) => (a.direction === 'above' ? y.price.cmp(x.price) : x.price.cmp(y.price)));
    } else if (a.repeat) side.waiting.push(a);
  }

  remove(id: number): void {
    for (const side of [this.above, this.below]) {
      side.armed = side.armed.filter((a) => a.id !== id);
      side.waiting = side.waiting.filter((a) => a.id !== id);
    }
  }

  /** The alerts this price fires (each marked fired, repeating ones waiting to re-arm), and re-arms those it crossed back. */
  onPrice(price: Decimal): PriceAlert[] {
    const fired: PriceAlert[] = [];
    const up = this.above.armed;
    while (up.length && price.gte(up[up.length - 1]!.price)) fired.push(up.pop()!);
    const down = this.below.armed;
    while (down.length && price.lte(down[down.length - 1]!.price)) fired.push(down.pop()!);
    this.rearm(this.above, (a) => price.lt(a.price));
    this.rearm(this.below, (a) => price.gt(a.price));
    const done = fired.map((a) => ({ ...a, fired: a.fired + 1, armed: false }));
    for (const a of done) if (a.repeat) (a.direction === 'above' ? this.above : this.below).waiting.push(a);
    return done;
  }

  private rearm(side: Side, back: (a: PriceAlert) => boolean): void {
    if (side.waiting.length === 0) return;
    const keep: PriceAlert[] = [];
    for (const a of side.waiting) {
      if (back(a)) this.add({ ...a, armed: true });
      else keep.push(a);
    }
    side.waiting = keep;
  }
}
