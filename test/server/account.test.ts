import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { d, expectError, serverForSuite, type AccountJson as Account } from './harness.js';


describe('account, positions per exchange, cancel-all', () => {
  const { api } = serverForSuite();

  it('a fresh simulation account holds 10,000 USDT', async () => {
    const a = (await api.get('/api/trading/account/sim')).json as Account;
    expect(a).toMatchObject({ mode: 'simulation', equity: 10_000, unrealized_pnl: 0, margin_used: 0 });
    expect(a.balances).toEqual([{ asset: 'USDT', free: 10_000, locked: 0, total: 10_000 }]);
    expectError(await api.get('/api/trading/account/kraken'), 404, 'UNKNOWN_EXCHANGE');
  });

  it('after a buy: cash less the fee, the position as margin (1×), free = equity − margin', async () => {
    const order = (await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 })).json as { fills: { fee: number }[] };
    const a = (await api.get('/api/trading/account/sim')).json as Account;
    const cash = d(10_000).sub(d(order.fills[0]!.fee));
    expect(d(a.balances[0]!.total).eq(cash)).toBe(true);
    expect(a.margin_used).toBeGreaterThan(0);
    expect(a.balances[0]!.locked).toBe(a.margin_used);
    expect(d(a.balances[0]!.free).add(d(a.balances[0]!.locked)).eq(d(a.equity))).toBe(true);
    expect(d(a.equity).sub(cash).sub(d(a.unrealized_pnl)).abs().lte(Decimal.parse('0.00000001'))).toBe(true);
    const p = (await api.get('/api/trading/positions/sim')).json as { exchange: string; positions: { symbol: string; side: string }[] };
    expect(p.positions.map((x) => [x.symbol, x.side])).toEqual([['BTCUSDT', 'LONG']]);
  });

  it('cancels every open order at once, or those of one symbol', async () => {
    const t = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { bid: number };
    const price = d(t.bid).mul(d('0.98')).div(d('0.1'), 0, 'floor').mul(d('0.1')).toNumber();
    for (let i = 0; i < 3; i++) await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.001 * (i + 2) });
    const eth = (await api.get('/api/exchanges/sim/ticker/ETHUSDT')).json as { bid: number };
    const ethPrice = d(eth.bid).mul(d('0.98')).div(d('0.01'), 0, 'floor').mul(d('0.01')).toNumber();
    await api.post('/api/trading/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', price: ethPrice, quantity: 0.01 });
    const some = (await api.del('/api/trading/orders?symbol=ETHUSDT')).json as { canceled: { symbol: string; status: string }[] };
    expect(some.canceled.map((o) => [o.symbol, o.status])).toEqual([['ETHUSDT', 'CANCELED']]);
    const all = (await api.del('/api/trading/orders')).json as { canceled: unknown[] };
    expect(all.canceled.length).toBe(3);
    expect(((await api.get('/api/trading/orders')).json as { orders: unknown[] }).orders).toEqual([]);
  });
});
