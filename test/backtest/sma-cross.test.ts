import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { barsFromCloses, klineCsv, MIN, T0 } from './fixture.js';

/**
 * fast 2, slow 3: 3·SMA2 − 2·SMA3 ∝ c[i] + c[i−1] − 2·c[i−2], so the sign of that sum is the order
 * of the averages at bar i (hand-checked below). Each bar opens 0.25 above the previous close.
 *
 * bar   close  c+c₋₁−2c₋₂  order   what happens
 *  0    100                  -
 *  1    100                  -
 *  2    100    0            equal   (first bar with both averages)
 *  3     94    −6           below   equal → below: no cross
 *  4    107    +1           above   CROSS UP → buy 2 at bar 5's open 107.25
 *  5     92    +11          above
 *  6     92    −30          below   CROSS DOWN → sell 4 at bar 7's open 92.25 (long 2 → short 2)
 *  7     90    −2           below
 *  8     94    0            equal
 *  9     90    +4           above   equal → above: no cross (stays short)
 * 10     94    −4           below   CROSS DOWN: already short 2, nothing to send
 * 11     97    +11          above   CROSS UP → buy 4 at bar 12's open 97.25 (short 2 → long 2)
 * 12     90    −1           below   CROSS DOWN on the last bar: ignored; the long closes at 90
 */
const CLOSES = [100, 100, 100, 94, 107, 92, 92, 90, 94, 90, 94, 97, 90];
const bar = (i: number) => T0 + i * MIN;

describe('sma_cross against a hand-computed trade list', () => {
  const file = klineCsv(barsFromCloses(CLOSES));

  it('enters at the next open, reverses, ignores equal averages and the last bar, closes at the last close', async () => {
    const r = await runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 2, slow: 3, quantity: 2 }, feeBps: 10 });
    // Fees 10 bps of each fill's notional; a reversing fill's fee is split half to each trade.
    expect(r.trades).toEqual([
      { id: '1', side: 'LONG', entry_time: bar(5), exit_time: bar(7), entry_price: 107.25, exit_price: 92.25, quantity: 2, gross_pnl: -30, fees: 0.399, pnl: -30.399, fills: 2 },
      { id: '2', side: 'SHORT', entry_time: bar(7), exit_time: bar(12), entry_price: 92.25, exit_price: 97.25, quantity: 2, gross_pnl: -10, fees: 0.379, pnl: -10.379, fills: 2 },
      // The close at the last bar's close: the close point of the intrabar path, 45 s into the minute.
      { id: '3', side: 'LONG', entry_time: bar(12), exit_time: bar(12) + 45_000, entry_price: 97.25, exit_price: 90, quantity: 2, gross_pnl: -14.5, fees: 0.3745, pnl: -14.8745, fills: 2 },
    ]);
    expect(r.trade_count).toBe(3);
    expect(r.net_pnl).toBe(-55.6525);
    expect(r.fees).toBe(1.1525);
    expect(r.ending_equity).toBe(10_000 - 55.6525);
    expect(r.ignored_at_end).toBe(1);
    expect(r.rejected_orders).toBe(0);
  });

  it('the statistics of that trade list, by hand', async () => {
    const r = await runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 2, slow: 3, quantity: 2 }, feeBps: 10 });
    const nets = [-30.399, -10.379, -14.8745];
    const mean = -55.6525 / 3;
    const sd = Math.sqrt(nets.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(r.stats).toMatchObject({
      wins: 0,
      losses: 3,
      win_rate: 0,
      profit_factor: 0,
      expectancy: -18.55083333,
      max_drawdown: 55.6525,
      // In the market at the close of bars 5 to 12: 8 of 13.
      exposure: 8 / 13,
      // 100 → 90.
      buy_and_hold_return: -0.1,
      return_pct: -0.00556525,
      // Three trades: the 95 % and 99 % VaR are the worst one.
      var_95: 30.399,
      var_99: 30.399,
    });
    expect(r.stats.sqn).toBeCloseTo((Math.sqrt(3) * mean) / sd, 10);
    expect(r.stats.max_drawdown_pct).toBeCloseTo(55.6525 / 10_000, 12);
  });

  it('slippage moves each taker fill against the trader, rounded up to whole ticks', async () => {
    const r = await runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 2, slow: 3, quantity: 2 }, feeBps: 0, slippageBps: 10 });
    // 10 bps of 107.25 = 0.10725 → 0.11 (ticks of 0.01, against the buyer); of 92.25 = 0.09225 → 0.10 (against the seller).
    expect(r.trades[0]).toMatchObject({ entry_price: 107.36, exit_price: 92.15, gross_pnl: -30.42, fees: 0 });
    // 97.25 + 0.1 (0.09725 rounded up); the last close 90 − 0.09 (0.09 exactly).
    expect(r.trades[2]).toMatchObject({ entry_price: 97.35, exit_price: 89.91 });
  });

  it('--from / --to keep the bars opening in the range (no bar, no signal)', async () => {
    const r = await runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 2, slow: 3, quantity: 2 }, feeBps: 10, from: bar(0), to: bar(6) });
    expect(r.bars).toBe(7);
    // Cross up at 4 → long at 5's open; the cross down on bar 6 (now the last) is ignored; closed at 92.
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ side: 'LONG', entry_price: 107.25, exit_price: 92, gross_pnl: -30.5 });
  });

  it('refuses parameters that do not make sense', async () => {
    await expect(runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 3, slow: 3 }, feeBps: 0 })).rejects.toThrow(/fast \(3\) must be shorter than slow/);
    await expect(runBacktest({ data: file, strategy: 'sma_cross', params: { fastest: 3 }, feeBps: 0 })).rejects.toThrow(/no parameter fastest/);
    await expect(runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 2.5 }, feeBps: 0 })).rejects.toThrow(/whole number/);
  });
});
