import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { client, freshDataDir, testEnv } from './harness.js';

const dir = freshDataDir();
const start = (): Promise<Running> => startApp(loadConfig(testEnv(dir)), pino({ level: 'silent' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the journal across a restart', () => {
  it('keeps annotations, and the excursion of a position open over the restart', async () => {
    let app = await start();
    let api = client(app.url);
    const buy = { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 };
    expect((await api.post('/api/trading/order', buy)).status).toBe(200);
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
    const first = ((await api.get('/api/journal')).json as { trades: { trade_id: string }[] }).trades[0]!;
    expect((await api.send('PATCH', `/api/journal/${first.trade_id}`, { json: { tags: ['kept'], rating: 5, notes: 'before the restart' } })).status).toBe(200);
    const open = (await api.post('/api/trading/order', buy)).json as { fills: { price: number }[] };
    await new Promise((r) => setTimeout(r, 500)); // ticks move its excursion
    await app.close();

    const db = openDatabase(join(dir, 'trainer.db'));
    const saved = db.prepare('SELECT best_price, worst_price FROM excursions ORDER BY position_id DESC LIMIT 1').get() as { best_price: string; worst_price: string };
    db.close();
    expect(Number(saved.best_price)).toBeGreaterThanOrEqual(open.fills[0]!.price);
    expect(Number(saved.worst_price)).toBeLessThanOrEqual(open.fills[0]!.price);

    app = await start();
    api = client(app.url);
    try {
      expect((await api.post('/api/position/close', { symbol: 'BTCUSDT' })).status).toBe(200);
      const j = (await api.get('/api/journal')).json as { trades: { trade_id: string; tags: string[]; rating: number; notes: string; best_price: number; worst_price: number }[] };
      expect(j.trades.length).toBe(2);
      const [second, again] = j.trades as [(typeof j.trades)[0], (typeof j.trades)[0]];
      expect([again.trade_id, again.tags, again.rating, again.notes]).toEqual([first.trade_id, ['kept'], 5, 'before the restart']);
      expect(second.best_price).toBeGreaterThanOrEqual(Number(saved.best_price));
      expect(second.worst_price).toBeLessThanOrEqual(Number(saved.worst_price));
    } finally {
      await app.close();
    }
  }, 30_000);
});
