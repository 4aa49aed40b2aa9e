import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { startFakeBybit, type FakeBybit } from '../fakes/fake-bybit.js';
import { waitFor } from '../wait-for.js';
import { client, expectError, startTestServer, type OrderJson, type PositionJson, type TestServer } from './harness.js';

interface Msg {
  type: string;
  symbol?: string;
  exchange?: string;
  bid?: number;
  ask?: number;
  timestamp?: number;
  symbols?: { symbol: string; exchanges: string[] }[];
  side?: string;
  quantity?: number;
  mark_price?: number | null;
  at: number;
}

/** A client of /ws/multi-symbol that keeps every message with its arrival time. */
class Stream {
  readonly msgs: Msg[] = [];
  private readonly ws: WebSocket;
  readonly open: Promise<void>;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (m) => this.msgs.push({ ...(JSON.parse(String(m)) as Omit<Msg, 'at'>), at: Date.now() }));
    this.open = new Promise((ok, fail) => {
      this.ws.once('open', () => ok());
      this.ws.once('error', fail);
    });
  }
  prices(from = 0): Msg[] {
    return this.msgs.slice(from).filter((m) => m.type === 'price');
  }
  has(symbol: string, exchange: string, from = 0): boolean {
    return this.prices(from).some((m) => m.symbol === symbol && m.exchange === exchange);
  }
  send(o: unknown): void {
    this.ws.send(JSON.stringify(o));
  }
  close(): void {
    this.ws.close();
  }
}

