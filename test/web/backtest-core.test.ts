import { describe, expect, it } from 'vitest';
import { BACKTEST_FIGURES, backtestCurve, figureValue, LEAD_BARS, replayStart, studyMarks, type BacktestResult, type BacktestTrade } from '../../web/src/core/backtest-format.js';
import { backtestKeys, backtestText } from '../../web/src/core/i18n-backtest.js';
import { LANGS } from '../../web/src/core/i18n.js';
import { journalKeys } from '../../web/src/core/i18n-journal.js';

const MIN = 60_000;
const trade: BacktestTrade = { id: '7', side: 'SHORT', entry_time: 1_000 * MIN, exit_time: 1_015 * MIN, entry_price: 2545.74, exit_price: 2550.74, quantity: 1, pnl: -7.038596, gross_pnl: -5, fees: 2.038596, fills: 2 };

describe('the backtests page core', () => {
  it('starts a session on a trade a few bars before its entry, never before the run\'s first bar', () => {
    expect(replayStart(trade.entry_time, MIN, 0)).toBe(trade.entry_time - LEAD_BARS * MIN);
    expect(replayStart(trade.entry_time, 5 * MIN, 0)).toBe(trade.entry_time - LEAD_BARS * 5 * MIN);
    expect(replayStart(trade.entry_time, MIN, trade.entry_time - 2 * MIN)).toBe(trade.entry_time - 2 * MIN);
    // A trades dataset has no bar: a few seconds of lead still.
    expect(replayStart(trade.entry_time, 0, 0)).toBe(trade.entry_time - LEAD_BARS * 1_000);
  });

  it('marks a trade as a session marks its own: both fills, and the result at the exit', () => {
    expect(studyMarks(trade)).toEqual({
      fills: [
        { side: 'SELL', quantity: 1, time: trade.entry_time },
        { side: 'BUY', quantity: 1, time: trade.exit_time },
      ],
      trades: [{ side: 'SHORT', exit_time: trade.exit_time, net_pnl: -7.038596, r_multiple: null }],
    });
    expect(studyMarks({ ...trade, side: 'LONG' }).fills.map((f) => f.side)).toEqual(['BUY', 'SELL']);
  });

  it('draws the equity curve with its drawdown from the running peak, below zero', () => {
    const bars = backtestCurve([
      { time: 0, equity: 10_000 },
      { time: MIN, equity: 10_050 },
      { time: 2 * MIN, equity: 10_020 },
      { time: 3 * MIN, equity: 10_060 },
    ]);
    expect(bars).toEqual([
      { time: 0, equity: 10_000, drawdown: 0 },
      { time: 60, equity: 10_050, drawdown: 0 },
      { time: 120, equity: 10_020, drawdown: -30 },
      { time: 180, equity: 10_060, drawdown: 0 },
    ]);
  });

  it('reads each figure from the result\'s totals or its statistics, and labels every one in both languages', () => {
    const r = { trade_count: 3, net_pnl: -1.5, rejected_orders: 0, stats: { win_rate: 0.25, sharpe: null } } as unknown as BacktestResult;
    expect(figureValue(r, 'trade_count')).toBe(3);
    expect(figureValue(r, 'rejected_orders')).toBe(0);
    expect(figureValue(r, 'win_rate')).toBe(0.25);
    expect(figureValue(r, 'sharpe')).toBeNull();
    expect(figureValue(r, 'calmar')).toBeNull();
    const known = new Set<string>([...journalKeys(), ...backtestKeys()]);
    for (const f of BACKTEST_FIGURES) expect(known.has(f.key), f.key).toBe(true);
    expect(new Set(BACKTEST_FIGURES.map((f) => f.field)).size).toBe(BACKTEST_FIGURES.length);
    for (const lang of LANGS) for (const k of backtestKeys()) expect(backtestText(lang, k), `${lang}.${k}`).toMatch(/\S/);
  });
});
