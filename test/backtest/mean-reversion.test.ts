import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { klineCsv, MIN, T0 } from './fixture.js';

const bar = (i: number) => T0 + i * MIN;

/**
 * period 2, band 10 ticks (tick 0.1), quantity 5 (lot 1); each point of a bar trades 2 lots (volume
 * 8 split in four).
 * bar 1 closes: mean 100 → BUY limit 99.0 and SELL limit 101.0, resting from bar 2's open.
 * bar 2: 100 → 100.2 → 99.0 → 99.5. Under the touch model the trade of 2 at 99.0 fills 2 of the 5
 *   (a partial fill, as a maker). At the close both entries are canceled (3 left on the buy) and a
 *   reduce-only SELL 2 goes at the new mean (100 + 99.5) / 2 = 99.75 → 99.8 (whole ticks, half up).
 * bar 3: 99.6 → 99.5 → 100.0 → 99.9. The exit rests from the open (99.6 is below it) and fills when
 *   100.0 trades through it. Bar 3 is the last: its new entries are ignored.
 */
const ROWS = [
  ['100.0', '100.5', '99.5', '100.0', '8'],
  ['100.0', '100.5', '99.5', '100.0', '8'],
  ['100.0', '100.2', '99.0', '99.5', '8'],
  ['99.6', '100.0', '99.5', '99.9', '8'],
];

describe('mean_reversion: resting limits and a partial fill', () => {
  const file = klineCsv(ROWS);
  const params = { period: 2, band_ticks: 10, quantity: 5 };

  it('a limit touched by a smaller trade fills in part; the exit is sized to what filled', async () => {
    const r = await runBacktest({ data: file, strategy: 'mean_reversion', params, feeBps: 0, fillModel: 'touch' });
    expect(r.logs.map((l) => [l.time, l.message])).toEqual([
      [bar(2) + 30_000, 'bt-1 BUY 2 at 99 (MAKER)'],
      [bar(3) + 30_000, 'bt-3 SELL 2 at 99.8 (MAKER)'],
    ]);
    expect(r.trades).toEqual([
      { id: '1', side: 'LONG', entry_time: bar(2) + 30_000, exit_time: bar(3) + 30_000, entry_price: 99, exit_price: 99.8, quantity: 2, gross_pnl: 1.6, fees: 0, pnl: 1.6, fills: 2 },
    ]);
    expect(r.ignored_at_end).toBe(2);
  });

  it('under the through model a price only touched fills nothing', async () => {
    const r = await runBacktest({ data: file, strategy: 'mean_reversion', params, feeBps: 0, fillModel: 'through' });
    expect(r.trades).toEqual([]);
    expect(r.logs).toEqual([]);
  });
});
