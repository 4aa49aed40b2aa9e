import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { ExecutionEngine } from '../../src/engine/execution-engine.js';
import { perpTermsOf } from '../../src/engine/perp-terms.js';
import { MemoryLedgerStore } from '../../src/persistence/memory/memory-ledger-store.js';
import { SimVenue } from '../../src/sim/sim-venue.js';
import { BTC, tick } from './harness.js';

function engineAt(leverage: number) {
  let engine: ExecutionEngine | null = null;
  const clock = { t: 1_700_000_000_000, now() { return ++this.t; } };
  engine = new ExecutionEngine({
    store: new MemoryLedgerStore(),
    clock,
    venueFor: () => new SimVenue([BTC], (o) => engine!.positionOf(o)),
    instrument: (ex, s) => (ex === 'sim' && s === 'BTCUSDT' ? BTC : null),
    leverage: () => Decimal.fromInt(leverage),
    perp: perpTermsOf({ leverage: () => Decimal.fromInt(leverage), marginMode: () => 'isolated', venue: () => 'sim' }),
  });
  const events: DomainEvent[] = [];
  engine.subscribe((e) => events.push(e));
  return { engine, events };
}

/** A tick whose venue mark price is `price` (its last too): the mark is what margin is measured at. */
const at = (price: string) => ({ ...tick(price), mark: dec(price) });

describe('the margin-ratio warning, then the liquidation (sim: Binance BTCUSDT tier 1, 0.4 %, cum 0)', () => {
  it('warns once when the mark reaches 80 % margin ratio, liquidates at 100 %', () => {
    const { engine, events } = engineAt(50);
    engine.onTick('sim', tick('60000'));
    const buy = engine.submitOrder({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    const ep = buy.fills[0]!.price; // 60,000.1, the ask
    const q = dec('0.1');
    const im = q.mul(ep).div(dec('50'), 8);
    // By hand: LP = (IM − q·EP)/(q·0.004 − q); the 80 % price: 0.8·(IM − q·EP)/(q·0.004 − 0.8·q); both floored to 0.1.
    const lp = im.sub(q.mul(ep)).div(q.mul(dec('0.004')).sub(q), 8).rescale(1, 'floor');
    const warn = dec('0.8').mul(im.sub(q.mul(ep))).div(q.mul(dec('0.004')).sub(dec('0.8').mul(q)), 8).rescale(1, 'floor');
    expect([ep.toString(), lp.toString(), warn.toString()]).toEqual(['60000.1', '59036.2', '59095.5']);
    const kinds = () => events.filter((e) => e.type === 'MarginWarning' || e.type === 'PositionLiquidated').map((e) => e.type);
    engine.onTick('sim', at('59200'));
    expect(kinds()).toEqual([]);
    engine.onTick('sim', at(warn.add(dec('0.1')).toString()));
    expect(kinds()).toEqual([]);
    engine.onTick('sim', at(warn.toString()));
    expect(kinds()).toEqual(['MarginWarning']);
    engine.onTick('sim', at('59080'));
    engine.onTick('sim', at(lp.add(dec('0.1')).toString()));
    expect(kinds()).toEqual(['MarginWarning']); // once
    engine.onTick('sim', at(lp.toString()));
    expect(kinds()).toEqual(['MarginWarning', 'PositionLiquidated']);
    const liq = events.find((e) => e.type === 'PositionLiquidated');
    if (liq?.type !== 'PositionLiquidated') throw new Error('no liquidation');
    // Bankruptcy EP − IM/q = 58,800.098; the fee 0.1 × (59,036.2 − 58,800.098) = 23.6102; realized 0.1 × (LP − EP) = −96.39.
    expect(liq.bankruptcyPrice!.toString()).toBe('58800.098');
    expect(liq.fill.fee.toString()).toBe('23.6102');
    expect(liq.fill.realizedPnl.toString()).toBe('-96.39');
    expect(liq.fill.realizedPnl.sub(liq.fill.fee).toString()).toBe(im.neg().toString());
  });

  it('a gap straight through both prices liquidates without a warning first', () => {
    const { engine, events } = engineAt(50);
    engine.onTick('sim', tick('60000'));
    engine.submitOrder({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    engine.onTick('sim', at('58000'));
    expect(events.filter((e) => e.type === 'MarginWarning')).toEqual([]);
    const liq = events.find((e) => e.type === 'PositionLiquidated');
    // Filled at the liquidation price, not at the gap's price: the trader loses the margin, no more.
    expect(liq?.type === 'PositionLiquidated' && liq.fill.price.toString()).toBe('59036.2');
    expect(engine.positions()).toEqual([]);
  });

  it('compares a mark at its own scale: 59,036.3 is above LP 59,036.2, 59,036 (parsed at scale 0) below it', () => {
    const { engine, events } = engineAt(50);
    engine.onTick('sim', tick('60000'));
    engine.submitOrder({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    engine.onTick('sim', at('59036.3'));
    expect(events.filter((e) => e.type === 'PositionLiquidated')).toEqual([]);
    expect(engine.positions()).toHaveLength(1);
    engine.onTick('sim', at('59036'));
    expect(events.filter((e) => e.type === 'PositionLiquidated')).toHaveLength(1);
  });

  it('without a venue mark the mid of the bid and ask is the mark: a last at the liquidation price with the mid above it liquidates nothing', () => {
    const { engine, events } = engineAt(50);
    engine.onTick('sim', tick('60000'));
    engine.submitOrder({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    const liquidations = () => events.filter((e) => e.type === 'PositionLiquidated');
    // LP 59,036.2 (as above). Last and bid at it, ask 59,036.4: mid 59,036.3, above it.
    engine.onTick('sim', tick('59036.2', { spread: '0.2' }));
    expect(liquidations()).toEqual([]);
    expect(engine.positions()).toHaveLength(1);
    // Bid 59,036.1, ask 59,036.3: mid 59,036.2, the liquidation price.
    engine.onTick('sim', tick('59036.1', { spread: '0.2' }));
    const liq = liquidations()[0];
    expect(liq?.type === 'PositionLiquidated' && liq.fill.price.toString()).toBe('59036.2');
  });
});
