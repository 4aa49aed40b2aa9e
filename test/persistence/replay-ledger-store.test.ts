import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { ReplayLedgerStore } from '../../src/persistence/sqlite/replay-ledger-store.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a practice session's ledger", () => {
  it('writes the cursor in the same transaction as every commit', () => {
    const file = join(dir, '1.db');
    let position = 1234;
    const db = openDatabase(file);
    const store = new ReplayLedgerStore(db, () => position);
    expect(store.loadCursor()).toBeNull();
    store.commit([{ events: [], orders: [], fills: [], positions: [] }]);
    expect(store.loadCursor()).toBe(1234);
    position = 99;
    // A commit that fails writes no cursor either.
    expect(() => store.commit([{ events: [], orders: [{ id: 'x' } as never], fills: [], positions: [] }])).toThrow();
    expect(store.loadCursor()).toBe(1234);
    store.saveCursor(5);
    db.close();
    const again = new ReplayLedgerStore(openDatabase(file), () => 0);
    expect(again.loadCursor()).toBe(5);
  });
});
