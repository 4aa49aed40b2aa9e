import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { checkRisk } from '../../src/domain/risk/rules.js';
import { NO_LIMITS, type RiskLimits, type RiskOrder, type RiskState } from '../../src/domain/risk/risk-types.js';

const state = (over: Partial<RiskState> = {}): RiskState => ({
  tradingState: 'ACTIVE',
  position: Decimal.ZERO,
  otherOpenPositions: 0,
  otherNotional: Decimal.ZERO,
  equity: dec('10000'),
  equityKnown: true,
  peakEquity: dec('10000'),
  dailyPnl: Decimal.ZERO,
  ordersLastMinute: 0,
  ...over,
});
const order = (over: Partial<RiskOrder> = {}): RiskOrder => ({ symbol: 'BTCUSDT', side: 'BUY', quantity: dec('0.1'), price: dec('60000'), reduceOnly: false, ...over });
const limits = (over: Partial<RiskLimits>): RiskLimits => ({ ...NO_LIMITS, ...over });
const code = (o: RiskOrder, s: RiskState, l: RiskLimits) => checkRisk(o, s, l)?.code ?? null;

describe('pre-trade risk rules', () => {
  it('max position size: refuses what would exceed it, passes what stays within or reduces', () => {
    const l = limits({ maxPositionSize: dec('0.5') });
    expect(code(order({ quantity: dec('0.5') }), state(), l)).toBeNull();
    const d = checkRisk(order({ quantity: dec('0.2') }), state({ position: dec('0.4') }), l)!;
    expect([d.code, d.limit, d.value]).toEqual(['RISK_MAX_POSITION_SIZE', '0.5', '0.6']);
    expect(code(order({ side: 'SELL', quantity: dec('0.2') }), state({ position: dec('0.6') }), l)).toBeNull(); // reduces
    expect(code(order({ side: 'SELL', quantity: dec('1.2') }), state({ position: dec('0.6') }), l)).toBe('RISK_MAX_POSITION_SIZE'); // flips to -0.6
  });

  it('max position notional is valued at the order price', () => {
    const l = limits({ maxPositionNotional: dec('10000') });
    expect(code(order({ quantity: dec('0.16') }), state(), l)).toBeNull(); // 9,600
    expect(checkRisk(order({ quantity: dec('0.17') }), state(), l)).toMatchObject({ code: 'RISK_MAX_POSITION_NOTIONAL', value: '10200' });
  });

  it('max open positions counts a new symbol only', () => {
    const l = limits({ maxOpenPositions: 2 });
    expect(code(order(), state({ otherOpenPositions: 1 }), l)).toBeNull();
    expect(code(order(), state({ otherOpenPositions: 2 }), l)).toBe('RISK_MAX_OPEN_POSITIONS');
    expect(code(order(), state({ otherOpenPositions: 2, position: dec('0.1') }), l)).toBeNull(); // adds to an open one
  });

  it('max leverage is total position value over equity', () => {
    const l = limits({ maxLeverage: dec('3') });
    expect(code(order({ quantity: dec('0.5') }), state(), l)).toBeNull(); // 30,000 / 10,000 = 3
    expect(checkRisk(order({ quantity: dec('0.5') }), state({ otherNotional: dec('1') }), l)).toMatchObject({ code: 'RISK_MAX_LEVERAGE' });
  });

  it('max orders per minute refuses new exposure but never a way out', () => {
    const l = limits({ maxOrdersPerMinute: 5 });
    expect(code(order(), state({ ordersLastMinute: 4 }), l)).toBeNull();
    expect(code(order(), state({ ordersLastMinute: 5 }), l)).toBe('RISK_MAX_ORDERS_PER_MINUTE');
    expect(code(order({ side: 'SELL', reduceOnly: true }), state({ ordersLastMinute: 50, position: dec('1') }), l)).toBeNull();
  });

  it('daily loss limit: at the limit no new exposure, closing still allowed', () => {
    const l = limits({ maxDailyLoss: dec('200') });
    expect(code(order(), state({ dailyPnl: dec('-199.99') }), l)).toBeNull();
    expect(checkRisk(order(), state({ dailyPnl: dec('-200') }), l)).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', limit: '200', value: '200' });
    expect(code(order({ side: 'SELL' }), state({ dailyPnl: dec('-500'), position: dec('0.1') }), l)).toBeNull();
  });

  it('max drawdown is measured from the peak equity', () => {
    const l = limits({ maxDrawdown: dec('1000') });
    expect(code(order(), state({ peakEquity: dec('11000'), equity: dec('10000.01') }), l)).toBeNull();
    expect(code(order(), state({ peakEquity: dec('11000'), equity: dec('10000') }), l)).toBe('RISK_MAX_DRAWDOWN');
  });

  it('HALTED and REDUCING let only reducing orders through', () => {
    expect(code(order(), state({ tradingState: 'HALTED' }), NO_LIMITS)).toBe('RISK_TRADING_HALTED');
    expect(code(order(), state({ tradingState: 'REDUCING' }), NO_LIMITS)).toBe('RISK_REDUCING_ONLY');
    expect(code(order({ side: 'SELL' }), state({ tradingState: 'HALTED', position: dec('0.1') }), NO_LIMITS)).toBeNull();
    expect(code(order({ side: 'SELL', quantity: dec('0.2') }), state({ tradingState: 'HALTED', position: dec('0.1') }), NO_LIMITS)).toBe('RISK_TRADING_HALTED'); // would flip
  });
});
