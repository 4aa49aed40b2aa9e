import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { addedExposure, checkMargin, freeMargin, initialMargin } from '../../src/domain/margin.js';

const d = (s: string | number): Decimal => Decimal.parse(String(s));
const account = (equity: string, positionMargin = '0', orderMargin = '0') => ({ equity: d(equity), positionMargin: d(positionMargin), orderMargin: d(orderMargin) });

describe('margin of a simulated account', () => {
  it('counts only the part of an order that opens or grows a position', () => {
    expect(addedExposure('BUY', d(2), d(0)).toString()).toBe('2');
    expect(addedExposure('BUY', d(2), d(1)).toString()).toBe('2'); // 1 → 3
    expect(addedExposure('SELL', d(1), d(3)).toString()).toBe('0'); // a reduction
    expect(addedExposure('SELL', d(3), d(1)).toString()).toBe('2'); // a flip: the new short of 2
    expect(addedExposure('BUY', d('0.5'), d(-2)).toString()).toBe('0');
    expect(addedExposure('BUY', d(5), d(-2)).toString()).toBe('3');
    expect(addedExposure('BUY', d(5), d(0), true).toString()).toBe('0'); // reduce-only never adds
  });

  it('holds |quantity| × price / leverage, rounded up to 8 digits', () => {
    expect(initialMargin(d('0.1'), d('64000'), d(1)).toString()).toBe('6400');
    expect(initialMargin(d('-0.1'), d('64000'), d(5)).toString()).toBe('1280');
    expect(initialMargin(d('0.001'), d('64000.1'), d(3)).toString()).toBe('21.33336667'); // 21.3333666… up
  });

  it('free margin is equity less what positions and resting orders hold, never below zero', () => {
    expect(freeMargin(account('10000', '6400', '1000')).toString()).toBe('2600');
    expect(freeMargin(account('5000', '6400')).toString()).toBe('0');
  });

  it('refuses an order whose margin and fee exceed the free margin, to the last digit', () => {
    const order = (qty: string, lev = '1') => ({ added: d(qty), quantity: d(qty), price: d('10000'), leverage: d(lev), feeRate: d('0.0004') });
    // 0.999 × 10,000 = 9,990 + fee 3.996 = 9,993.996 ≤ 10,000: passes; 1 → 10,004 > 10,000.
    expect(checkMargin(order('0.999'), account('10000'))).toBeNull();
    const short = checkMargin(order('1'), account('10000'))!;
    expect([short.required.toString(), short.available.toString()]).toEqual(['10004', '10000']);
    expect(checkMargin(order('4.99', '5'), account('10000'))).toBeNull(); // 9,980 + 19.96 = 9,999.96
    expect(checkMargin(order('5', '5'), account('10000'))).not.toBeNull(); // 10,000 + 20
    expect(checkMargin({ ...order('50'), added: d(0) }, account('0'))).toBeNull(); // closing needs none
  });
});
