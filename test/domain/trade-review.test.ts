import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { positionId } from '../../src/domain/ids.js';
import type { Position } from '../../src/domain/position.js';
import { review, tradeStats, type TradeOutcome } from '../../src/domain/trade-stats.js';

const H = 3_600_000;
const D = 24 * H;
const t = (openedAt: number, closedAt: number, gross: string, fees: string, r: string | null): TradeOutcome => ({
  openedAt,
  closedAt,
  grossPnl: dec(gross),
  fees: dec(fees),
  netPnl: dec(gross).sub(dec(fees)),
  rMultiple: r === null ? null : dec(r),
});

// Starting equity 1000. Nets 100, −50, −25, 150, 50 (day 3 has no trade): equity 1100, 1050, 1025, 1175, 1225.
const FIXTURE = [
  t(0, H, '110', '10', '2'),
  t(D, D + 2 * H, '-45', '5', '-1'),
  t(2 * D, 2 * D + H, '-20', '5', '-0.5'),
  t(4 * D, 4 * D + 3 * H, '160', '10', '3'),
  t(4 * D + 4 * H, 4 * D + 5 * H, '55', '5', null),
];
const str = (d: Decimal | null): string | null => (d === null ? null : d.toString());
const sd = (xs: number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

describe('the review statistics', () => {
  const s = review(FIXTURE, dec('1000'));

  it('counts, averages, payoff, profit factor, expectancy, largest, streaks and time in trade', () => {
    expect([s.trades, s.wins, s.losses, str(s.winRate)]).toEqual([5, 3, 2, '0.6']);
    expect([s.grossProfit, s.grossLoss, s.netPnl, s.fees, s.grossPnl].map(str)).toEqual(['300', '75', '225', '35', '260']);
    expect([str(s.avgWin), str(s.avgLoss), str(s.expectancy), str(s.profitFactor)]).toEqual(['100', '37.5', '45', '4']);
    expect(s.payoffRatio).toBeCloseTo(100 / 37.5, 12);
    expect(s.feesShareOfGross).toBeCloseTo(35 / 260, 12);
    expect([str(s.largestWin), str(s.largestLoss)]).toEqual(['150', '50']);
    expect([s.longestWinStreak, s.longestLossStreak]).toEqual([2, 2]);
    expect([s.avgWinnerMs, s.avgLoserMs]).toEqual([(1 + 3 + 1) * H / 3, (2 + 1) * H / 2]);
  });

  it('R: mean over the 4 trades with a stop, SQN = √4 × 0.875 ÷ sd', () => {
    expect(s.rTrades).toBe(4);
    expect(s.expectancyR).toBeCloseTo(0.875, 12);
    // deviations 1.125, −1.875, −1.375, 2.125: Σ² = 11.1875
    expect(s.sqn).toBeCloseTo((2 * 0.875) / Math.sqrt(11.1875 / 3), 12);
  });

  it('the equity curve, drawdown underneath, and the max drawdown 75 = 6.8 % of 1100 lasting from the first close to the fourth', () => {
    expect(s.equityCurve.map((p) => [p.time, p.equity.toString(), p.drawdown.toString()])).toEqual([
      [0, '1000', '0'],
      [H, '1100', '0'],
      [D + 2 * H, '1050', '50'],
      [2 * D + H, '1025', '75'],
      [4 * D + 3 * H, '1175', '0'],
      [4 * D + 5 * H, '1225', '0'],
    ]);
    expect(s.equityCurve[3]!.drawdownPct).toBeCloseTo(75 / 1100, 12);
    expect(str(s.drawdown.amount)).toBe('75');
    expect(s.drawdown.percent).toBeCloseTo(75 / 1100, 12);
    expect(s.drawdown.durationMs).toBe(4 * D + 3 * H - H);
    expect(str(s.maxDrawdown)).toBe('75');
  });

  it('Sharpe and Sortino per trade and per UTC day (× √365)', () => {
    const perTrade = [100 / 1000, -50 / 1100, -25 / 1050, 150 / 1025, 50 / 1175];
    const m = perTrade.reduce((a, b) => a + b, 0) / 5;
    expect(s.sharpePerTrade).toBeCloseTo(m / sd(perTrade), 10);
    expect(s.sortinoPerTrade).toBeCloseTo(m / Math.sqrt(((50 / 1100) ** 2 + (25 / 1050) ** 2) / 5), 10);
    const daily = [100 / 1000, -50 / 1100, -25 / 1050, 0, 200 / 1025];
    const md = daily.reduce((a, b) => a + b, 0) / 5;
    expect(s.days).toBe(5);
    expect(s.sharpeDaily).toBeCloseTo((md / sd(daily)) * Math.sqrt(365), 7);
    expect(s.sortinoDaily).toBeCloseTo((md / Math.sqrt(((50 / 1100) ** 2 + (25 / 1050) ** 2) / 5)) * Math.sqrt(365), 7);
  });

  it('VaR 95 / 99: historical = the worst of 5 (nearest rank), parametric = z × sd − mean', () => {
    expect([str(s.var95), str(s.var99)]).toEqual(['50', '50']);
    // deviations from 45: 55, −95, −70, 105, 5: Σ² = 28000, sd = √7000
    expect(s.parametricVar95).toBeCloseTo(1.6448536269514722 * Math.sqrt(7000) - 45, 9);
    expect(s.parametricVar99).toBeCloseTo(2.3263478740408408 * Math.sqrt(7000) - 45, 9);
  });

  it('historical VaR over 100 trades is the 5th / 1st worst', () => {
    const many = Array.from({ length: 100 }, (_, i) => t(i, i + 1, String(i - 10), '0', null)); // −10 … 89
    const r = review(many, dec('1000000'));
    expect([str(r.var95), str(r.var99)]).toEqual(['6', '10']);
  });

  it('no trades: zeros and nulls, never NaN, an empty curve', () => {
    const e = review([], dec('1000'));
    expect([e.trades, e.wins, e.losses, e.rTrades, e.days, e.longestWinStreak]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([e.winRate, e.profitFactor, e.expectancy, e.avgWin, e.avgLoss, e.payoffRatio, e.expectancyR, e.sqn, e.largestWin, e.largestLoss]).toEqual(Array(10).fill(null));
    expect([e.sharpePerTrade, e.sortinoPerTrade, e.sharpeDaily, e.sortinoDaily, e.var95, e.var99, e.parametricVar95, e.parametricVar99, e.feesShareOfGross, e.avgWinnerMs]).toEqual(Array(10).fill(null));
    expect(e.equityCurve).toEqual([]);
    expect([str(e.drawdown.amount), e.drawdown.percent, e.drawdown.durationMs]).toEqual(['0', 0, 0]);
    expect(JSON.stringify(e)).not.toMatch(/NaN|Infinity/);
  });

  it('all winners: no profit factor, no payoff, no largest loss, no Sortino (nothing below 0), VaR negative (the smallest win)', () => {
    const w = review([t(0, H, '11', '1', '1'), t(2 * H, 3 * H, '21', '1', '2')], dec('1000'));
    expect([w.wins, w.losses, str(w.winRate)]).toEqual([2, 0, '1']);
    expect([w.profitFactor, w.payoffRatio, w.avgLoss, w.largestLoss, w.avgLoserMs, w.sortinoPerTrade, w.sortinoDaily]).toEqual(Array(7).fill(null));
    expect([str(w.var95), str(w.drawdown.amount), w.drawdown.durationMs, w.longestWinStreak]).toEqual(['-10', '0', 0, 2]);
    expect(w.sqn).toBeCloseTo((Math.sqrt(2) * 1.5) / Math.sqrt(0.5), 12);
  });

  it('a position still open at the end is not a trade', () => {
    const p = (id: string, closedAt: number | null, realized: string): Position => ({
      id: positionId(id), mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', quantity: closedAt === null ? dec('1') : Decimal.ZERO,
      cost: closedAt === null ? dec('100') : Decimal.ZERO, realizedPnl: dec(realized), feesPaid: dec('1'), openSide: 'LONG',
      entryQuantity: dec('1'), entryValue: dec('100'), exitQuantity: Decimal.ZERO, exitValue: Decimal.ZERO, openedAt: 0, updatedAt: 5, closedAt,
    });
    const st = tradeStats([p('1', 5, '10'), p('2', null, '0')]);
    expect([st.trades, str(st.netPnl), str(st.fees)]).toEqual([1, '9', '1']);
  });
});
