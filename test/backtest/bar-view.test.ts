import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { defineStrategy, type Bar } from '../../src/backtest/strategy.js';
import { klineCsv, T0 } from './fixture.js';

// Tick 0.1, lot 1.
const ROWS = [
  ['100.0', '100.5', '99.5', '100.2', '8'],
  ['101.0', '103.0', '100.5', '102.0', '9'],
  ['102.0', '102.5', '98.0', '99.0', '10'],
];

describe('the bars a strategy is given', () => {
  it('keep their figures after the call (a kept bar is not overwritten by the next), and JSON writes them all', async () => {
    const kept: Bar[] = [];
    const def = defineStrategy({ name: 'keeper', description: 'keeps every bar', params: {}, create: () => ({ onBar: (bar) => void kept.push(bar) }) });
    await runBacktest({ data: klineCsv(ROWS), strategy: def, feeBps: 0, repeat: 2 });
    expect(kept).toHaveLength(6);
    const first = JSON.parse(JSON.stringify(kept[0])) as Bar;
    expect(first).toEqual({
      index: 0,
      openTime: T0,
      closeTime: T0 + 59_999,
      open: 100,
      high: 100.5,
      low: 99.5,
      close: 100.2,
      volume: 8,
      openTicks: 1000,
      highTicks: 1005,
      lowTicks: 995,
      closeTicks: 1002,
    });
    // The second pass of the data: the next indexes, shifted by the span of one pass (3 minutes).
    expect(kept.map((b) => [b.index, b.closeTicks, b.openTime - T0])).toEqual([
      [0, 1002, 0],
      [1, 1020, 60_000],
      [2, 990, 120_000],
      [3, 1002, 180_000],
      [4, 1020, 240_000],
      [5, 990, 300_000],
    ]);
  });
});