describe('WS /ws/multi-symbol: several symbols on two fake exchanges at once', () => {
  let binance: FakeBinance;
  let bybit: FakeBybit;
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  const streams: Stream[] = [];
  const stream = async (query = '') => {
    const s = new Stream(`${srv.wsUrl}/ws/multi-symbol${query}`);
    streams.push(s);
    await s.open;
    return s;
  };

  beforeAll(async () => {
    [binance, bybit] = await Promise.all([startFakeBinance({ seed: 31, historyBars: 30 }), startFakeBybit({ seed: 32, historyBars: 30 })]);
    srv = await startTestServer({
      BINANCE_REST_URL: binance.restUrl,
      BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
      BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
      BYBIT_REST_URL: bybit.restUrl,
      BYBIT_WS_STREAM_URL: bybit.wsUrls.public!,
    });
    api = client(srv.url);
  }, 30_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await srv?.close();
    await Promise.all([binance?.close(), bybit?.close()]);
  });

  it('adds the contract example (ETHUSDT on binance and bybit) and BTCUSDT there too, connecting both exchanges', async () => {
    const eth = await api.post('/api/symbols/add', { symbol: 'ETHUSDT', exchanges: ['binance', 'bybit'] });
    expect(eth.status, eth.text).toBe(200);
    expect(eth.json).toMatchObject({ symbol: 'ETHUSDT', exchanges: ['sim', 'binance', 'bybit'] });
    expect((await api.post('/api/symbols/add', { symbol: 'BTCUSDT', exchanges: ['binance', 'bybit'] })).status).toBe(200);
    const unlisted = expectError(await api.post('/api/symbols/add', { symbol: 'AVAXUSDT', exchanges: ['binance'] }), 404, 'UNKNOWN_SYMBOL');
    expect(unlisted.error.message).toContain('binance');
    const prices = (await api.get('/api/symbols/prices')).json as { prices: Record<string, Record<string, { bid: number; ask: number }>> };
    for (const s of ['BTCUSDT', 'ETHUSDT']) expect(Object.keys(prices.prices[s]!).sort()).toEqual(['binance', 'bybit', 'sim']);
    expect(prices.prices.BTCUSDT!.binance!.bid).toBeLessThan(prices.prices.BTCUSDT!.binance!.ask);
  });

  it('streams both symbols from both fake exchanges at once (and sim), one message per upstream update', async () => {
    const s = await stream();
    await waitFor(
      () => ['BTCUSDT', 'ETHUSDT'].every((sym) => ['binance', 'bybit', 'sim'].every((ex) => s.has(sym, ex))),
      15_000,
      'prices of both symbols from every exchange',
    );
    const first = s.msgs[0]!;
    expect(first.type).toBe('symbols');
    expect(first.symbols!.map((e) => e.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const m of s.prices()) {
      expect(m.bid!).toBeLessThan(m.ask!);
      expect(m.symbol).toMatch(/^[A-Z]+$/);
    }
    // Each exchange's prices for a symbol stay on that exchange's market (no mixing between symbols).
    const btc = s.prices().filter((m) => m.symbol === 'BTCUSDT').map((m) => m.bid!);
    const eth = s.prices().filter((m) => m.symbol === 'ETHUSDT').map((m) => m.bid!);
    expect(Math.min(...btc)).toBeGreaterThan(Math.max(...eth));
  });

  it('a client narrowed to one symbol gets only it, and can widen without reconnecting', async () => {
    const s = await stream('?symbols=ethusdt');
    await waitFor(() => s.has('ETHUSDT', 'binance') && s.has('ETHUSDT', 'bybit'), 10_000, 'ETH prices');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.prices().every((m) => m.symbol === 'ETHUSDT')).toBe(true);
    const from = s.msgs.length;
    s.send({ op: 'symbols', symbols: null });
    await waitFor(() => s.has('BTCUSDT', 'bybit', from), 10_000, 'BTC prices after widening');
    s.send({ op: 'nope' });
    await waitFor(() => s.msgs.some((m) => m.type === 'error'), 5_000, 'an error message for a bad client message');
  });

  it('removing a symbol stops it on open streams, adding it back restarts it, without a reconnect', async () => {
    const s = await stream();
    await waitFor(() => s.has('BTCUSDT', 'binance'), 10_000, 'BTC from binance');
    expect((await api.del('/api/symbols/BTCUSDT')).status).toBe(200);
    const removedAt = s.msgs.findIndex((m) => m.type === 'symbols' && !m.symbols!.some((e) => e.symbol === 'BTCUSDT'));
    expect(removedAt).toBeGreaterThan(0); // the removal was pushed before the HTTP answer
    await new Promise((r) => setTimeout(r, 600));
    expect(s.prices(removedAt).filter((m) => m.symbol === 'BTCUSDT')).toEqual([]);
    expect(s.has('ETHUSDT', 'bybit', removedAt)).toBe(true);
    const from = s.msgs.length;
    expect((await api.post('/api/symbols/add', { symbol: 'btcusdt', exchanges: ['bybit'] })).status).toBe(200);
    await waitFor(() => s.has('BTCUSDT', 'bybit', from), 10_000, 'BTC from bybit again');
    await new Promise((r) => setTimeout(r, 600));
    expect(s.prices(from).filter((m) => m.symbol === 'BTCUSDT' && m.exchange !== 'bybit')).toEqual([]);
  });

  it('pushes positions in two symbols on two exchanges: at once on a fill, then mark moves at most every 250 ms', async () => {
    const s = await stream();
    const buy = await api.post('/api/symbols/order', { symbol: 'ETHUSDT', side: 'BUY', quantity: 0.05, exchange: 'binance' });
    expect(buy.status, buy.text).toBe(200);
    const sell = await api.post('/api/symbols/order', { symbol: 'BTCUSDT', side: 'SELL', quantity: 0.002 }); // first exchange: bybit
    expect(sell.status, sell.text).toBe(200);
    expect((sell.json as OrderJson).exchange).toBe('bybit');
    const positions = () => s.msgs.filter((m) => m.type === 'position');
    await waitFor(
      () => positions().some((m) => m.symbol === 'ETHUSDT' && m.exchange === 'binance' && m.side === 'LONG' && m.quantity === 0.05),
      5_000,
      'the ETH position message',
    );
    await waitFor(() => positions().some((m) => m.symbol === 'BTCUSDT' && m.exchange === 'bybit' && m.side === 'SHORT'), 5_000, 'the BTC position message');
    // Mark-only updates follow the exchanges' ticks, throttled per position.
    await new Promise((r) => setTimeout(r, 2_000));
    const ethMarks = positions().filter((m) => m.symbol === 'ETHUSDT');
    expect(ethMarks.length).toBeGreaterThan(2);
    expect(ethMarks.length).toBeLessThanOrEqual(2_000 / 250 + 3);
    for (let i = 2; i < ethMarks.length; i++) expect(ethMarks[i]!.at - ethMarks[i - 1]!.at).toBeGreaterThanOrEqual(200);
    expect(new Set(ethMarks.map((m) => m.mark_price)).size).toBeGreaterThan(1);

    const list = ((await api.get('/api/symbols/positions')).json as { positions: PositionJson[] }).positions;
    const open = list.filter((p) => p.side !== 'FLAT').map((p) => [p.symbol, p.exchange, p.side, p.quantity]);
    expect(open.sort()).toEqual([
      ['BTCUSDT', 'bybit', 'SHORT', 0.002],
      ['ETHUSDT', 'binance', 'LONG', 0.05],
    ]);
    expectError(await api.del('/api/symbols/ETHUSDT'), 422, 'SYMBOL_HAS_OPEN_POSITION');

    const from = s.msgs.length;
    const closed = (await api.post('/api/symbols/close', { symbol: 'ETHUSDT' })).json as { orders: OrderJson[] };
    expect(closed.orders.map((o) => [o.exchange, o.side])).toEqual([['binance', 'SELL']]);
    await waitFor(() => s.msgs.slice(from).some((m) => m.type === 'position' && m.symbol === 'ETHUSDT' && (m as { status?: string }).status === 'closed'), 5_000, 'the close pushed');
    const btcStill = ((await api.get('/api/symbols/positions')).json as { positions: PositionJson[] }).positions.find((p) => p.symbol === 'BTCUSDT')!;
    expect(btcStill).toMatchObject({ side: 'SHORT', quantity: 0.002 });
    expect((await api.post('/api/symbols/close', { all: true })).status).toBe(200);
  });

  it('a client that asks for a symbol off the watch list still gets its position messages (fills)', async () => {
    const symbol = 'ETHUSDT';
    expect((await api.del(`/api/symbols/${symbol}`)).status).toBe(200);
    const s = await stream(`?symbols=${symbol}`);
    const buy = await api.post('/api/trading/order', { exchange: 'sim', symbol, side: 'BUY', quantity: 1 });
    expect(buy.status, buy.text).toBe(200);
    await waitFor(() => s.msgs.some((m) => m.type === 'position' && m.symbol === symbol && m.side === 'LONG'), 5_000, 'the position message');
    expect((await api.post('/api/position/close', { symbol, exchange: 'sim' })).status).toBe(200);
    s.close();
  });

  it('a mode switch is announced on open streams, followed by the new mode\'s open positions', async () => {
    expect((await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.002 })).status).toBe(200);
    const s = await stream('?symbols=BTCUSDT');
    await waitFor(() => s.msgs.some((m) => m.type === 'position' && m.exchange === 'sim'), 5_000, 'the snapshot');
    const from = s.msgs.length;
    expect((await api.post('/api/trading/config/mode', { mode: 'paper_trading' })).status).toBe(200);
    await waitFor(() => s.msgs.slice(from).some((m) => m.type === 'mode' && (m as { mode?: string }).mode === 'paper_trading'), 5_000, 'the mode message');
    const back = s.msgs.length;
    expect((await api.post('/api/trading/config/mode', { mode: 'simulation' })).status).toBe(200);
    await waitFor(() => s.msgs.slice(back).some((m) => m.type === 'mode' && (m as { mode?: string }).mode === 'simulation'), 5_000, 'the mode message back');
    await waitFor(() => s.msgs.slice(back).some((m) => m.type === 'position' && m.exchange === 'sim' && m.side === 'LONG'), 5_000, "simulation's position again");
    expect((await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange: 'sim' })).status).toBe(200);
    s.close();
  });
});

