import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { notifications } from '../../src/app/notifications.js';
import { Decimal } from '../../src/domain/decimal.js';
import type { ExchangeAdapter, FeedState } from '../../src/engine/ports.js';
import { RiskEngine } from '../../src/engine/risk-engine.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { NotifyingRiskStore } from '../../src/persistence/sqlite/notifying-risk-store.js';
import { SqliteRiskStore } from '../../src/persistence/sqlite/sqlite-risk-store.js';
import { waitFor } from '../wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('what is no ledger event is watched and written to the outbox', () => {
  it('a feed going stale and coming back, the day’s loss at 80 % and 100 % (once each), the REDUCING it causes, and a reconciliation difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-watch-'));
    const db = openDatabase(join(dir, 'trainer.db'));
    cleanups.push(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    let state: FeedState = 'live';
    const feed = { id: 'binance', info: () => ({ connected: true }), status: () => ({ state, lastTickAt: null, source: 'test', reason: state === 'live' ? null : 'no ticks for 10 s' }) } as unknown as ExchangeAdapter;
    let equity = Decimal.parse('10000');
    const notes = notifications({ db, masterKey: randomBytes(32), logger: pino({ level: 'silent' }), exchanges: new Map([['binance', feed]]), mode: () => 'paper_trading', knownEquity: () => equity, watchMs: 20 });
    cleanups.push(() => notes.stop());
    const risk = new RiskEngine(new NotifyingRiskStore(new SqliteRiskStore(db), notes.outbox), { now: () => Date.now() });
    risk.setLimits({ maxDailyLoss: Decimal.parse('100') });
    notes.setRisk(risk);
    const keys = () => (db.prepare('SELECT dedup_key, kind, title FROM notification_outbox ORDER BY id').all() as { dedup_key: string; kind: string; title: string }[]);
    const kinds = () => keys().map((k) => k.kind);

    await new Promise((r) => setTimeout(r, 60));
    state = 'stale';
    await waitFor(() => kinds().includes('feed_status'), 2_000, 'stale');
    state = 'live';
    await waitFor(() => kinds().filter((k) => k === 'feed_status').length === 2, 2_000, 'back');
    expect(keys().map((k) => k.title)).toEqual(['Feed stale: binance', 'Feed back: binance']);

    equity = Decimal.parse('9915'); // 85 of 100: past 80 %
    await waitFor(() => kinds().includes('daily_loss'), 2_000, '80 %');
    await new Promise((r) => setTimeout(r, 100));
    expect(kinds().filter((k) => k === 'daily_loss')).toHaveLength(1); // told once, however often looked at
    equity = Decimal.parse('9899');
    await waitFor(() => kinds().filter((k) => k === 'daily_loss').length === 2, 2_000, '100 %');
    await waitFor(() => kinds().includes('risk_state'), 2_000, 'REDUCING');
    const titles = keys().map((k) => k.title);
    expect(titles).toContain('Daily loss at 80 % of the limit (paper_trading)');
    expect(titles).toContain('Daily loss limit reached (paper_trading)');
    expect(titles).toContain('Trading REDUCING (paper_trading)');

    notes.reconciliation('binance', [{ symbol: 'BTCUSDT', exchange: '0.02', local: '0.01' }]);
    notes.reconciliation('binance', [{ symbol: 'BTCUSDT', exchange: '0.02', local: '0.01' }]);
    expect(kinds().filter((k) => k === 'reconciliation')).toHaveLength(1);
  });
});
