import { describe, expect, it } from 'vitest';
import type { BacktestStats } from '../../src/backtest/backtest-result.js';
import { rankBy } from '../../src/backtest/grid-metrics.js';
import { cartesian, parseRange } from '../../src/backtest/param-grid.js';
import { parseTrainFraction, splitBars } from '../../src/backtest/walk-forward.js';

describe('parameter grid', () => {
  it('steps a range to its end, lists, single values, decimal steps exactly', () => {
    expect(parseRange('fast', '5:30:5')).toEqual([5, 10, 15, 20, 25, 30]);
    expect(parseRange('slow', '20:100:10')).toHaveLength(9);
    expect(parseRange('slow', '20:95:10')).toEqual([20, 30, 40, 50, 60, 70, 80, 90]);
    expect(parseRange('q', '0.1:0.3:0.1')).toEqual([0.1, 0.2, 0.3]); // floats adding 0.1 would miss 0.3
    expect(parseRange('q', '5,8,13')).toEqual([5, 8, 13]);
    expect(parseRange('q', '7')).toEqual([7]);
  });

  it('refuses what is not a range, naming the flag', () => {
    expect(() => parseRange('fast', '30:5:5')).toThrow('--fast 30:5:5: the end 5 is below the start 30');
    expect(() => parseRange('fast', '5:30:0')).toThrow('the step must be above 0');
    expect(() => parseRange('fast', '5:30')).toThrow('--fast takes from:to:step');
    expect(() => parseRange('fast', '5:x:1')).toThrow('x is not a number');
    expect(() => parseRange('fast', '1,2,1')).toThrow('names a value twice');
    expect(() => parseRange('fast', '1:1000000:1')).toThrow('over 100000');
  });

  it('the product varies the first parameter slowest', () => {
    expect(cartesian([['fast', [5, 10]], ['slow', [20, 30, 40]]])).toEqual([
      { fast: 5, slow: 20 }, { fast: 5, slow: 30 }, { fast: 5, slow: 40 },
      { fast: 10, slow: 20 }, { fast: 10, slow: 30 }, { fast: 10, slow: 40 },
    ]);
    expect(() => cartesian([['a', parseRange('a', '1:1000:1')], ['b', parseRange('b', '1:1000:1')]])).toThrow('1000000 parameter sets');
  });

  it('ranks best first, lower is better for drawdowns, no value last, ties in grid order', () => {
    const r = (net: number | null, dd: number) => (net === null ? null : { net_pnl: net, trade_count: 1, fees: 0, stats: { max_drawdown: dd } as BacktestStats });
    const rows = [r(5, 3), r(null, 0), r(9, 8), r(5, 1)];
    expect(rankBy(rows, 'net_pnl', (x) => x).map((x) => x?.net_pnl ?? null)).toEqual([9, 5, 5, null]);
    expect(rankBy(rows, 'net_pnl', (x) => x)[1]).toBe(rows[0]);
    expect(rankBy(rows, 'max_drawdown', (x) => x).map((x) => x?.stats.max_drawdown ?? null)).toEqual([1, 3, 8, null]);
  });
});

describe('walk-forward split', () => {
  it('the first ⌊n × share⌋ bars train, the rest test, boundaries on bar open times', () => {
    const t = Array.from({ length: 10 }, (_, i) => 1_000 + i * 60_000);
    expect(splitBars(t, 0.7)).toEqual({ train: { from: 1_000, to: 1_000 + 6 * 60_000, bars: 7 }, test: { from: 1_000 + 7 * 60_000, to: 1_000 + 9 * 60_000, bars: 3 } });
    expect(splitBars(t, 0.75).train.bars).toBe(7);
    expect(splitBars(Array.from({ length: 100 }, (_, i) => i), 0.29).train.bars).toBe(29);
    expect(splitBars([1, 2, 3], 0.99)).toMatchObject({ train: { bars: 2 }, test: { bars: 1 } });
    expect(() => splitBars([1, 2, 3], 0.2)).toThrow('3 bars cannot be split 20% / 80%');
    expect(() => splitBars([1], 0.5)).toThrow('cannot be split');
  });

  it('reads 70% or 0.7, nothing outside (0, 1)', () => {
    expect(parseTrainFraction('70%')).toBe(0.7);
    expect(parseTrainFraction('0.7')).toBe(0.7);
    expect(parseTrainFraction('62.5%')).toBe(0.625);
    for (const bad of ['0%', '100%', '1', '70', 'abc', '-5%']) expect(() => parseTrainFraction(bad), bad).toThrow('--train takes');
  });
});
