import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/sim/order-book.js';

describe('OrderBook (price-time priority)', () => {
  it('a taker walks the book best price first, then oldest first within a level', () => {
    const b = new OrderBook();
    b.add('a1', 'SELL', 101, 5);
    b.add('a2', 'SELL', 100, 2);
    b.add('a3', 'SELL', 100, 3);
    b.add('a4', 'SELL', 102, 9);
    expect(b.bestAsk()).toBe(100);
    const m = b.take('BUY', 8, null);
    expect(m).toEqual([
      { makerId: 'a2', price: 100, quantity: 2, makerDone: true },
      { makerId: 'a3', price: 100, quantity: 3, makerDone: true },
      { makerId: 'a1', price: 101, quantity: 3, makerDone: false },
    ]);
    expect(b.remaining('a1')).toBe(2);
    expect(b.bestAsk()).toBe(101);
    expect(b.size).toBe(2);
  });

  it('stops at the limit price and leaves the rest', () => {
    const b = new OrderBook();
    b.add('b1', 'BUY', 99, 4);
    b.add('b2', 'BUY', 98, 4);
    expect(b.take('SELL', 10, 99)).toEqual([{ makerId: 'b1', price: 99, quantity: 4, makerDone: true }]);
    expect(b.bestBid()).toBe(98);
  });

  it('cancels anywhere in a level and removes empty levels', () => {
    const b = new OrderBook();
    for (let i = 0; i < 5; i++) b.add(`o${i}`, 'BUY', 50, 1);
    b.add('x', 'BUY', 49, 1);
    expect(b.cancel('o2')).toBe(true);
    expect(b.cancel('o2')).toBe(false);
    expect(b.depth('BUY', 5)).toEqual([
      { price: 50, quantity: 4, orders: 4 },
      { price: 49, quantity: 1, orders: 1 },
    ]);
    for (const id of ['o0', 'o1', 'o3', 'o4']) b.cancel(id);
    expect(b.bestBid()).toBe(49);
    expect(b.take('SELL', 1, null).map((m) => m.makerId)).toEqual(['x']);
    expect(b.bestBid()).toBeNull();
  });

  it('keeps levels sorted under random inserts and cancels', () => {
    const b = new OrderBook();
    const live = new Map<string, number>();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      if (live.size > 0 && rnd() < 0.4) {
        const ids = [...live.keys()];
        const id = ids[Math.floor(rnd() * ids.length)]!;
        b.cancel(id);
        live.delete(id);
      } else {
        const price = 1000 + Math.floor(rnd() * 50);
        b.add(`s${i}`, 'SELL', price, 1 + Math.floor(rnd() * 5));
        live.set(`s${i}`, price);
      }
    }
    const levels = b.depth('SELL', 1000).map((l) => l.price);
    expect(levels).toEqual([...levels].sort((x, y) => x - y));
    expect(b.bestAsk()).toBe(Math.min(...live.values()));
  });

  it('refuses a duplicate id and a non-integer quantity', () => {
    const b = new OrderBook();
    b.add('a', 'BUY', 10, 1);
    expect(() => b.add('a', 'BUY', 10, 1)).toThrow();
    expect(() => b.add('b', 'BUY', 10, 0.5)).toThrow();
  });
});
