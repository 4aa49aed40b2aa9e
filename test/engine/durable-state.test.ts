import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { rig, tick, type Rig } from './harness.js';

let r: Rig;
afterEach(() => r?.close());
const key = { mode: 'simulation' as const, exchange: 'sim', symbol: 'BTCUSDT' };

describe('engine state is a projection of the ledger', () => {
  it('open orders, exits and positions come back after a restart and keep working', () => {
    r = rig();
    r.market(tick('64000'));
    r.order({ quantity: dec('0.4'), stopLoss: dec('63900') });
    const resting = r.order({ type: 'LIMIT', quantity: dec('0.1'), price: dec('63950') }).order;
    const json = (v: unknown) => JSON.parse(JSON.stringify(v));
    const before = json(r.engine.position(key));
    r = r.reopen();
    expect(json(r.engine.position(key))).toEqual(before);
    expect(r.engine.openOrderList().map((o) => o.type).sort()).toEqual(['LIMIT', 'STOP_MARKET']);
    r.market(tick('63949.9'));
    expect(r.store.findOrder(resting.id)!.status).toBe('FILLED');
    expect(r.engine.position(key)!.quantity.toString()).toBe('0.5');
    // New ids continue after the old ones.
    const next = r.order({ quantity: dec('0.01'), type: 'LIMIT', price: dec('63000') }).order;
    expect(Number(next.id)).toBeGreaterThan(Number(resting.id));
  });

  it('a failed commit changes nothing: no state, no resting order in the venue, no event', () => {
    r = rig();
    r.market(tick('64000'));
    const events: string[] = [];
    r.engine.subscribe((e) => events.push(e.type));
    r.db.exec('CREATE TRIGGER no_orders BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, "disk says no"); END');
    expect(() => r.order({ type: 'LIMIT', quantity: dec('0.1'), price: dec('63950') })).toThrow(/disk says no/);
    expect(r.engine.openOrderList()).toEqual([]);
    expect(events).toEqual([]);
    r.db.exec('DROP TRIGGER no_orders');
    r.market(tick('63000', { trade: '5' })); // the phantom order would have filled here
    expect(r.store.listOrders({ status: 'all' })).toEqual([]);
    expect(r.engine.position(key)).toBeNull();
  });

  it('every event is in the journal before a subscriber hears it', () => {
    r = rig();
    r.market(tick('64000'));
    const seen: number[] = [];
    r.engine.subscribe(() => seen.push(r.store.events().length));
    r.order({ quantity: dec('0.01') });
    // OrderAccepted, OrderFilled, PositionChanged: all three committed before the first is published.
    expect(seen).toEqual([3, 3, 3]);
  });
});

describe('group commit', () => {
  function grouped() {
    const flushes: (() => void)[] = [];
    r = rig(undefined, undefined, (f) => flushes.push(f));
    return { flush: () => flushes.splice(0).forEach((f) => f()), flushes };
  }

  it('units of one turn share a transaction; nothing is published or readable from the ledger before it commits', async () => {
    const g = grouped();
    r.market(tick('64000'));
    g.flush();
    const events: string[] = [];
    r.engine.subscribe((e) => events.push(e.type));
    const a = r.order({ quantity: dec('0.01'), clientOrderId: 'g-1' });
    const b = r.order({ quantity: dec('0.02') });
    // The engine already applied both (the second saw the first's position) …
    expect(r.engine.position(key)!.quantity.toString()).toBe('0.03');
    // … a resend of the same client id is still one order …
    expect(r.order({ quantity: dec('0.01'), clientOrderId: 'g-1' }).order.id).toBe(a.order.id);
    // … but nothing is in the ledger, nor told, until the turn's single commit.
    expect(r.store.listOrders({ status: 'all' })).toEqual([]);
    expect(events).toEqual([]);
    let durable = false;
    const done = r.engine.durable().then(() => (durable = true));
    await Promise.resolve();
    expect(durable).toBe(false);
    expect(g.flushes.length).toBe(1);
    g.flush();
    await done;
    expect(r.store.listOrders({ status: 'all' }).map((o) => o.id).sort()).toEqual([a.order.id, b.order.id].sort());
    expect(events.filter((t) => t === 'OrderFilled').length).toBe(2);
  });

  it('a refused group commit fails every command in it and rebuilds the memory from the ledger', async () => {
    const g = grouped();
    r.market(tick('64000'));
    r.order({ quantity: dec('0.05') });
    g.flush();
    await r.engine.durable();
    r.db.exec('CREATE TRIGGER no_orders BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, "disk says no"); END');
    r.order({ type: 'LIMIT', quantity: dec('0.1'), price: dec('63950') });
    r.order({ quantity: dec('0.02') });
    expect(r.engine.position(key)!.quantity.toString()).toBe('0.07');
    const durable = r.engine.durable();
    g.flush();
    await expect(durable).rejects.toThrow(/disk says no/);
    expect(r.engine.position(key)!.quantity.toString()).toBe('0.05');
    expect(r.engine.openOrderList()).toEqual([]);
    r.db.exec('DROP TRIGGER no_orders');
    r.market(tick('63000', { trade: '5' })); // the lost limit order must not fill
    g.flush();
    await r.engine.durable();
    expect(r.store.listOrders({ status: 'all' }).length).toBe(1);
  });
});
