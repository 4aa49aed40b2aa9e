import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { d, expectError, expectNamesField, serverForSuite, simTicker } from './harness.js';

/** The read-only HTTP contract: health, exchanges, market data, the API documentation and the market stream. */
const { srv, api } = serverForSuite();

describe('health and exchanges', () => {
  it('GET /health answers ok with the database ok and the sim feed live (once the feed has ticked, within 2 s of start)', async () => {
    type Health = { status: string; database: { ok: boolean }; feeds: { exchange: string; state: string; last_tick_at: number | null }[] };
    // Right after start the feed has not ticked yet and is reported "stale" (see the report): poll briefly.
    const until = Date.now() + 2_000;
    let res = await api.get('/health');
    while ((res.json as Health).status !== 'ok' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      res = await api.get('/health');
    }
    expect(res.status).toBe(200);
    const body = res.json as Health;
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    const sim = body.feeds.find((f) => f.exchange === 'sim');
    expect(sim?.state).toBe('live');
    expect(sim?.last_tick_at).toBeTypeOf('number');
  });

  it('GET /api/exchanges lists sim as connected with its market types and features', async () => {
    const res = await api.get('/api/exchanges');
    expect(res.status).toBe(200);
    const { exchanges } = res.json as { exchanges: { id: string; name: string; connected: boolean; testnet: boolean; market_types: string[]; features: string[] }[] };
    const sim = exchanges.find((e) => e.id === 'sim');
    expect(sim).toBeDefined();
    expect(sim!.connected).toBe(true);
    expect(sim!.testnet).toBe(false);
    expect(sim!.name).toBeTypeOf('string');
    expect(sim!.market_types).toContain('linear');
    expect(Array.isArray(sim!.features)).toBe(true);
  });
});

describe('market data', () => {
  it('the ticker has bid < ask on the tick grid, and the symbol is case-insensitive on input', async () => {
    const t = await simTicker(api, 'btcusdt');
    expect(t.exchange).toBe('sim');
    expect(t.symbol).toBe('BTCUSDT');
    expect(d(t.bid).lt(d(t.ask))).toBe(true);
    for (const p of [t.bid, t.ask, t.last]) expect(d(p).isMultipleOf(d('0.1'))).toBe(true);
    expect(t.volume_24h).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(t.timestamp)).toBe(true);
  });

  it('klines come oldest first, one minute apart, and the limit is respected', async () => {
    const res = await api.get('/api/exchanges/sim/klines/BTCUSDT?interval=1m&limit=5');
    expect(res.status, res.text).toBe(200);
    const body = res.json as { exchange: string; symbol: string; interval: string; klines: { open_time: number; open: number; high: number; low: number; close: number; volume: number; close_time: number }[] };
    expect(body.exchange).toBe('sim');
    expect(body.symbol).toBe('BTCUSDT');
    expect(body.interval).toBe('1m');
    expect(body.klines).toHaveLength(5);
    for (let i = 0; i < body.klines.length; i++) {
      const k = body.klines[i]!;
      expect(k.close_time).toBe(k.open_time + 59_999);
      expect(k.high).toBeGreaterThanOrEqual(Math.max(k.open, k.close));
      expect(k.low).toBeLessThanOrEqual(Math.min(k.open, k.close));
      expect(k.volume).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(k.open_time).toBe(body.klines[i - 1]!.open_time + 60_000);
    }
    const fewer = await api.get('/api/exchanges/sim/klines/BTCUSDT?limit=2');
    expect((fewer.json as { klines: unknown[] }).klines).toHaveLength(2);
  });

  it('klines without a limit default to the whole warm-up history (at most 500), oldest first', async () => {
    const res = await api.get('/api/exchanges/sim/klines/BTCUSDT');
    expect(res.status).toBe(200);
    const { klines } = res.json as { klines: { open_time: number }[] };
    expect(klines.length).toBeGreaterThanOrEqual(30);
    expect(klines.length).toBeLessThanOrEqual(500);
    const times = klines.map((k) => k.open_time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('klines with an unknown interval are a 400 naming the interval', async () => {
    const body = expectError(await api.get('/api/exchanges/sim/klines/BTCUSDT?interval=7x'), 400, 'INVALID_FIELD');
    expectNamesField(body, 'interval');
  });
});

describe('documentation', () => {
  it('/openapi.json is a valid OpenAPI document listing the routes', async () => {
    const res = await api.get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/health', 'get'],
      ['/api/exchanges', 'get'],
      ['/api/exchanges/{exchange}/ticker/{symbol}', 'get'],
      ['/api/exchanges/{exchange}/klines/{symbol}', 'get'],
      ['/api/trading/order', 'post'],
      ['/api/trading/orders', 'get'],
      ['/api/trading/order/{exchange}/{symbol}/{order_id}', 'delete'],
      ['/api/position', 'get'],
      ['/api/position/close', 'post'],
      ['/api/positions', 'get'],
    ] as const) {
      expect(doc.paths[path], `openapi lists ${path}`).toBeDefined();
      expect(doc.paths[path]![method], `openapi lists ${method.toUpperCase()} ${path}`).toBeDefined();
    }
  });

  it('/docs answers 200 with HTML', async () => {
    const res = await api.get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text.toLowerCase()).toContain('<html');
  });
});

