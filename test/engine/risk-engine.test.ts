import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { Rejection } from '../../src/domain/rejection.js';
import { rig, tick, type Rig } from './harness.js';
import { RiskEngine, type PersistedRisk, type RiskStore } from '../../src/engine/risk-engine.js';
import { NO_LIMITS } from '../../src/domain/risk/risk-types.js';

let r: Rig;
afterEach(() => r?.close());
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const refused = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof Rejection) return e.code;
    throw e;
  }
};
const equity = () => r.engine.accountView('simulation').equity;

describe('risk engine in the order path', () => {
  it('refuses an order over a limit with the rule as code and the limit and value in details', () => {
    r = rig(undefined, undefined, undefined, true, T0);
    r.market(tick('64000'));
    r.risk!.setLimits({ maxPositionSize: dec('0.05') });
    r.order({ quantity: dec('0.05') });
    let err: Rejection | null = null;
    try {
      r.order({ quantity: dec('0.01') });
    } catch (e) {
      err = e as Rejection;
    }
    expect(err).toMatchObject({ code: 'RISK_MAX_POSITION_SIZE', details: { limit: '0.05', value: '0.06' } });
    expect(r.store.listOrders({ status: 'all' }).length).toBe(1); // the refused order left nothing
  });

  it('the daily loss limit turns the account REDUCING: opening refused, closing allowed; a restart keeps it', () => {
    r = rig(undefined, undefined, undefined, true, T0);
    r.market(tick('64000'));
    r.risk!.setLimits({ maxDailyLoss: dec('50') });
    r.order({ quantity: dec('1') });
    expect(r.risk!.status('simulation', equity()).tradingState).toBe('ACTIVE');
    r.market(tick('63900')); // −100.1 unrealized (bought at the 64000.1 ask), plus fees
    expect(refused(() => r.order({ quantity: dec('0.01') }))).toBe('RISK_DAILY_LOSS_LIMIT');
    expect(r.risk!.status('simulation', equity())).toMatchObject({ tradingState: 'REDUCING' });
    r = r.reopen();
    r.market(tick('63900'));
    expect(r.risk!.status('simulation', equity()).tradingState).toBe('REDUCING');
    expect(refused(() => r.order({ quantity: dec('0.01') }))).toBe('RISK_DAILY_LOSS_LIMIT');
    r.market(tick('64000')); // the loss is back under the limit, but the day stays REDUCING
    expect(refused(() => r.order({ quantity: dec('0.01') }))).toBe('RISK_REDUCING_ONLY');
    expect(refused(() => r.engine.closePosition({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' }))).toBeNull();
  });

  it('a new UTC day resets the day loss and lifts REDUCING, but not HALTED', () => {
    r = rig(undefined, undefined, undefined, true, T0);
    r.market(tick('64000'));
    r.risk!.setLimits({ maxDailyLoss: dec('50') });
    r.order({ quantity: dec('1') });
    r.market(tick('63900'));
    expect(r.risk!.status('simulation', equity()).tradingState).toBe('REDUCING');
    r.clock.t += DAY;
    const s = r.risk!.status('simulation', equity());
    expect([s.tradingState, s.dailyPnl.toString()]).toEqual(['ACTIVE', '0']);
    expect(refused(() => r.order({ quantity: dec('0.01') }))).toBeNull();
    r.risk!.halt('simulation', 'test', equity());
    r.clock.t += DAY;
    expect(r.risk!.status('simulation', equity()).tradingState).toBe('HALTED');
    expect(refused(() => r.order({ quantity: dec('0.01') }))).toBe('RISK_TRADING_HALTED');
    expect(r.risk!.release('simulation', equity())).toBe('ACTIVE');
  });

  it('the kill switch cancels, flattens and halts; a restart keeps HALTED', async () => {
    r = rig(undefined, undefined, undefined, true, T0);
    r.market(tick('64000'));
    r.order({ quantity: dec('0.3') });
    r.order({ type: 'LIMIT', quantity: dec('0.1'), price: dec('63000') });
    const { canceled, closed } = await r.engine.flattenAll('simulation');
    r.risk!.halt('simulation', 'kill switch', equity());
    expect(canceled.length).toBe(1);
    expect(closed.map((c) => c.order.status)).toEqual(['FILLED']);
    expect(r.engine.positions('simulation')).toEqual([]);
    r = r.reopen();
    expect(r.risk!.status('simulation', equity())).toMatchObject({ tradingState: 'HALTED', reason: 'kill switch' });
    expect(refused(() => r.order({ quantity: dec('0.01') }))).toBe('RISK_TRADING_HALTED');
  });
});

/** The risk store port in memory, for the risk engine on its own. */
const memoryStore = () => {
  const states = new Map<string, PersistedRisk>();
  let limits = NO_LIMITS;
  const store: RiskStore = {
    loadLimits: () => limits,
    saveLimits: (l) => void (limits = l),
    loadState: (m) => states.get(m) ?? null,
    saveState: (m, s) => void states.set(m, s),
  };
  return { store, states };
};

describe('risk while the account equity is not known yet (a live wallet not read)', () => {
  const order = (side: 'BUY' | 'SELL', quantity: string) => ({ symbol: 'BTCUSDT', side, quantity: dec(quantity), price: dec('64000'), reduceOnly: false });
  const account = (equity: string | null, position = '0') => ({
    equity: dec(equity ?? '10000'),
    equityKnown: equity !== null,
    positions: new Map([['binance|BTCUSDT', { quantity: dec(position), mark: dec('64000') }]]),
  });

  it('refuses orders that add exposure, lets reducing ones through, and takes the day start only from a known figure', () => {
    const { store, states } = memoryStore();
    const risk = new RiskEngine(store, { now: () => T0 });
    risk.setLimits({ maxDailyLoss: dec('100') });
    const code = (fn: () => void) => refused(fn);
    expect(code(() => risk.check('live_trading', order('BUY', '0.01'), account(null), 'binance|BTCUSDT'))).toBe('RISK_ACCOUNT_UNKNOWN');
    expect(code(() => risk.check('live_trading', order('SELL', '0.01'), account(null, '0.02'), 'binance|BTCUSDT'))).toBeNull();
    expect(states.has('live_trading')).toBe(false); // nothing persisted from the ledger's stand-in figure
    expect(code(() => risk.check('live_trading', order('BUY', '0.01'), account('2500'), 'binance|BTCUSDT'))).toBeNull();
    expect(states.get('live_trading')?.dayStartEquity.toString()).toBe('2500');
    expect(code(() => risk.check('live_trading', order('BUY', '0.01'), account('2390'), 'binance|BTCUSDT'))).toBe('RISK_DAILY_LOSS_LIMIT');
  });
});

describe('risk when the live account changes (other keys)', () => {
  it('the day start and the peak are taken again from the new account; a halt stays', () => {
    const { store } = memoryStore();
    const risk = new RiskEngine(store, { now: () => T0 });
    risk.setLimits({ maxDailyLoss: dec('100'), maxDrawdown: dec('1000') });
    expect(risk.status('live_trading', dec('100000')).tradingState).toBe('ACTIVE'); // a testnet account
    risk.halt('live_trading', 'manual', dec('100000'));
    risk.rebase('live_trading');
    const s = risk.status('live_trading', dec('2500')); // mainnet: not a 97,500 loss
    expect([s.tradingState, s.dayStartEquity.toString(), s.peakEquity.toString(), s.dailyPnl.toString()]).toEqual(['HALTED', '2500', '2500', '0']);
  });
});
