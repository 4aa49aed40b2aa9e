import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { positionId } from '../../src/domain/ids.js';
import type { Position } from '../../src/domain/position.js';
import { tradeStats } from '../../src/domain/trade-stats.js';

const closed = (n: number, realized: string, fees: string): Position => ({
  id: positionId(String(n)),
  mode: 'simulation',
  exchange: 'sim',
  symbol: 'BTCUSDT',
  quantity: Decimal.ZERO,
  cost: Decimal.ZERO,
  realizedPnl: dec(realized),
  feesPaid: dec(fees),
  openSide: 'LONG',
  entryQuantity: dec('1'),
  entryValue: dec('100'),
  exitQuantity: dec('1'),
  exitValue: dec('100'),
  openedAt: n,
  updatedAt: n,
  closedAt: n,
});

describe('trade statistics', () => {
  it('match a hand calculation, net of fees', () => {
    // nets: +99, −51, +29, −11 → cumulative 99, 48, 77, 66: max drawdown 51
    const s = tradeStats([closed(1, '100', '1'), closed(2, '-50', '1'), closed(3, '30', '1'), closed(4, '-10', '1')]);
    expect([s.trades, s.wins, s.losses]).toEqual([4, 2, 2]);
    expect(s.winRate!.toString()).toBe('0.5');
    expect([s.grossProfit.toString(), s.grossLoss.toString(), s.netPnl.toString(), s.fees.toString()]).toEqual(['128', '62', '66', '4']);
    expect(s.profitFactor!.toString()).toBe('2.06451613');
    expect([s.expectancy!.toString(), s.avgWin!.toString(), s.avgLoss!.toString()]).toEqual(['16.5', '64', '31']);
    expect(s.maxDrawdown.toString()).toBe('51');
  });

  it('are empty, not NaN, with no trade', () => {
    const s = tradeStats([]);
    expect([s.trades, s.winRate, s.profitFactor, s.expectancy]).toEqual([0, null, null, null]);
  });
});