describe('WS /ws/multi-exchange/{symbol}', () => {
  interface WsResult {
    messages: Record<string, unknown>[];
    close: { code: number; reason: string } | null;
  }

  /** Opens the stream and collects messages until `done` says so (or the socket closes). */
  function collect(symbol: string, done: (msgs: Record<string, unknown>[]) => boolean, timeoutMs = 5_000): Promise<WsResult> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${srv.wsUrl}/ws/multi-exchange/${symbol}`);
      const result: WsResult = { messages: [], close: null };
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`timed out; got ${JSON.stringify(result.messages)}`));
      }, timeoutMs);
      ws.on('message', (data) => {
        result.messages.push(JSON.parse(String(data)) as Record<string, unknown>);
        if (done(result.messages)) ws.close();
      });
      ws.on('close', (code, reason) => {
        clearTimeout(timer);
        result.close = { code, reason: reason.toString() };
        resolve(result);
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  it('streams ticker messages from sim and a best bid/ask message', async () => {
    const { messages } = await collect('BTCUSDT', (m) => m.filter((x) => x.type === 'ticker').length >= 2 && m.some((x) => x.type === 'best'));
    const tickers = messages.filter((m) => m.type === 'ticker');
    expect(tickers.length).toBeGreaterThanOrEqual(2);
    for (const t of tickers) {
      expect(t).toMatchObject({ type: 'ticker', exchange: 'sim', symbol: 'BTCUSDT' });
      expect(t.bid).toBeTypeOf('number');
      expect(t.ask).toBeTypeOf('number');
      expect(t.last).toBeTypeOf('number');
      expect(t.timestamp).toBeTypeOf('number');
      expect(t.bid as number).toBeLessThan(t.ask as number);
    }
    const best = messages.find((m) => m.type === 'best') as { symbol: string; best_bid: { exchange: string; price: number }; best_ask: { exchange: string; price: number }; spread: number };
    expect(best.symbol).toBe('BTCUSDT');
    expect(best.best_bid.exchange).toBe('sim');
    expect(best.best_ask.exchange).toBe('sim');
    expect(d(best.spread).eq(d(best.best_ask.price).sub(d(best.best_bid.price)))).toBe(true);
  });

  it('an unknown symbol gets an error message and the socket is closed by the server', async () => {
    const { messages, close } = await collect('DOGEUSDT', () => false);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'error', error: { code: 'UNKNOWN_SYMBOL' } });
    expect((messages[0] as { error: { message: string } }).error.message).toBeTypeOf('string');
    expect(close?.code).toBe(1008);
  });
});
