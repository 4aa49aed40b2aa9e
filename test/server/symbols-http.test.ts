import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../wait-for.js';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import { client, d, expectError, expectNamesField, freshDataDir, startTestServer, testEnv, type OrderJson, type PositionJson, type TestServer } from './harness.js';

interface Entry {
  symbol: string;
  exchanges: string[];
  added_at: number;
}
interface Quote {
  bid: number;
  ask: number;
  last: number;
  timestamp: number;
}
type Close = { orders: OrderJson[]; errors: { symbol: string; exchange: string; code: string }[] };

const SYMBOLS_ENV = { SIM_SYMBOLS: 'BTCUSDT,ETHUSDT,AVAXUSDT' };
let srv: TestServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  srv = await startTestServer(SYMBOLS_ENV);
  api = client(srv.url);
});
afterAll(async () => {
  await srv?.close();
});

const symbols = async () => ((await api.get('/api/symbols')).json as { symbols: Entry[] }).symbols;
const positions = async () => ((await api.get('/api/symbols/positions')).json as { positions: PositionJson[] }).positions;
const positionOf = async (symbol: string) => (await positions()).find((p) => p.symbol === symbol && p.exchange === 'sim')!;

async function quote(symbol: string): Promise<Quote> {
  const res = await api.get(`/api/symbols/${symbol}/prices`);
  expect(res.status, res.text).toBe(200);
  return (res.json as { prices: Record<string, Quote> }).prices.sim!;
}

/** A limit price `pct` % below the bid on the tick grid: rests, inside the price band. */
async function restingBid(symbol: string, tick: string, pct = 2): Promise<number> {
  const q = await quote(symbol);
  return d(q.bid).mul(d(100 - pct)).div(d(100), 8, 'floor').div(d(tick), 0, 'floor').mul(d(tick)).toNumber();
}

async function order(body: unknown): Promise<OrderJson> {
  const res = await api.post('/api/symbols/order', body);
  expect(res.status, res.text).toBe(200);
  return res.json as OrderJson;
}

describe('the watch list over HTTP', () => {
  it('a fresh database watches BTCUSDT and ETHUSDT on sim', async () => {
    const list = await symbols();
    expect(list.map((e) => [e.symbol, e.exchanges])).toEqual([
      ['BTCUSDT', ['sim']],
      ['ETHUSDT', ['sim']],
    ]);
    expect(list[0]!.added_at).toBeGreaterThan(Date.parse('2024-01-01'));
  });

  it('adds a symbol case-insensitively; adding it again keeps one entry', async () => {
    const res = await api.post('/api/symbols/add', { symbol: 'avaxusdt', exchanges: ['SIM'] });
    expect(res.status, res.text).toBe(200);
    const entry = res.json as Entry;
    expect(entry).toMatchObject({ symbol: 'AVAXUSDT', exchanges: ['sim'] });
    const again = await api.post('/api/symbols/add', { symbol: 'AVAXUSDT', exchanges: ['sim', 'sim'] });
    expect(again.json).toEqual(entry);
    expect((await symbols()).map((e) => e.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'AVAXUSDT']);
  });

  it('refuses a bad add naming the field, the exchange that is unknown or that does not list the symbol', async () => {
    expectNamesField(expectError(await api.post('/api/symbols/add', { symbol: 'ETHUSDT' }), 400, 'VALIDATION_ERROR'), 'exchanges');
    expectNamesField(expectError(await api.post('/api/symbols/add', { symbol: 'ETHUSDT', exchanges: [] }), 400, 'VALIDATION_ERROR'), 'exchanges');
    expectNamesField(expectError(await api.post('/api/symbols/add', { symbol: 'ETHUSDT', exchanges: 'sim' }), 400, 'VALIDATION_ERROR'), 'exchanges');
    expectNamesField(expectError(await api.post('/api/symbols/add', { symbol: 'ETH-USDT', exchanges: ['sim'] }), 400, 'VALIDATION_ERROR'), 'symbol');
    expectNamesField(expectError(await api.post('/api/symbols/add', { symbol: 'ETHUSDT', exchanges: ['sim'], exchange: 'sim' }), 400, 'VALIDATION_ERROR'), 'exchange');
    expectError(await api.send('POST', '/api/symbols/add', { raw: '{"symbol": "ETHUSDT",' }), 400, 'MALFORMED_JSON');
    const unknown = expectError(await api.post('/api/symbols/add', { symbol: 'ETHUSDT', exchanges: ['sim', 'kraken'] }), 404, 'UNKNOWN_EXCHANGE');
    expect(unknown.error.message).toContain('kraken');
    const unlisted = expectError(await api.post('/api/symbols/add', { symbol: 'DOGEUSDT', exchanges: ['sim'] }), 404, 'UNKNOWN_SYMBOL');
    expect(unlisted.error.message).toContain('sim');
    expect(unlisted.error.details).toMatchObject({ exchange: 'sim', symbol: 'DOGEUSDT' });
    expect((await symbols()).map((e) => e.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'AVAXUSDT']);
  });

  it('gives the prices of every watched symbol on each of its exchanges, and of one', async () => {
    const res = await api.get('/api/symbols/prices');
    expect(res.status, res.text).toBe(200);
    const body = res.json as { prices: Record<string, Record<string, Quote>>; errors: unknown[] };
    expect(Object.keys(body.prices)).toEqual(['BTCUSDT', 'ETHUSDT', 'AVAXUSDT']);
    expect(body.errors).toEqual([]);
    for (const q of Object.values(body.prices).map((p) => p.sim!)) {
      expect(q.bid).toBeGreaterThan(0);
      expect(q.bid).toBeLessThan(q.ask);
      expect(q.timestamp).toBeGreaterThan(0);
    }
    expect(body.prices.BTCUSDT!.sim!.bid).toBeGreaterThan(body.prices.ETHUSDT!.sim!.bid);
    const one = (await api.get('/api/symbols/ethusdt/prices')).json as { symbol: string; prices: Record<string, Quote> };
    expect(one.symbol).toBe('ETHUSDT');
    expect(Object.keys(one.prices)).toEqual(['sim']);
    expectError(await api.get('/api/symbols/DOGEUSDT/prices'), 404, 'SYMBOL_NOT_WATCHED');
    expectNamesField(expectError(await api.get('/api/symbols/DOGE-USDT/prices'), 400, 'VALIDATION_ERROR'), 'symbol');
  });
});

