import type { Side } from '../domain/ids.js';

/**
 * A price-time-priority limit order book on integer prices (ticks) and quantities (lots).
 * Levels are kept in sorted arrays with the best price last (so taking the best level is a pop),
 * each level a doubly linked FIFO, and an id index makes cancels O(1) at any depth.
 *
 * @example
 *   const book = new OrderBook();
 *   book.add('a', 'SELL', 640_125, 3);
 *   book.take('BUY', 2, null); // [{ makerId: 'a', price: 640_125, quantity: 2, makerDone: false }]
 */
export interface Match {
  readonly makerId: string;
  readonly price: number;
  readonly quantity: number;
  readonly makerDone: boolean;
}

interface Node {
  readonly id: string;
  remaining: number;
  prev: Node | null;
  next: Node | null;
  readonly level: Level;
}

interface Level {
  readonly side: Side;
  readonly price: number;
  head: Node | null;
  tail: Node | null;
  volume: number;
  count: number;
}

class BookSide {
  /** Sorted with the best price last: bids ascending, asks descending. */
  readonly levels: Level[] = [];
  readonly byPrice = new Map<number, Level>();
  constructor(readonly side: Side) {}

  /** True when price a is better than b for this side. */
  better(a: number, b: number): boolean {
    return this.side === 'BUY' ? a > b : a < b;
  }

  level(price: number): Level {
    let level = this.byPrice.get(price);
    if (level) return level;
    level = { side: this.side, price, head: null, tail: null, volume: 0, count: 0 };
    this.byPrice.set(price, level);
    const levels = this.levels;
    // Binary search for the first index whose price is better than `price`.
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(levels[mid]!.price, price)) hi = mid;
      else lo = mid + 1;
    }
    levels.splice(lo, 0, level);
    return level;
  }

  removeLevel(level: Level): void {
    this.byPrice.delete(level.price);
    const levels = this.levels;
    if (levels[levels.length - 1] === level) {
      levels.pop();
      return;
    }
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(levels[mid]!.price, level.price)) hi = mid;
      else lo = mid + 1;
    }
    levels.splice(lo - 1, 1);
  }

  best(): Level | null {
    return this.levels[this.levels.length - 1] ?? null;
  }
}

export class OrderBook {
  private readonly bids = new BookSide('BUY');
  private readonly asks = new BookSide('SELL');
  private readonly index = new Map<string, Node>();

  get size(): number {
    return this.index.size;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Rests an order at the back of its price level. */
  add(id: string, side: Side, price: number, quantity: number): void {
    if (this.index.has(id)) throw new Error(`order ${id} is already in the book`);
    if (!(quantity > 0) || !Number.isSafeInteger(quantity) || !Number.isSafeInteger(price)) {
      throw new RangeError(`bad resting order ${id}: ${price} × ${quantity}`);
    }
    const level = (side === 'BUY' ? this.bids : this.asks).level(price);
    const node: Node = { id, remaining: quantity, prev: level.tail, next: null, level };
    if (level.tail) level.tail.next = node;
    else level.head = node;
    level.tail = node;
    level.volume += quantity;
    level.count++;
    this.index.set(id, node);
  }

  cancel(id: string): boolean {
    const node = this.index.get(id);
    if (!node) return false;
    this.unlink(node);
    return true;
  }

  /** Remaining quantity of a resting order, or null. */
  remaining(id: string): number | null {
    return this.index.get(id)?.remaining ?? null;
  }

  /**
   * A taker on `side` consumes the opposite side best-first, up to `quantity`, at prices no worse
   * than `limit` (null: any price). Returns the matches in execution order.
   */
  take(side: Side, quantity: number, limit: number | null): Match[] {
    const book = side === 'BUY' ? this.asks : this.bids;
    const matches: Match[] = [];
    let left = quantity;
    while (left > 0) {
      const level = book.best();
      if (!level) break;
      if (limit !== null && (side === 'BUY' ? level.price > limit : level.price < limit)) break;
      while (left > 0 && level.head) {
        const node = level.head;
        const q = node.remaining < left ? node.remaining : left;
        left -= q;
        const done = q === node.remaining;
        matches.push({ makerId: node.id, price: level.price, quantity: q, makerDone: done });
        if (done) this.unlink(node);
        else {
          node.remaining -= q;
          level.volume -= q;
        }
      }
    }
    return matches;
  }

  bestBid(): number | null {
    return this.bids.best()?.price ?? null;
  }

  bestAsk(): number | null {
    return this.asks.best()?.price ?? null;
  }

  /** Aggregated levels, best first. */
  depth(side: Side, levels: number): { price: number; quantity: number; orders: number }[] {
    const list = (side === 'BUY' ? this.bids : this.asks).levels;
    const out = [];
    for (let i = list.length - 1; i >= 0 && out.length < levels; i--) {
      const l = list[i]!;
      out.push({ price: l.price, quantity: l.volume, orders: l.count });
    }
    return out;
  }

  clear(): void {
    for (const id of [...this.index.keys()]) this.cancel(id);
  }

  private unlink(node: Node): void {
    const level = node.level;
    if (node.prev) node.prev.next = node.next;
    else level.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else level.tail = node.prev;
    level.volume -= node.remaining;
    level.count--;
    this.index.delete(node.id);
    if (level.count === 0) (level.side === 'BUY' ? this.bids : this.asks).removeLevel(level);
  }
}
