import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { MemoryLedgerStore } from '../../src/persistence/memory/memory-ledger-store.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { SqliteLedgerStore } from '../../src/persistence/sqlite/sqlite-ledger-store.js';
import { DATASET } from '../datasets.js';

describe('the backtest ledger', () => {
  it.each([
    // Client ids of ours (bt-…) and the brackets' (…-tp, …-sl).
    [{ strategy: 'breakout', params: { period: 30 } }, ['bt-N', 'bt-N-tp', 'bt-N-sl']],
    // The engine's own (st-…): target-position orders carry none of ours.
    [{ strategy: 'sma_cross', params: { fast: 5, slow: 20 } }, ['st-N']],
  ] as const)('in memory answers what the SQLite ledger answers for the same run (%j)', async (run, ids) => {
    const opts = { data: DATASET.ethBybit1m, ...run, feeBps: 4, slippageBps: 1, to: Date.UTC(2025, 5, 3) };
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
    expect(orders.length).toBeGreaterThan(a.trade_count);
    expect(JSON.stringify(orders)).toBe(JSON.stringify(sqlite.listOrders(all)));
    expect(JSON.stringify(memory.listPositions(all))).toBe(JSON.stringify(sqlite.listPositions(all)));
    expect(JSON.stringify(orders.flatMap((o) => memory.fillsOf(o.id)))).toBe(JSON.stringify(orders.flatMap((o) => sqlite.fillsOf(o.id))));
    expect(memory.lastIds()).toEqual(sqlite.lastIds());
    expect(JSON.stringify(memory.ledgerTotals())).toBe(JSON.stringify(sqlite.ledgerTotals()));
    expect(memory.loadOpenOrders()).toEqual([]);
    expect(new Set(orders.map((o) => o.clientOrderId.replace(/\d+/g, 'N')))).toEqual(new Set(ids));
    for (const o of orders) {
      // (JSON: the SQLite rows come back at the instrument's scale, the same values.)
      expect(JSON.stringify(memory.findOrderByClientId(o.mode, o.exchange, o.clientOrderId))).toBe(JSON.stringify(sqlite.findOrderByClientId(o.mode, o.exchange, o.clientOrderId)));
      expect(JSON.stringify(memory.findOrder(o.id))).toBe(JSON.stringify(sqlite.findOrder(o.id)));
    }
    expect(memory.findOrderByClientId('simulation', 'backtest', 'st-0' as never)).toBeNull();
    expect(memory.findOrderByClientId('paper_trading', 'backtest', orders[0]!.clientOrderId)).toBeNull();
    db.close();
  }, 30_000);
});