describe('trading by symbol', () => {
  it('takes the contract example body unchanged: a LIMIT at 2000, refused by the price band of the sim ETH market, saying why', async () => {
    const res = await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 0.1, price: 2000 });
    const body = expectError(res, 422, 'PRICE_OUT_OF_BAND');
    expectNamesField(body, 'price');
    // How far off it is, from what, and the prices that would pass now.
    const details = body.error.details as { market_price: number; min_price: number; max_price: number; band_percent: number };
    expect(details.band_percent).toBe(5);
    expect(details.min_price).toBeCloseTo(details.market_price * 0.95, 1);
    expect(details.max_price).toBeCloseTo(details.market_price * 1.05, 1);
    const said = /^price 2000 is ([\d.]+)% below the market price ([\d.]+): sim's price band takes limit and stop prices within 5% of the market \(([\d.]+) to ([\d.]+) now\)$/.exec(body.error.message);
    expect(said, body.error.message).not.toBeNull();
    // The server rounds the distance exactly (half-up at 2 digits); a float only approximates it.
    expect(Math.abs(Number(said![1]) - ((details.market_price - 2000) / details.market_price) * 100)).toBeLessThanOrEqual(0.006);
    expect(said!.slice(2).map(Number)).toEqual([details.market_price, details.min_price, details.max_price]);
    // Near the lowest price it names (1 % inside it, as the market moves on between the two orders) is taken.
    const inside = await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 0.1, price: Math.ceil(details.min_price * 101) / 100 });
    expect(inside.status, inside.text).toBe(200);
    expect((await api.del(`/api/trading/order/sim/ETHUSDT/${(inside.json as OrderJson).order_id}`)).status).toBe(200);
  });

  it('a price makes it a resting LIMIT on the symbol\'s first exchange; none makes it MARKET', async () => {
    const price = await restingBid('ETHUSDT', '0.01');
    const limit = await order({ symbol: 'ethusdt', side: 'buy', quantity: 0.1, price });
    expect(limit).toMatchObject({ exchange: 'sim', symbol: 'ETHUSDT', type: 'LIMIT', status: 'NEW', price, quantity: 0.1 });
    const open = ((await api.get('/api/trading/orders?symbol=ETHUSDT')).json as { orders: OrderJson[] }).orders;
    expect(open.map((o) => o.order_id)).toContain(limit.order_id);
    expect((await api.del(`/api/trading/order/sim/ETHUSDT/${limit.order_id}`)).status).toBe(200);
    const market = await order({ symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, exchange: 'sim', client_order_id: 'sym-btc-1' });
    expect(market).toMatchObject({ type: 'MARKET', status: 'FILLED', filled_quantity: 0.01 });
    // The same client_order_id places one order, as on /api/trading/order.
    expect((await order({ symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01, client_order_id: 'sym-btc-1' })).order_id).toBe(market.order_id);
  });

  it('refuses bad orders naming the field, an unwatched symbol and an exchange not picked for it', async () => {
    expectNamesField(expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: -1 }), 400, 'VALIDATION_ERROR'), 'quantity');
    expectNamesField(expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'LONG', quantity: 1 }), 400, 'VALIDATION_ERROR'), 'side');
    expectNamesField(expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY' }), 400, 'VALIDATION_ERROR'), 'quantity');
    expectNamesField(expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 1, type: 'LIMIT' }), 400, 'VALIDATION_ERROR'), 'type');
    expectNamesField(expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 'lots' }), 400, 'VALIDATION_ERROR'), 'quantity');
    expectError(await api.post('/api/symbols/order', { symbol: 'DOGEUSDT', side: 'BUY', quantity: 1 }), 404, 'SYMBOL_NOT_WATCHED');
    const notPicked = expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 0.1, exchange: 'binance' }), 422, 'EXCHANGE_NOT_WATCHED');
    expect(notPicked.error.message).toContain('binance');
    expectNamesField(expectError(await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 0.0001 }), 400, 'INVALID_QUANTITY'), 'quantity');
  });

  it('runs the same risk checks as /api/trading/order', async () => {
    expect((await api.post('/api/trading/config/risk', { max_position_size: 0.05 })).status).toBe(200);
    try {
      const body = expectError(await api.post('/api/symbols/order', { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.1 }), 422, 'RISK_MAX_POSITION_SIZE');
      expect(body.error.details).toBeDefined();
    } finally {
      expect((await api.post('/api/trading/config/risk', { max_position_size: null })).status).toBe(200);
    }
  });

  it('keeps positions in two symbols apart: one per symbol, each at its own fills, and closing one leaves the other', async () => {
    const sell = await order({ symbol: 'ETHUSDT', side: 'SELL', quantity: 0.2 });
    const list = await positions();
    expect(list.map((p) => [p.symbol, p.exchange, p.side])).toEqual([
      ['BTCUSDT', 'sim', 'LONG'],
      ['ETHUSDT', 'sim', 'SHORT'],
      ['AVAXUSDT', 'sim', 'FLAT'],
    ]);
    const btc = list[0]!;
    const eth = list[1]!;
    expect(btc.quantity).toBe(0.01);
    expect(eth.quantity).toBe(0.2);
    expect(eth.entry_price).toBe(sell.avg_price);
    expect(d(eth.fees_paid).eq(sell.fills!.reduce((s, f) => s.add(d(f.fee)), d(0)))).toBe(true);
    const closed = (await api.post('/api/symbols/close', { symbol: 'BTCUSDT' })).json as Close;
    expect(closed.orders).toHaveLength(1);
    expect(closed.orders[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'SELL', reduce_only: true, status: 'FILLED' });
    expect(typeof closed.orders[0]!.realized_pnl).toBe('number');
    expect((await positionOf('BTCUSDT')).side).toBe('FLAT');
    const after = await positionOf('ETHUSDT');
    expect(after).toMatchObject({ side: 'SHORT', quantity: 0.2, entry_price: eth.entry_price, fees_paid: eth.fees_paid, position_id: eth.position_id });
  });

  it('refuses to stop watching a symbol with an open position, unless forced', async () => {
    const refused = expectError(await api.del('/api/symbols/ethusdt'), 422, 'SYMBOL_HAS_OPEN_POSITION');
    expect(refused.error.details).toMatchObject({ symbol: 'ETHUSDT', positions: [{ exchange: 'sim', mode: 'simulation' }] });
    expect((await symbols()).map((e) => e.symbol)).toContain('ETHUSDT');
    expectNamesField(expectError(await api.del('/api/symbols/ETHUSDT?force=yes'), 400, 'VALIDATION_ERROR'), 'force');
    expectError(await api.del('/api/symbols/DOGEUSDT'), 404, 'SYMBOL_NOT_WATCHED');
    expect((await api.del('/api/symbols/AVAXUSDT')).json).toEqual({ symbol: 'AVAXUSDT', removed: true });
    expectError(await api.del('/api/symbols/AVAXUSDT'), 404, 'SYMBOL_NOT_WATCHED');
  });

  it('closes one symbol or everything; bad close bodies name the field', async () => {
    expectNamesField(expectError(await api.post('/api/symbols/close', {}), 400, 'VALIDATION_ERROR'), 'symbol');
    expectNamesField(expectError(await api.post('/api/symbols/close', { all: false }), 400, 'VALIDATION_ERROR'), 'all');
    expectNamesField(expectError(await api.post('/api/symbols/close', { all: true, symbol: 'ETHUSDT' }), 400, 'VALIDATION_ERROR'), 'symbol');
    expectError(await api.post('/api/symbols/close', { symbol: 'BTCUSDT' }), 422, 'NO_OPEN_POSITION');
    await order({ symbol: 'BTCUSDT', side: 'BUY', quantity: 0.002 });
    const res = await api.post('/api/symbols/close', { all: true });
    expect(res.status, res.text).toBe(200);
    const all = res.json as Close;
    expect(all.errors).toEqual([]);
    expect(all.orders.map((o) => [o.symbol, o.side, o.filled_quantity]).sort()).toEqual([
      ['BTCUSDT', 'SELL', 0.002],
      ['ETHUSDT', 'BUY', 0.2],
    ]);
    expect((await positions()).every((p) => p.side === 'FLAT')).toBe(true);
    expect(((await api.post('/api/symbols/close', { all: true })).json as Close).orders).toEqual([]);
  });

  it('the contract close body works unchanged, and a forced removal leaves the position open', async () => {
    await order({ symbol: 'ETHUSDT', side: 'BUY', quantity: 0.1 });
    const closed = (await api.post('/api/symbols/close', { symbol: 'ETHUSDT' })).json as Close;
    expect(closed.orders.map((o) => o.side)).toEqual(['SELL']);
    await order({ symbol: 'ETHUSDT', side: 'BUY', quantity: 0.1 });
    expect((await api.del('/api/symbols/ETHUSDT?force=true')).json).toEqual({ symbol: 'ETHUSDT', removed: true });
    const still = (await api.get('/api/position?symbol=ETHUSDT')).json as PositionJson;
    expect(still).toMatchObject({ side: 'LONG', quantity: 0.1 });
    expect((await positions()).map((p) => p.symbol)).toEqual(['BTCUSDT']);
    expect(((await api.post('/api/position/close', { symbol: 'ETHUSDT' })).json as OrderJson).status).toBe('FILLED');
  });
});

