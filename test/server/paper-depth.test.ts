import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { startFakeBinance } from '../fakes/fake-binance.js';
import { startFakeBybit } from '../fakes/fake-bybit.js';
import { startFakeOkx, type FakeOkx } from '../fakes/fake-okx.js';
import type { FakeExchange } from '../fakes/faults.js';
import { waitFor } from '../wait-for.js';
import { client, startTestServer, type TestServer } from './harness.js';

interface Venue {
  readonly id: 'binance' | 'bybit' | 'okx';
  start(): Promise<FakeExchange>;
  env(f: FakeExchange): Record<string, string>;
}

const VENUES: Venue[] = [
  {
    id: 'binance',
    start: () => startFakeBinance({ seed: 61, historyBars: 30 }),
    env: (f) => ({ BINANCE_REST_URL: f.restUrl, BINANCE_WS_SPOT_URL: f.wsUrls['spot']!, BINANCE_WS_LINEAR_URL: f.wsUrls['linear']! }),
  },
  {
    id: 'bybit',
    start: () => startFakeBybit({ seed: 62, historyBars: 30 }),
    env: (f) => ({ BYBIT_REST_URL: f.restUrl, BYBIT_WS_STREAM_URL: f.wsUrls['public']! }),
  },
  {
    id: 'okx',
    start: () => startFakeOkx({ seed: 64, historyBars: 30 }),
    env: (f) => ({ OKX_REST_URL: f.restUrl, OKX_WS_PUBLIC_URL: f.wsUrls['public']!, OKX_WS_PRIVATE_URL: f.wsUrls['private']!, OKX_WS_BUSINESS_URL: f.wsUrls['business']! }),
  },
];

/** A fake venue and a test server in paper trading on it, for the describe block that calls this. */
function paperServer(venue: Venue) {
  let fake: FakeExchange | null = null;
  let srv: TestServer | null = null;
  beforeAll(async () => {
    fake = await venue.start();
    srv = await startTestServer(venue.env(fake));
    expect((await client(srv.url).post('/api/trading/config/mode', { mode: 'paper_trading' })).status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await fake?.close();
  });
  return {
    fake: () => fake!,
    srv: () => srv!,
    api: () => client(srv!.url),
  };
}

describe.each(VENUES)('paper trading on $id walks the live order book', (venue) => {
  const { fake, srv, api } = paperServer(venue);

  it("ticks carry the venue's book beyond the best bid and ask", async () => {
    // The first order subscribes the symbol; its book stream then fills in the depth.
    expect((await api().post('/api/trading/order', { exchange: venue.id, symbol: 'BTCUSDT', side: 'BUY', quantity: 0.001 })).status).toBe(200);
    const adapter = srv().app.exchanges.get(venue.id)!;
    const tick = await waitFor(() => {
      const t = adapter.lastTick('BTCUSDT');
      return t && t.asks.length >= 3 && t.bids.length >= 3 ? t : null;
    }, 15_000, 'depth in the ticks');
    const prices = (ls: readonly { price: Decimal }[]) => ls.map((l) => l.price.toNumber());
    const asks = prices(tick.asks);
    const bids = prices(tick.bids);
    expect(asks).toEqual([...asks].sort((a, b) => a - b));
    expect(bids).toEqual([...bids].sort((a, b) => b - a));
    expect(bids[0]!).toBeLessThan(asks[0]!);
  });

  it('a market order larger than the best ask fills level by level at the book prices', async () => {
    const adapter = srv().app.exchanges.get(venue.id)!;
    const t = adapter.lastTick('BTCUSDT')!;
    const step = adapter.instrument('BTCUSDT')!.stepSize;
    // More than the top level holds, well inside the first few levels.
    const quantity = t.asks[0]!.quantity.add(t.asks[1]!.quantity.div(Decimal.fromInt(2), step.scale, 'floor')).rescale(step.scale, 'floor');
    // Worth more than the 10,000 USDT account at 1×: trade it at 20×, as a scalper on the venue would.
    const lev = await api().post('/api/trading/config/leverage', { exchange: venue.id, symbol: 'BTCUSDT', leverage: 20 });
    expect(lev.json).toMatchObject({ exchange: venue.id, symbol: 'BTCUSDT', leverage: 20 });
    const res = await api().post('/api/trading/order', { exchange: venue.id, symbol: 'BTCUSDT', side: 'BUY', quantity: quantity.toNumber() });
    expect(res.status, res.text).toBe(200);
    const o = res.json as { status: string; filled_quantity: number; fills: { price: number; quantity: number }[] };
    expect(o.status).toBe('FILLED');
    expect(o.fills.length).toBeGreaterThanOrEqual(2);
    const prices = o.fills.map((f) => f.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(new Set(prices).size).toBeGreaterThanOrEqual(2); // walked past the best level
    expect(o.filled_quantity).toBe(quantity.toNumber());
    expect(fake().requests.filter((r) => r.path.includes('/order')).length).toBe(0); // paper: the exchange never sees it
  });
});

describe("paper trading with the account's keys charges the account's fee rates", () => {
  const { fake, srv, api } = paperServer({ ...VENUES[0]!, start: () => startFakeBinance({ seed: 63, historyBars: 30 }) });

  const feeRate = async () => {
    const res = await api().post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    expect(res.status, res.text).toBe(200);
    const f = (res.json as { fills: { price: number; quantity: number; fee: number }[] }).fills[0]!;
    return Math.round((f.fee / (f.price * f.quantity)) * 1e6) / 1e6;
  };

  it("without keys the venue's public schedule applies; with them, the account's own rate (commissionRate)", async () => {
    expect(await feeRate()).toBe(0.0005); // ccxt's Binance USD-M schedule
    expect((await api().post('/api/trading/config/exchange/binance', { api_key: fake().apiKey, api_secret: fake().apiSecret, enabled: true })).status).toBe(200);
    await api().get('/api/exchanges/binance/ticker/BTCUSDT'); // reconnects with the keys
    await api().post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'SELL', quantity: 0.01 });
    await waitFor(() => srv().app.exchanges.get('binance')!.instrument('BTCUSDT')?.takerFee.toString() === '0.0004' || null, 5_000, 'the account fee rates');
    expect(await feeRate()).toBe(0.0004); // what the fake account is charged
    expect(fake().requests.some((r) => r.path === '/fapi/v1/commissionRate' && r.signed)).toBe(true);
    expect(fake().requests.filter((r) => r.path.includes('/order')).length).toBe(0);
  });
});

