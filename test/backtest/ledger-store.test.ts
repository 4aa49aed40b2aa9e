import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { MemoryLedgerStore } from '../../src/persistence/memory/memory-ledger-store.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { SqliteLedgerStore } from '../../src/persistence/sqlite/sqlite-ledger-store.js';
import { DATASET } from '../datasets.js';

describe('the backtest ledger', () => {
  it('in memory answers what the SQLite ledger answers for the same run (the same port, the same engine)', async () => {
    const opts = { data: DATASET.ethBybit1m, strategy: 'breakout', params: { period: 30 }, feeBps: 4, slippageBps: 1, to: Date.UTC(2025, 5, 3) } as const;
    const memory = new MemoryLedgerStore();
    const db = openDatabase(':memory:');
    const sqlite = new SqliteLedgerStore(db);
    const a = await runBacktest({ ...opts, store: memory });
    const b = await runBacktest({ ...opts, store: sqlite });
    expect(a.trade_count).toBeGreaterThan(20);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // Every order, fill and position the engine committed, in both.
    const all = { status: 'all', limit: 1_000_000 } as const;
    const orders = memory.listOrders(all);
    expect(orders.length).toBeGreaterThan(2 * a.trade_count);
    expect(JSON.stringify(orders)).toBe(JSON.stringify(sqlite.listOrders(all)));
    expect(JSON.stringify(memory.listPositions(all))).toBe(JSON.stringify(sqlite.listPositions(all)));
    expect(JSON.stringify(orders.flatMap((o) => memory.fillsOf(o.id)))).toBe(JSON.stringify(orders.flatMap((o) => sqlite.fillsOf(o.id))));
    expect(memory.lastIds()).toEqual(sqlite.lastIds());
    expect(JSON.stringify(memory.ledgerTotals())).toBe(JSON.stringify(sqlite.ledgerTotals()));
    expect(memory.loadOpenOrders()).toEqual([]);
    db.close();
  }, 30_000);
});