describe('WS /ws/multi-symbol on the sim market', () => {
  const listen = (query: string) => {
    const ws = new WebSocket(`${srv.wsUrl}/ws/multi-symbol${query}`);
    const msgs: { type: string; symbol?: string; error?: { code: string; message: string } }[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (m) => msgs.push(JSON.parse(String(m)) as (typeof msgs)[number]));
    return { ws, msgs, closed };
  };

  it('refuses a bad ?symbols= naming it, and an empty one is every watched symbol', async () => {
    const bad = listen('?symbols=BTCUSDT,ETH-USDT');
    expect(await bad.closed).toBe(1008);
    expect(bad.msgs).toHaveLength(1);
    expect(bad.msgs[0]!.error!.code).toBe('VALIDATION_ERROR');
    expect(bad.msgs[0]!.error!.message).toContain('symbols');
    const all = listen('?symbols=');
    try {
      await waitFor(() => all.msgs.some((m) => m.type === 'price' && m.symbol === 'BTCUSDT'), 5_000, 'sim BTC prices');
      expect(all.msgs[0]!.type).toBe('symbols');
    } finally {
      all.ws.close();
    }
  });
});

describe('the symbol routes are documented', () => {
  it('/openapi.json lists every route of the Symbols table with its schemas', async () => {
    const doc = (await api.get('/openapi.json')).json as { paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>> };
    const routes: [string, string][] = [
      ['/api/symbols', 'get'],
      ['/api/symbols/add', 'post'],
      ['/api/symbols/{symbol}', 'delete'],
      ['/api/symbols/prices', 'get'],
      ['/api/symbols/{symbol}/prices', 'get'],
      ['/api/symbols/order', 'post'],
      ['/api/symbols/positions', 'get'],
      ['/api/symbols/close', 'post'],
    ];
    for (const [path, method] of routes) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(op!.responses?.['200'], `${method.toUpperCase()} ${path} 200`).toBeDefined();
      if (method === 'post') expect(op!.requestBody, `${path} body`).toBeDefined();
    }
  });
});

describe('the watch list is persisted', () => {
  it('survives a restart with what was added and removed', async () => {
    const dir = freshDataDir();
    try {
      const config = loadConfig(testEnv(dir, SYMBOLS_ENV));
      const first = await startApp(config, pino({ level: 'silent' }));
      const a = client(first.url);
      expect((await a.post('/api/symbols/add', { symbol: 'AVAXUSDT', exchanges: ['sim'] })).status).toBe(200);
      expect((await a.del('/api/symbols/BTCUSDT')).status).toBe(200);
      const before = ((await a.get('/api/symbols')).json as { symbols: Entry[] }).symbols;
      await first.close();
      const second = await startApp(config, pino({ level: 'silent' }));
      try {
        const after = ((await client(second.url).get('/api/symbols')).json as { symbols: Entry[] }).symbols;
        expect(after).toEqual(before);
        expect(after.map((e) => e.symbol)).toEqual(['ETHUSDT', 'AVAXUSDT']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
