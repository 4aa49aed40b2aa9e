import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { periodStats, type PeriodInput } from '../../src/domain/trade-stats-period.js';

const DAY = 86_400_000;
const d = (s: string) => Decimal.parse(s);
const base: PeriodInput = {
  startingEquity: d('10000'),
  endingEquity: d('11000'),
  startTime: 0,
  endTime: 365 * DAY,
  maxDrawdownPct: 0.05,
  bars: 120,
  barsInMarket: 30,
  firstClose: d('2000'),
  lastClose: d('2500'),
};

describe('period statistics against hand values', () => {
  it('a year: the return is the annual return; Calmar = annual return ÷ max drawdown', () => {
    const s = periodStats(base);
    expect(s.returnPct).toBe(0.1);
    expect(s.annualReturn).toBeCloseTo(0.1, 12);
    expect(s.calmar).toBeCloseTo(0.1 / 0.05, 10);
    expect(s.exposure).toBe(0.25);
    expect(s.buyAndHoldReturn).toBe(0.25);
  });

  it('half a year compounds: (1.1)² − 1 = 0.21 a year, Calmar 0.21 ÷ 0.05 = 4.2', () => {
    const s = periodStats({ ...base, endTime: 182.5 * DAY });
    expect(s.annualReturn).toBeCloseTo(0.21, 12);
    expect(s.calmar).toBeCloseTo(4.2, 10);
  });

  it('a loss: −20 % over a year; buy and hold down 10 %', () => {
    const s = periodStats({ ...base, endingEquity: d('8000'), lastClose: d('1800'), maxDrawdownPct: 0.25 });
    expect(s.returnPct).toBe(-0.2);
    expect(s.calmar).toBeCloseTo(-0.8, 10);
    expect(s.buyAndHoldReturn).toBe(-0.1);
  });

  it('undefined where it is: no drawdown, no bars, a wiped-out account, an empty period', () => {
    expect(periodStats({ ...base, maxDrawdownPct: 0 }).calmar).toBeNull();
    expect(periodStats({ ...base, bars: 0, barsInMarket: 0 }).exposure).toBeNull();
    const wiped = periodStats({ ...base, endingEquity: d('0') });
    expect(wiped.returnPct).toBe(-1);
    expect(wiped.annualReturn).toBeNull();
    expect(wiped.calmar).toBeNull();
    expect(periodStats({ ...base, endTime: 0 }).annualReturn).toBeNull();
  });
});