describe("paper trading on OKX: the book in BTC (not contracts), and the account's fee rates once keys with a passphrase are stored", () => {
  // An account on a better tier than the public schedule ccxt knows (0.05 % taker).
  const { fake, srv, api } = paperServer({ ...VENUES[2]!, start: () => startFakeOkx({ seed: 65, historyBars: 30, swapFees: { maker: '0.00015', taker: '0.0004' } }) });

  const taker = async (side: 'BUY' | 'SELL') => {
    const res = await api().post('/api/trading/order', { exchange: 'okx', symbol: 'BTCUSDT', side, quantity: 0.01 });
    expect(res.status, res.text).toBe(200);
    const f = (res.json as { fills: { price: number; quantity: number; fee: number }[] }).fills[0]!;
    return { rate: Math.round((f.fee / (f.price * f.quantity)) * 1e6) / 1e6, quantity: f.quantity };
  };

  it('fills in base units at the public schedule, then at the account rate read from /api/v5/account/trade-fee', async () => {
    expect(await taker('BUY')).toEqual({ rate: 0.0005, quantity: 0.01 });
    const adapter = srv().app.exchanges.get('okx')!;
    // OKX's book counts contracts of 0.01 BTC; the ticks carry the generator's BTC sizes again.
    await waitFor(() => {
      const mine = adapter.lastTick('BTCUSDT')?.asks[1];
      const theirs = (fake() as FakeOkx).feed.lastTick('BTCUSDT')?.asks[1];
      return mine && theirs && mine.price.eq(theirs.price) && mine.quantity.eq(theirs.quantity) ? true : null;
    }, 10_000, 'the depth in base units');
    const f = fake() as FakeOkx;
    const saved = await api().post('/api/trading/config/exchange/okx', { api_key: f.apiKey, api_secret: f.apiSecret, api_passphrase: f.passphrase, enabled: true });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ has_secret: true, has_passphrase: true });
    expect(saved.text).not.toContain(f.passphrase);
    await api().get('/api/exchanges/okx/ticker/BTCUSDT'); // reconnects with the keys
    await taker('SELL');
    await waitFor(() => adapter.instrument('BTCUSDT')?.takerFee.toString() === '0.0004' || null, 5_000, 'the account fee rates');
    expect((await taker('BUY')).rate).toBe(0.0004);
    expect(f.requests.some((r) => r.path === '/api/v5/account/trade-fee' && r.signed)).toBe(true);
    expect(f.requests.filter((r) => r.path.startsWith('/api/v5/trade/')).length).toBe(0); // paper: OKX never sees an order
  });
});
