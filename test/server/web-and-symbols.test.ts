import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../wait-for.js';
import { expectError, REPO_ROOT, serverForSuite } from './harness.js';

describe('the web page, its assets, the symbol list and live trade sizes', () => {
  const { srv, api } = serverForSuite({ builtPage: true });

  it('GET / serves the built trainer, never cached, pointing at hashed assets', async () => {
    const res = await api.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.text).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it('serves each asset with its content type, cached for a year', async () => {
    const files = readdirSync(join(REPO_ROOT, 'web', 'dist', 'assets'));
    const js = files.find((f) => f.startsWith('index-') && f.endsWith('.js'))!;
    const css = files.find((f) => f.endsWith('.css'))!;
    const a = await api.get(`/assets/${js}`);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(a.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(a.text.length).toBeGreaterThan(10_000);
    expect((await api.get(`/assets/${css}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a missing asset and refuses a path outside the assets', async () => {
    expectError(await api.get('/assets/index-nothere.js'), 404, 'NOT_FOUND');
    expectError(await api.get('/assets/index.html'), 404, 'NOT_FOUND');
    expectError(await api.get('/assets/..%2F..%2Fpackage.json'), 400, 'VALIDATION_ERROR');
  });

  it("lists an exchange's symbols with their tick and lot sizes", async () => {
    const res = await api.get('/api/exchanges/sim/symbols');
    expect(res.status).toBe(200);
    const body = res.json as { exchange: string; symbols: { symbol: string; tick_size: number; step_size: number; min_qty: number }[] };
    expect(body.exchange).toBe('sim');
    expect(body.symbols.map((s) => s.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    const btc = body.symbols.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc.tick_size).toBeGreaterThan(0);
    expect(btc.step_size).toBeGreaterThan(0);
    expect(btc.min_qty).toBeGreaterThanOrEqual(btc.step_size);
    expectError(await api.get('/api/exchanges/nowhere/symbols'), 404, 'UNKNOWN_EXCHANGE');
  });

  it('sends the size of each trade in the ticker stream (live candle volume)', async () => {
    const ws = new WebSocket(`${srv.wsUrl}/ws/multi-exchange/BTCUSDT`);
    const tickers: { trade_quantity?: number }[] = [];
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m)) as { type: string; trade_quantity?: number };
      if (msg.type === 'ticker') tickers.push(msg);
    });
    try {
      await waitFor(() => tickers.length >= 5, 10_000, 'five tickers');
      expect(tickers.every((t) => typeof t.trade_quantity === 'number' && t.trade_quantity >= 0)).toBe(true);
      expect(tickers.some((t) => t.trade_quantity! > 0)).toBe(true);
    } finally {
      ws.close();
    }
  });
});
