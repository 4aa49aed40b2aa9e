import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { defineStrategy, type StrategyContext } from '../../src/backtest/strategy.js';
import { klineCsv } from './fixture.js';

// Tick 0.1, lot 1. Each point of a bar trades 2 lots.
const ROWS = [
  ['100.0', '100.5', '99.5', '100.0', '8'],
  ['100.0', '100.5', '99.5', '100.0', '8'],
  ['101.0', '103.0', '100.5', '102.0', '8'],
  ['102.0', '102.5', '98.0', '99.0', '8'],
  ['99.0', '99.5', '98.5', '99.0', '8'],
];

describe('the strategy context', () => {
  it('sends every kind of order, cancels, and reads the position and the account as the engine has them', async () => {
    const seen: string[] = [];
    const say = (ctx: StrategyContext, s: string) => {
      seen.push(s);
      ctx.log(s);
    };
    const def = defineStrategy({
      name: 'probe',
      description: 'exercises the context',
      params: {},
      create: () => ({
        onBar(bar, ctx) {
          if (bar.index === 0) {
            // Refused by the engine when sent: nothing to reduce.
            ctx.sell(1, { reduceOnly: true });
            // Withdrawn before it is sent.
            const gone = ctx.buy(1, { type: 'LIMIT', price: '90' });
            say(ctx, `cancel pending ${ctx.cancel(gone)} ${ctx.cancel('nope')}`);
          }
          if (bar.index === 1) {
            ctx.buy(2);
            ctx.buy(1, { type: 'LIMIT', price: ctx.priceOf(950), clientOrderId: 'dip' });
          }
          if (bar.index === 2) {
            const p = ctx.position();
            const a = ctx.account();
            say(ctx, `pos ${p.side} ${p.quantity} @ ${p.entryPrice}; equity ${a.equity} unrealized ${a.unrealizedPnl} fees ${a.fees}`);
            say(ctx, `open ${ctx.openOrders().map((o) => `${o.clientOrderId} ${o.type} ${o.side} ${o.price}`).join(', ')}`);
            ctx.sell(2, { type: 'TAKE_PROFIT_MARKET', stopPrice: '104', reduceOnly: true, clientOrderId: 'tp' });
            ctx.sell(2, { type: 'STOP_MARKET', stopPrice: '98.5', reduceOnly: true, clientOrderId: 'sl' });
          }
          if (bar.index === 3) say(ctx, `pos ${ctx.position().side}; open ${ctx.openOrders().map((o) => o.clientOrderId).join(', ')}`);
        },
        onOrderUpdate(o, ctx) {
          if (o.status === 'REJECTED' || o.status === 'CANCELED' || o.status === 'EXPIRED') say(ctx, `${o.status} ${o.clientOrderId || '-'}`);
        },
        onFill(f, ctx) {
          say(ctx, `fill ${f.clientOrderId} ${f.side} ${f.quantity} at ${f.price} fee ${f.fee}`);
        },
      }),
    });
    const r = await runBacktest({ data: klineCsv(ROWS), strategy: def, feeBps: 10 });
    expect(seen).toEqual([
      'cancel pending true false',
      'REJECTED bt-1',
      // Bar 2 opens at 101.0: the market buy fills there; the limit at 95.0 rests.
      'fill bt-3 BUY 2 at 101 fee 0.202',
      // At bar 2's close (102): 10,000 − 0.202 + 2 × (102 − 101).
      'pos LONG 2 @ 101; equity 10001.798 unrealized 2 fees 0.202',
      'open dip LIMIT BUY 95',
      // Bar 3: 102 → 102.5 → 98.0 → 99.0: the stop-loss triggers on 98.0 and sells there; flat, so
      // the take-profit (reduce-only) is canceled; the limit at 95 still rests.
      'fill sl SELL 2 at 98 fee 0.196',
      'CANCELED tp',
      'pos FLAT; open dip',
      // The end: what rests is canceled.
      'CANCELED dip',
    ]);
    expect(r.rejected_orders).toBe(1);
    expect(r.logs.find((l) => l.message.startsWith('order bt-1'))?.message).toMatch(/REDUCE_ONLY_REJECTED/);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entry_price: 101, exit_price: 98, gross_pnl: -6, fees: 0.398, pnl: -6.398 });
  });
});

describe('the built-in strategies', () => {
  it('load by name from strategies/, each with its parameters and defaults', async () => {
    const { builtInStrategies } = await import('../../src/backtest/load-strategy.js');
    const defs = await builtInStrategies();
    expect(defs.map((d) => [d.name, Object.keys(d.params)])).toEqual([
      ['sma_cross', ['fast', 'slow', 'quantity']],
      ['breakout', ['period', 'quantity', 'tp_ticks', 'sl_ticks']],
      ['mean_reversion', ['period', 'band_ticks', 'quantity']],
    ]);
    await expect(runBacktest({ data: klineCsv(ROWS), strategy: 'no_such_strategy', feeBps: 0 })).rejects.toThrow(/no strategy no_such_strategy/);
  });
});

describe('a strategy that fails', () => {
  it('stops the run with its error and the time it happened at', async () => {
    const def = defineStrategy({
      name: 'broken',
      description: 'throws on its third bar',
      params: {},
      create: () => ({
        onBar(bar) {
          if (bar.index === 2) throw new TypeError('oops');
        },
      }),
    });
    await expect(runBacktest({ data: klineCsv(ROWS), strategy: def, feeBps: 0 })).rejects.toThrow('strategy broken failed at 2025-01-01T00:02:45.000Z: oops');
  });
});
