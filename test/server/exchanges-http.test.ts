import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { startFakeBybit, type FakeBybit } from '../fakes/fake-bybit.js';
import { startFakeOkx, type FakeOkx } from '../fakes/fake-okx.js';
import { startFakeCoinbase, type FakeCoinbase } from '../fakes/fake-coinbase.js';
import { client, expectError, freePort, startTestServer, type TestServer } from './harness.js';
import { waitFor } from '../wait-for.js';


interface Msg {
  type: string;
  exchange?: string;
  state?: string;
  bid?: number;
  best_bid?: { exchange: string; price: number };
}

describe('exchanges over HTTP and WS: sim, Binance, Bybit, OKX and Coinbase at once', () => {
  let binance: FakeBinance;
  let bybit: FakeBybit;
  let okx: FakeOkx;
  let coinbase: FakeCoinbase;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    [binance, bybit, okx, coinbase] = await Promise.all([
      startFakeBinance({ seed: 21, historyBars: 60 }),
      startFakeBybit({ seed: 22, historyBars: 60 }),
      startFakeOkx({ seed: 23, historyBars: 60 }),
      startFakeCoinbase({ seed: 24, historyBars: 60 }),
    ]);
    srv = await startTestServer({
      BINANCE_REST_URL: binance.restUrl,
      BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
      BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
      BINANCE_API_KEY: binance.apiKey,
      BINANCE_API_SECRET: binance.apiSecret,
      BYBIT_REST_URL: bybit.restUrl,
      BYBIT_WS_STREAM_URL: bybit.wsUrls.public!,
      OKX_REST_URL: okx.restUrl,
      OKX_WS_PUBLIC_URL: okx.wsUrls.public!,
      OKX_WS_PRIVATE_URL: okx.wsUrls.private!,
      OKX_WS_BUSINESS_URL: okx.wsUrls.business!,
      COINBASE_REST_URL: coinbase.restUrl,
      COINBASE_WS_URL: coinbase.wsUrl,
      FEED_STALE_MS: '1000',
    });
    api = client(srv.url);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await Promise.all([binance?.close(), bybit?.close(), okx?.close(), coinbase?.close()]);
  });

  it('lists every exchange with its state; the real ones start disconnected', async () => {
    const list = (await api.get('/api/exchanges')).json as { exchanges: { id: string; connected: boolean; feed: { state: string } }[] };
    expect(list.exchanges.map((e) => e.id)).toEqual(['sim', 'binance', 'bybit', 'okx', 'coinbase']);
    // What each account's keys are made of, for the page's key form: OKX's come with a passphrase.
    const creds = Object.fromEntries((list.exchanges as unknown as { id: string; credentials: string[] }[]).map((e) => [e.id, e.credentials]));
    expect(creds).toEqual({ sim: [], binance: ['api_key', 'api_secret'], bybit: ['api_key', 'api_secret'], okx: ['api_key', 'api_secret', 'passphrase'], coinbase: ['api_key', 'api_secret'] });
    expect(list.exchanges.find((e) => e.id === 'binance')).toMatchObject({ connected: false, feed: { state: 'disconnected' } });
  });

  it('connects Binance and answers its ticker and klines', async () => {
    const res = await api.post('/api/exchanges/binance/connect', {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 'binance', connected: true, testnet: false });
    const t = (await api.get('/api/exchanges/binance/ticker/BTCUSDT')).json as { bid: number; ask: number; exchange: string };
    expect(t.exchange).toBe('binance');
    expect(t.bid).toBeLessThan(t.ask);
    const k = (await api.get('/api/exchanges/binance/klines/btcusdt?limit=5')).json as { klines: { open_time: number }[] };
    expect(k.klines.length).toBe(5);
  });

  it('connects Bybit on first use of a symbol', async () => {
    const t = await api.get('/api/exchanges/bybit/ticker/BTCUSDT');
    expect(t.status).toBe(200);
    expect(((await api.get('/api/exchanges')).json as { exchanges: { id: string; connected: boolean }[] }).exchanges.find((e) => e.id === 'bybit')!.connected).toBe(true);
  });

  it('connects OKX: BTCUSDT is its BTC-USDT-SWAP, ticker and klines from its v5 REST', async () => {
    const t = (await api.get('/api/exchanges/okx/ticker/BTCUSDT')).json as { bid: number; ask: number; exchange: string; volume_24h: number };
    expect(t.exchange).toBe('okx');
    // OKX's vol24h of a swap counts contracts (volCcy24h is the BTC): the ticker shows BTC.
    const raw = (await (await fetch(`${okx.restUrl}/api/v5/market/ticker?instId=BTC-USDT-SWAP`)).json()) as { data: { vol24h: string; volCcy24h: string }[] };
    expect(t.volume_24h).toBeCloseTo(Number(raw.data[0]!.volCcy24h), 0);
    expect(t.bid).toBeLessThan(t.ask);
    expect(Math.abs(t.bid / okx.feed.lastTick('BTCUSDT')!.bid.toNumber() - 1)).toBeLessThan(0.01);
    const k = (await api.get('/api/exchanges/okx/klines/BTCUSDT?interval=1m&limit=5')).json as { klines: { open_time: number; open: number; volume: number }[] };
    const own = okx.feed.klines('BTCUSDT', '1m', 5, k.klines[0]!.open_time);
    expect(k.klines.map((b) => b.open_time)).toEqual(own.map((b) => b.openTime));
    // Volume in BTC, not in OKX's 0.01 BTC contracts.
    expect(k.klines.slice(0, 4).map((b) => b.volume)).toEqual(own.slice(0, 4).map((b) => b.volume.toNumber()));
    const sym = ((await api.get('/api/exchanges/okx/symbols')).json as { symbols: { symbol: string; step_size: number; tick_size: number }[] }).symbols.find((x) => x.symbol === 'BTCUSDT');
    expect(sym).toMatchObject({ tick_size: 0.1, step_size: 0.001 });
    expect(okx.requests.some((r) => r.path === '/api/v5/market/candles')).toBe(true);
  });

  it("connects Coinbase: spot BTC-USD is its BTCUSD (BTC-USDT its BTCUSDT), ticker and klines from Advanced Trade's public REST", async () => {
    const t = (await api.get('/api/exchanges/coinbase/ticker/BTCUSD')).json as { bid: number; ask: number; exchange: string };
    expect(t.exchange).toBe('coinbase');
    expect(t.bid).toBeLessThan(t.ask);
    expect(Math.abs(t.bid / coinbase.feed.lastTick('BTCUSDT')!.bid.toNumber() - 1)).toBeLessThan(0.01);
    const k = (await api.get('/api/exchanges/coinbase/klines/BTCUSD?interval=1m&limit=5')).json as { klines: { open_time: number; open: number; volume: number }[] };
    const own = coinbase.feed.klines('BTCUSDT', '1m', 5, k.klines[0]!.open_time);
    expect(k.klines.map((b) => [b.open_time, b.open, b.volume])).toEqual(own.map((b) => [b.openTime, b.open.toNumber(), b.volume.toNumber()]));
    const symbols = ((await api.get('/api/exchanges/coinbase/symbols')).json as { symbols: { symbol: string; step_size: number; tick_size: number }[] }).symbols;
    expect(symbols.map((x) => x.symbol).sort()).toEqual(['BTCUSD', 'BTCUSDC', 'BTCUSDT', 'ETHUSD', 'ETHUSDT']);
    expect(symbols.find((x) => x.symbol === 'BTCUSD')).toMatchObject({ tick_size: 0.01, step_size: 0.00000001 });
    expect(coinbase.requests.some((r) => r.path === '/api/v3/brokerage/market/products/BTC-USD/candles')).toBe(true);
    // No keys: only public paths were asked, none signed.
    expect(coinbase.requests.every((r) => r.path.startsWith('/api/v3/brokerage/market/') || r.path === '/api/v3/brokerage/time')).toBe(true);
  });

  it('gives the best bid and ask across the connected exchanges', async () => {
    const res = (await api.get('/api/exchanges/prices/BTCUSDT')).json as {
      prices: { exchange: string; bid: number; ask: number }[];
      best_bid: { exchange: string; price: number };
      best_ask: { exchange: string; price: number };
      spread: number;
    };
    expect(res.prices.map((p) => p.exchange).sort()).toEqual(['binance', 'bybit', 'coinbase', 'okx', 'sim']);
    expect(res.best_bid.price).toBe(Math.max(...res.prices.map((p) => p.bid)));
    expect(res.best_ask.price).toBe(Math.min(...res.prices.map((p) => p.ask)));
    expect(res.spread).toBeCloseTo(res.best_ask.price - res.best_bid.price, 6);
  });

  it('streams tickers from every exchange and best updates; a quiet feed shows as stale, then recovers', async () => {
    const ws = new WebSocket(`${srv.wsUrl}/ws/multi-exchange/BTCUSDT`);
    const msgs: Msg[] = [];
    ws.on('message', (m) => msgs.push(JSON.parse(String(m)) as Msg));
    try {
      await waitFor(() => ['sim', 'binance', 'bybit', 'okx', 'coinbase'].every((ex) => msgs.some((m) => m.type === 'ticker' && m.exchange === ex)), 10_000, 'tickers from all five');
      expect(msgs.some((m) => m.type === 'best' && m.best_bid)).toBe(true);
      await waitFor(() => msgs.some((m) => m.type === 'status' && m.exchange === 'binance' && m.state === 'live'), 6_000, 'binance live on the stream');
      const from = msgs.length;
      binance.faults.silent = true;
      await waitFor(() => msgs.slice(from).some((m) => m.type === 'status' && m.exchange === 'binance' && m.state === 'stale'), 6_000, 'binance stale on the stream');
      const health = (await api.get('/health')).json as { status: string; feeds: { exchange: string; state: string; reason: string | null }[] };
      const feed = health.feeds.find((f) => f.exchange === 'binance')!;
      expect(health.status).toBe('degraded');
      expect(['stale', 'reconnecting']).toContain(feed.state);
      expect(feed.reason).toBeTruthy();
      binance.faults.silent = false;
      await waitFor(async () => ((await api.get('/health')).json as { status: string }).status === 'ok', 15_000, 'healthy again');
    } finally {
      binance.faults.reset();
      ws.close();
    }
  });

  it('disconnects an exchange and says so', async () => {
    const res = await api.post('/api/exchanges/bybit/disconnect', {});
    expect(res.json).toEqual({ id: 'bybit', connected: false });
    const list = (await api.get('/api/exchanges')).json as { exchanges: { id: string; connected: boolean }[] };
    expect(list.exchanges.find((e) => e.id === 'bybit')!.connected).toBe(false);
    expectError(await api.post('/api/exchanges/sim/disconnect', {}), 422, 'EXCHANGE_ALWAYS_CONNECTED');
    expectError(await api.post('/api/exchanges/kraken/connect', {}), 404, 'UNKNOWN_EXCHANGE');
  });
});

describe('an exchange that cannot be reached', () => {
  it('answers 503 within a few seconds naming the host, and the server stays up', async () => {
    const port = await freePort(); // nothing listens there
    const srv = await startTestServer({ BINANCE_REST_URL: `http://127.0.0.1:${port}`, EXCHANGE_TIMEOUT_MS: '2000' });
    try {
      const api = client(srv.url);
      const t0 = Date.now();
      const res = await api.post('/api/exchanges/binance/connect', {});
      expect(Date.now() - t0).toBeLessThan(5_000);
      const body = expectError(res, 503, 'EXCHANGE_UNREACHABLE');
      expect(body.error.message).toContain(`127.0.0.1:${port}`);
      expect((await api.get('/health')).status).toBe(200);
      expectError(await api.get('/api/exchanges/binance/ticker/BTCUSDT'), 503, 'EXCHANGE_UNREACHABLE');
    } finally {
      await srv.close();
    }
  });
});
