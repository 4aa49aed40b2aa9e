import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { rig, tick, type Rig } from './harness.js';

let r: Rig;
afterEach(async () => {
  await r.store.closeWriter();
  r.close();
});

const key = { mode: 'simulation' as const, exchange: 'sim', symbol: 'BTCUSDT' };

/** A group-committed engine whose ledger is written by the writer thread; turns are flushed by hand. */
function threaded() {
  const flushes: (() => void)[] = [];
  r = rig(undefined, undefined, (f) => flushes.push(f), false, undefined, true);
  return { flush: () => flushes.splice(0).forEach((f) => f()), flushes };
}

/** What another connection (another process, after a crash) reads from the file. */
function fromDisk(): { orders: number; fills: number } {
  const db = new Database(join(r.dir, 'trainer.db'), { readonly: true });
  try {
    return {
      orders: db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number,
      fills: db.prepare('SELECT COUNT(*) FROM fills').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('group commit on the writer thread', () => {
  it('acknowledges only once the thread committed; the next turn gathers while one is in flight; reads see what is in flight', async () => {
    const g = threaded();
    r.market(tick('64000'));
    g.flush();
    await r.engine.durable();
    const a = r.order({ quantity: dec('0.01'), clientOrderId: 't-1' });
    g.flush(); // the first batch goes to the thread
    const first = r.engine.durable();
    // While it is in flight: a second turn, a resend of the same client id, the fills of the first.
    const b = r.order({ quantity: dec('0.02'), clientOrderId: 't-2' });
    expect(r.order({ quantity: dec('0.01'), clientOrderId: 't-1' }).order.id).toBe(a.order.id);
    expect(r.engine.fillsOf(a.order.id).map((f) => f.id)).toEqual(a.fills.map((f) => f.id));
    g.flush(); // its turn ends while the first is still being written: it waits for it
    const second = r.engine.durable();
    expect(second).not.toBe(first);
    await first;
    expect(fromDisk()).toEqual({ orders: 1, fills: 1 });
    await second;
    expect(fromDisk()).toEqual({ orders: 2, fills: 2 });
    expect(r.store.findOrderByClientId('simulation', 'sim', b.order.clientOrderId!)?.id).toBe(b.order.id);
    expect(r.engine.position(key)!.quantity.toString()).toBe('0.03');
  });

  it('a refused transaction fails its batch and the one built on it; memory is rebuilt from the ledger and the dropped batch is never written', async () => {
    const g = threaded();
    r.market(tick('64000'));
    r.order({ quantity: dec('0.05') });
    g.flush();
    await r.engine.durable();
    r.db.exec('CREATE TRIGGER no_orders BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, "disk says no"); END');
    r.order({ quantity: dec('0.02') });
    g.flush();
    const refused = r.engine.durable();
    r.order({ quantity: dec('0.03') }); // applied on top of the one being refused
    g.flush();
    const after = r.engine.durable();
    await expect(refused).rejects.toThrow(/disk says no/);
    await expect(after).rejects.toThrow(/disk says no/);
    expect(r.engine.position(key)!.quantity.toString()).toBe('0.05');
    r.db.exec('DROP TRIGGER no_orders');
    await new Promise((res) => setTimeout(res, 20));
    g.flush();
    await r.engine.durable();
    expect(fromDisk()).toEqual({ orders: 1, fills: 1 });
  });
});
