import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { ExcursionTracker } from '../../src/engine/excursion-tracker.js';
import { SqliteExcursions } from '../../src/persistence/sqlite/sqlite-excursions.js';
import { rig, tick, type Rig } from './harness.js';

/** The engine and a tracker fed as the app feeds it: its events, and every tick after the engine saw it. */
function tracked(r: Rig) {
  const tracker = new ExcursionTracker(new SqliteExcursions(r.db), r.engine.positions());
  r.engine.subscribe((e) => tracker.onEvent(e));
  const market = (last: string) => {
    const t = tick(last, { size: '10' });
    r.market(t);
    tracker.onTick('sim', t);
  };
  return { tracker, market };
}

let r: Rig | null = null;
afterEach(() => r?.close());

describe('excursion tracker', () => {
  it('keeps the best and worst price and open PnL of a long, across a restart, and stores them at close', async () => {
    r = rig();
    let { tracker, market } = tracked(r);
    market('100');
    const entry = r.order({ side: 'BUY', quantity: dec('1') });
    const price = entry.fills[0]!.price; // the ask, 100.1
    expect(price.toString()).toBe('100.1');
    const id = entry.fills[0]!.positionId;
    market('105');
    market('95');
    market('102');
    let ex = tracker.excursions([id]).get(id)!;
    expect([ex.bestPrice.toString(), ex.worstPrice.toString()]).toEqual(['105', '95']);
    // 1 × 105 − 100.1 = 4.9; 95 − 100.1 = −5.1
    expect([ex.mfe.toString(), ex.mae.toString()]).toEqual(['4.9', '-5.1']);

    tracker.flush();
    r = r.reopen();
    ({ tracker, market } = tracked(r));
    ex = tracker.excursions([id]).get(id)!;
    expect([ex.bestPrice.toString(), ex.worstPrice.toString(), ex.mfe.toString(), ex.mae.toString()]).toEqual(['105', '95', '4.9', '-5.1']);
    market('106');
    const close = r.engine.closePosition({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' });
    expect(close.fills[0]!.price.toString()).toBe('106'); // the bid
    market('90'); // after the close: not this position's any more
    await Promise.resolve(); // the changes of a commit are written in one microtask, before any acknowledgement
    ex = new SqliteExcursions(r.db).load([id])[0]!;
    expect([ex.bestPrice.toString(), ex.worstPrice.toString(), ex.mfe.toString(), ex.mae.toString()]).toEqual(['106', '95', '5.9', '-5.1']);
  });

  it('a short: best is the lowest price; a flip starts the new position at the flip price', () => {
    r = rig();
    const { tracker, market } = tracked(r);
    market('100');
    const short = r.order({ side: 'SELL', quantity: dec('2') }); // at the bid, 100
    const first = short.fills[0]!.positionId;
    market('98');
    market('101');
    const flip = r.order({ side: 'BUY', quantity: dec('5') }); // at the ask 101.1: closes 2, opens a long of 3
    market('103');
    const ex = tracker.excursions([first]).get(first)!;
    // short 2 @ 100: best 98 (+4), worst 101.1 at the flip (−2.2)
    expect([ex.bestPrice.toString(), ex.worstPrice.toString(), ex.mfe.toString(), ex.mae.toString()]).toEqual(['98', '101.1', '4', '-2.2']);
    const next = r.engine.positions()[0]!.id;
    expect(next).not.toBe(first);
    expect(flip.fills[0]!.positionId).toBe(first);
    const ex2 = tracker.excursions([next]).get(next)!;
    // long 3 @ 101.1: best 103 (3 × 1.9 = 5.7), worst 101.1, never below 0
    expect([ex2.bestPrice.toString(), ex2.worstPrice.toString(), ex2.mfe.toString(), ex2.mae.toString()]).toEqual(['103', '101.1', '5.7', '0']);
  });
});
