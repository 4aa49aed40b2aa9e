import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { markOf } from '../../../src/sim/market/mark-price.js';
import { tick } from '../../engine/harness.js';

describe('the mark price of a tick', () => {
  it("is the venue's mark where the feed carries one, whatever the book and the last trade", () => {
    expect(markOf({ ...tick('60000'), mark: dec('59012.34') }).toString()).toBe('59012.34');
  });

  it('is otherwise the mid of the bid and ask, exact at one more digit than the quotes', () => {
    const m = markOf(tick('100.1')); // bid 100.1, ask 100.2
    expect([m.toString(), m.scale]).toEqual(['100.15', 2]);
    expect(markOf(tick('100.1', { spread: '0.2' })).toString()).toBe('100.2');
    expect(markOf({ ...tick('5'), bid: dec('5'), ask: dec('5') }).toString()).toBe('5');
  });

  it('is the last trade when the book is one-sided or crossed', () => {
    expect(markOf({ ...tick('100'), bid: dec('0') }).toString()).toBe('100');
    expect(markOf({ ...tick('100'), ask: dec('0') }).toString()).toBe('100');
    expect(markOf({ ...tick('100'), bid: dec('101'), ask: dec('99') }).toString()).toBe('100');
  });
});
