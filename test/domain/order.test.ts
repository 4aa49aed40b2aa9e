import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { clientOrderId, orderId } from '../../src/domain/ids.js';
import { applyOrderFill, avgPrice, cancelOrder, canTransition, expireOrder, IllegalTransition, rejectOrder, resizeOrder, type Order } from '../../src/domain/order.js';

const base: Order = {
  id: orderId('1'),
  clientOrderId: clientOrderId('c1'),
  mode: 'simulation',
  exchange: 'sim',
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: dec('1'),
  price: dec('100'),
  stopPrice: null,
  reduceOnly: false,
  bracket: null,
  parentId: null,
  status: 'NEW',
  filledQuantity: Decimal.ZERO,
  cumQuote: Decimal.ZERO,
  triggered: false,
  rejectCode: null,
  rejectReason: null,
  createdAt: 0,
  updatedAt: 0,
};

describe('order state machine', () => {
  it('goes NEW → PARTIALLY_FILLED → FILLED with an exact average price', () => {
    const a = applyOrderFill(base, dec('100'), dec('0.3'), 1);
    expect(a.status).toBe('PARTIALLY_FILLED');
    const b = applyOrderFill(a, dec('99.9'), dec('0.7'), 2);
    expect(b.status).toBe('FILLED');
    expect(avgPrice(b, 8)!.toString()).toBe('99.93'); // (30 + 69.93) / 1
  });

  it('makes illegal transitions impossible', () => {
    const filled = applyOrderFill(base, dec('100'), dec('1'), 1);
    expect(() => cancelOrder(filled, 2)).toThrow(IllegalTransition);
    expect(() => applyOrderFill(filled, dec('100'), dec('0.1'), 2)).toThrow();
    const canceled = cancelOrder(base, 1);
    expect(() => expireOrder(canceled, 2, 'late')).toThrow(IllegalTransition);
    const partial = applyOrderFill(base, dec('100'), dec('0.5'), 1);
    expect(() => rejectOrder(partial, 2, 'X', 'no')).toThrow(IllegalTransition);
    expect(canTransition('NEW', 'REJECTED')).toBe(true);
    expect(canTransition('FILLED', 'NEW')).toBe(false);
  });

  it('refuses an overfill and a non-positive fill', () => {
    expect(() => applyOrderFill(base, dec('100'), dec('1.001'), 1)).toThrow(/overfilled/);
    expect(() => applyOrderFill(base, dec('100'), dec('0'), 1)).toThrow();
  });

  it('never resizes below what has filled', () => {
    const partial = applyOrderFill(base, dec('100'), dec('0.5'), 1);
    expect(() => resizeOrder(partial, dec('0.4'), 2)).toThrow();
    expect(resizeOrder(partial, dec('2'), 2).quantity.toString()).toBe('2');
  });
});
