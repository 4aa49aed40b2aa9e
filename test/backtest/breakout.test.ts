import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { klineCsv, MIN, T0 } from './fixture.js';

const bar = (i: number) => T0 + i * MIN;

/**
 * period 3, tp 10 ticks, sl 3 ticks (the file's prices have one decimal: tick 0.1), quantity 1, fees 10 bps. The path of each bar is
 * open → nearer extreme → farther extreme → close, at 0, 15, 30 and 45 s.
 *
 * bar 2 closes: channel high 102, low 99 → BUY stop 102.1 (TP 103.1, SL 101.8) and SELL stop
 *   98.9 (TP 97.9, SL 99.2), sent at bar 3's open.
 * bar 3: 101.2 → 101.0 (low is nearer) → 102.6 → 102.3. The BUY stop triggers on 102.6 and fills
 *   there (the point that went through it), at bar 3 + 30 s; its bracket is born; the SELL entry is
 *   canceled by the strategy. Nothing else happens on 102.3.
 * bar 4: 102.2 → 102.4 (high is nearer) → 101.5 → 101.6. 102.4 reaches neither exit; the stop-loss
 *   101.8 triggers on 101.5 and sells there, at bar 4 + 30 s; the take-profit is canceled (OCO).
 *   Flat on the last bar: its new entries are ignored.
 */
const ROWS = [
  ['100.00', '101.00', '99.00', '100.00', '10.00'],
  ['100.00', '102.00', '99.50', '101.00', '10.00'],
  ['101.00', '101.50', '100.00', '101.00', '10.00'],
  ['101.20', '102.60', '101.00', '102.30', '10.00'],
  ['102.20', '102.40', '101.50', '101.60', '10.00'],
];

describe('breakout: the bracket along the hand-walked intrabar path', () => {
  it('enters on the stop, exits on the stop-loss, at the points of the path that crossed them', async () => {
    const file = klineCsv(ROWS);
    const r = await runBacktest({ data: file, strategy: 'breakout', params: { period: 3, quantity: 1, tp_ticks: 10, sl_ticks: 3 }, feeBps: 10 });
    expect(r.trades).toEqual([
      { id: '1', side: 'LONG', entry_time: bar(3) + 30_000, exit_time: bar(4) + 30_000, entry_price: 102.6, exit_price: 101.5, quantity: 1, gross_pnl: -1.1, fees: 0.2041, pnl: -1.3041, fills: 2 },
    ]);
    expect(r.rejected_orders).toBe(0);
    expect(r.ignored_at_end).toBe(2);
    expect(r.logs.map((l) => [l.time, l.message])).toEqual([
      [bar(3) + 30_000, 'entry BUY 1 at 102.6'],
      [bar(4) + 30_000, 'exit bt-1-sl SELL 1 at 101.5'],
    ]);
  });

  it('the take-profit instead when the path reaches it first', async () => {
    // bar 4 rises to 103.2 first (its nearer extreme): the take-profit 103.1 triggers there.
    const rows = [...ROWS.slice(0, 4), ['102.40', '103.20', '101.50', '101.60', '10.00']];
    const r = await runBacktest({ data: klineCsv(rows), strategy: 'breakout', params: { period: 3, quantity: 1, tp_ticks: 10, sl_ticks: 3 }, feeBps: 0 });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entry_price: 102.6, exit_price: 103.2, exit_time: bar(4) + 15_000, gross_pnl: 0.6 });
    expect(r.logs.at(-1)?.message).toBe('exit bt-1-tp SELL 1 at 103.2');
  });
});
