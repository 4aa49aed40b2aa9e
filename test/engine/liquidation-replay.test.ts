import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../datasets.js';
import { Decimal } from '../../src/domain/decimal.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { DatasetLibrary } from '../../src/server/datasets/dataset-library.js';
import { SqliteDatasetStore } from '../../src/persistence/sqlite/sqlite-datasets.js';
import { REPLAY_EXCHANGE, ReplaySessions } from '../../src/app/replay-sessions.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { messagesOfEvents } from '../../src/domain/notifications/event-messages.js';
import { readCsv } from '../../src/sim/market/csv-bars.js';

const ETH = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
const MINUTE = 60_000;
const d = Decimal.parse;
const bars = (() => {
  const f = readCsv(join(DATASETS_DIR, `${ETH}.csv`));
  if (f.kind !== 'klines') throw new Error('klines expected');
  return f.bars;
})();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sessions(leverage: number) {
  const dir = mkdtempSync(join(tmpdir(), 'liquidation-'));
  dirs.push(dir);
  const mainDb = openDatabase(join(dir, 'trainer.db'));
  const s = new ReplaySessions({
    mainDb,
    dir: join(dir, 'replay'),
    datasets: new DatasetLibrary({ store: new SqliteDatasetStore(mainDb), bundledDirs: [DATASETS_DIR] }),
    sync: 'normal',
    defaultLeverage: Decimal.fromInt(leverage),
    defaultMarginMode: 'isolated',
    fillModel: 'through',
    slippageCapBps: 50,
  });
  return { s, close: () => (s.close(), mainDb.close()) };
}

/**
 * A 50× isolated long of 1 ETH on Bybit's ETHUSDT 1m file (Bybit's formula, its first risk limit:
 * MMR 0.5 %, no deduction), walked into liquidation by the file's own prices, every amount by hand.
 */
describe('liquidation on replayed data', () => {
  it('a 50× isolated long is closed at its liquidation price on the first bar whose low reaches it; the trader loses exactly the margin', () => {
    const m = sessions(50);
    const start = 2_000;
    const s = m.s.create({ datasetId: ETH, startTime: bars[start]!.openTime, startingCash: d('10000'), blind: false });
    const events: DomainEvent[] = [];
    s.engine.subscribe((e) => events.push(e));
    const entry = s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: d('1') });
    expect(entry.fills).toHaveLength(1);
    const ep = entry.fills[0]!.price;
    const openFee = entry.fills[0]!.fee;

    // By hand (Bybit, isolated): IM = 1 × EP / 50, MM = 1 × EP × 0.5 %, LP = EP − (IM − MM) / 1,
    // on the 0.01 tick (floored: a long is liquidated at or below it); bankruptcy BP = EP − IM.
    const im = ep.div(d('50'), 8);
    const mm = ep.mul(d('0.005'));
    const lp = ep.sub(im.sub(mm)).rescale(2, 'floor');
    const bp = ep.sub(im);
    const pos = s.engine.positions()[0]!;
    expect(s.engine.perpFigures(pos)).toMatchObject({ marginMode: 'isolated', leverage: d('50') });
    expect(s.engine.perpFigures(pos)!.liquidationPrice!.rescale(2, 'floor').toString()).toBe(lp.toString());

    // The first later bar whose low reaches LP (its path: open, nearer extreme, farther extreme, close).
    const hit = bars.findIndex((b, i) => i > start && b.low.lte(lp));
    expect(hit).toBeGreaterThan(start);
    expect(bars.slice(start + 1, hit).every((b) => b.low.gt(lp))).toBe(true);
    s.session.jumpTo(bars[hit]!.openTime + 10 * MINUTE);

    expect(s.engine.positions()).toEqual([]);
    const liq = events.find((e) => e.type === 'PositionLiquidated');
    expect(liq?.type).toBe('PositionLiquidated');
    if (liq?.type !== 'PositionLiquidated') return;
    expect(liq.fill.time).toBeGreaterThanOrEqual(bars[hit]!.openTime);
    expect(liq.fill.time).toBeLessThan(bars[hit]!.openTime + MINUTE);
    expect(liq.liquidationPrice.toString()).toBe(lp.toString());
    expect(liq.bankruptcyPrice!.toString()).toBe(bp.normalize().toString());
    // The closing order: a reduce-only SELL of the whole size, filled once at LP as a taker.
    expect(liq.order).toMatchObject({ side: 'SELL', type: 'MARKET', reduceOnly: true, status: 'FILLED', clientOrderId: `liquidation-${pos.id}` });
    expect(liq.fill).toMatchObject({ side: 'SELL', liquidity: 'TAKER' });
    expect(liq.fill.quantity.toString()).toBe('1');
    expect(liq.fill.price.toString()).toBe(lp.toString());
    // Realized: 1 × (LP − EP); the liquidation fee: what is left down to BP, 1 × (LP − BP).
    const realized = lp.sub(ep);
    const fee = lp.sub(bp).rescale(8, 'down');
    expect(liq.fill.realizedPnl.toString()).toBe(realized.toString());
    expect(liq.fill.fee.toString()).toBe(fee.toString());
    // Together: the margin, to the digit (realized − fee = BP − EP = −IM).
    expect(realized.sub(fee).toString()).toBe(im.neg().toString());
    expect(liq.position).toMatchObject({ closedAt: liq.fill.time });
    expect(liq.position.realizedPnl.toString()).toBe(realized.toString());
    // The account: 10,000 − the opening fee − the margin.
    const equity = s.engine.accountView('simulation').equity;
    expect(equity.toString()).toBe(d('10000').sub(openFee).sub(im).toString());
    // In the ledger: the order and its fill, as any other.
    const stored = s.store.listOrders({ status: 'all' }).find((o) => o.clientOrderId === `liquidation-${pos.id}`)!;
    expect(stored.status).toBe('FILLED');
    expect(s.store.fillsOf(stored.id).map((f) => f.fee.toString())).toEqual([fee.toString()]);
    // The 80 % margin-ratio warning lies 0.125 % of the price above LP: this file's bar goes from its
    // open to its low in one tick, past both, so no warning comes first (test/engine/perp-warning.test.ts walks one).
    expect(events.filter((e) => e.type === 'MarginWarning').length).toBeLessThanOrEqual(1);
    // What notifications and the page are told.
    const note = messagesOfEvents(events).find((n) => n.kind === 'liquidation')!;
    expect(note.title).toBe('Position liquidated: ETHUSDT');
    expect(note.body).toContain(`at the liquidation price ${lp.toString()}: realized PnL ${realized.toString()}, liquidation fee ${fee.toString()}`);
    m.close();
  });

  it('at 2× the same long rides through the same bars: no liquidation', () => {
    const m = sessions(2);
    const start = 2_000;
    const s = m.s.create({ datasetId: ETH, startTime: bars[start]!.openTime, startingCash: d('10000'), blind: false });
    s.engine.submitOrder({ mode: 'simulation', exchange: REPLAY_EXCHANGE, symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: d('1') });
    s.session.jumpTo(bars[start + 600]!.openTime);
    expect(s.engine.positions()).toHaveLength(1);
    m.close();
  });
});
