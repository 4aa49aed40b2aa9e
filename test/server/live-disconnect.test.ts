import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import type { Decimal } from '../../src/domain/decimal.js';
import { orderId } from '../../src/domain/ids.js';
import { startFakeBinance } from '../fakes/fake-binance.js';
import { startFakeBybit } from '../fakes/fake-bybit.js';
import { startFakeCoinbase } from '../fakes/fake-coinbase.js';
import type { FakeExchange } from '../fakes/faults.js';
import { waitFor } from '../wait-for.js';
import { client, d, expectError, testEnv, type OrderJson } from './harness.js';

/** One fake venue as these tests drive it. */
interface Venue {
  readonly fake: FakeExchange;
  readonly env: Record<string, string>;
  /** The exchange's own record of its sells: price, quantity and the fee it charged. */
  sells(): { price: Decimal; quantity: Decimal; fee: Decimal }[];
  /** The market trades at `price` on the exchange (a resting order there fills). */
  tradeAt(price: Decimal): void;
  /** The path an order is sent to. */
  readonly orderPath: string;
}

async function binanceVenue(): Promise<Venue> {
  const b = await startFakeBinance({ seed: 46, historyBars: 60 });
  return {
    fake: b,
    env: { BINANCE_REST_URL: b.restUrl, BINANCE_WS_SPOT_URL: b.wsUrls.spot, BINANCE_WS_LINEAR_URL: b.wsUrls.linear },
    sells: () => b.futures.userTrades('BTCUSDT').filter((t) => t.side === 'SELL').map((t) => ({ price: t.price, quantity: t.qty, fee: t.fee })),
    tradeAt: (price) => b.futures.onMarket({ tick: { ...b.market.last('BTCUSDT')!, last: price }, trade: null, updateId: 0, prevUpdateId: 0 }),
    orderPath: '/fapi/v1/order',
  };
}

async function bybitVenue(): Promise<Venue> {
  const b = await startFakeBybit({ seed: 47, historyBars: 60 });
  return {
    fake: b,
    env: { BYBIT_REST_URL: b.restUrl, BYBIT_WS_STREAM_URL: b.wsUrls.public! },
    sells: () =>
      b.core.orders
        .executions()
        .filter((e) => e.category === 'linear' && e.order.side === 'Sell')
        .map((e) => ({ price: e.execPrice, quantity: e.execQty, fee: e.execFee })),
    tradeAt: (price) => b.core.orders.onTick({ ...b.core.market.tick('BTCUSDT'), last: price }),
    orderPath: '/v5/order/create',
  };
}

/** Coinbase spot BTC-USDT (our BTCUSDT): a sell is of the BTC bought; found by client id in List Orders. */
async function coinbaseVenue(): Promise<Venue> {
  const c = await startFakeCoinbase({ seed: 48, historyBars: 60 });
  return {
    fake: c,
    env: { COINBASE_REST_URL: c.restUrl, COINBASE_WS_URL: c.wsUrl },
    sells: () => c.orders.fills().filter((f) => f.order.side === 'SELL').map((f) => ({ price: f.price, quantity: f.size, fee: f.commission })),
    tradeAt: (price) => c.orders.onTick({ ...c.feed.lastTick('BTCUSDT')!, last: price }),
    orderPath: '/api/v3/brokerage/orders',
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ['binance', binanceVenue],
  ['bybit', bybitVenue],
  ['coinbase', coinbaseVenue],
] as const)('a live order of %s while the venue is disconnected (issue 12)', (exchange, startVenue) => {
  let venue: Venue;
  let app: Running;
  let dir: string;
  let api: ReturnType<typeof client>;
  const lines: string[] = [];

  beforeEach(async () => {
    lines.length = 0;
    venue = await startVenue();
    dir = mkdtempSync(join(tmpdir(), 'st-live-disconnect-'));
    // Polling once a minute: what is booked here is booked by the order's answer or on the reconnect, not by a poll.
    const env = { ...venue.env, LIVE_POLL_MS: '60000' };
    app = await startApp(loadConfig(testEnv(dir, env)), pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }));
    api = client(app.url);
    expect((await api.post(`/api/trading/config/exchange/${exchange}`, { api_key: venue.fake.apiKey, api_secret: venue.fake.apiSecret, enabled: true })).status).toBe(200);
    expect((await api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true })).status).toBe(200);
    const open = await api.post('/api/trading/order', { exchange, symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    expect(open.status, open.text).toBe(200);
    expect(await openPositions()).toEqual([0.01]);
  }, 30_000);
  afterEach(async () => {
    await app?.close();
    await venue?.fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The ledger's open live positions (this route never connects the venue). */
  const openPositions = async () =>
    ((await api.get('/api/positions?status=open')).json as { positions: { exchange: string; symbol: string; quantity: number }[] }).positions
      .filter((p) => p.exchange === exchange && p.symbol === 'BTCUSDT')
      .map((p) => p.quantity);
  const sellOrders = async () => ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders.filter((o) => o.side === 'SELL');
  const connected = () => app.exchanges.get(exchange)!.info().connected;
  const sent = () => venue.fake.requests.filter((r) => r.method === 'POST' && r.path === venue.orderPath).length;
  const disconnect = async () => expect((await api.post(`/api/exchanges/${exchange}/disconnect`, {})).status).toBe(200);
  const errorsLogged = () => lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
  /** The exchange's one sell, as the ledger booked it: [price, quantity, fee] each, exchange and ledger. */
  const booked = (o: OrderJson) => {
    const fills = app.engine.fillsOf(orderId(o.order_id)).map((f) => [f.price.toString(), f.quantity.toString(), f.fee.toString(), f.feeAsset]);
    const traded = venue.sells().map((t) => [t.price.toString(), t.quantity.toString(), t.fee.toString(), 'USDT']);
    return { fills, traded };
  };

  it('a closing order in flight at the disconnect is booked when the exchange fills it: FLAT at its trade price and fee', async () => {
    const before = sent();
    venue.fake.faults.delayMs = 400; // the exchange takes the sell 400 ms late and answers then
    const close = api.post('/api/position/close', { symbol: 'BTCUSDT', exchange });
    await sleep(150);
    await disconnect();
    expect(sent()).toBe(before); // the sell is still in flight: disconnected first, then filled
    venue.fake.faults.delayMs = 0;
    const res = await close;
    expect(res.status, res.text).toBe(200);
    expect((res.json as OrderJson).status).toBe('FILLED');
    expect(venue.sells().length).toBe(1);
    const [sell] = await sellOrders();
    expect(sell?.status).toBe('FILLED');
    const { fills, traded } = booked(sell!);
    expect(fills).toEqual(traded);
    expect(connected()).toBe(false); // booked while disconnected: no reconnect mended it
    expect(await openPositions()).toEqual([]);
    expect(errorsLogged()).toEqual([]);
  });

  it('a closing order filled while disconnected is fetched by client id on the reconnect and booked before the next order is accepted', async () => {
    const t = (await api.get(`/api/exchanges/${exchange}/ticker/BTCUSDT`)).json as { ask: number };
    const price = d((Math.ceil(t.ask * 1.005 * 10) / 10).toFixed(1));
    const placed = await api.post('/api/trading/order', { exchange, symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: price.toNumber(), quantity: 0.01, reduce_only: true });
    expect(placed.status, placed.text).toBe(200);
    expect((placed.json as OrderJson).status).toBe('NEW');
    await disconnect();
    venue.tradeAt(price.add(d('1'))); // the exchange fills the sell; we are cut off and hear nothing
    expect(venue.sells().length).toBe(1);
    await sleep(300);
    expect(await openPositions()).toEqual([0.01]); // not learnt yet
    const before = sent();
    // The first request after the disconnect reconnects the venue; the catch-up is slow (every
    // REST answer 200 ms late), and the close must still see the ledger it leaves: FLAT.
    venue.fake.faults.delayMs = 200;
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange });
    venue.fake.faults.delayMs = 0;
    expectError(res, 422, 'NO_OPEN_POSITION');
    expect(sent()).toBe(before); // nothing reached the exchange
    expect(connected()).toBe(true);
    const [sell] = await sellOrders();
    expect([sell?.order_id, sell?.status]).toEqual([(placed.json as OrderJson).order_id, 'FILLED']);
    const { fills, traded } = booked(sell!);
    expect(fills).toEqual(traded);
    expect(await openPositions()).toEqual([]);
    expect(errorsLogged()).toEqual([]);
  });

  it('an order sent right after a reconnect waits for the catch-up: the fill it missed is booked first', async () => {
    const t = (await api.get(`/api/exchanges/${exchange}/ticker/BTCUSDT`)).json as { ask: number };
    const price = d((Math.ceil(t.ask * 1.005 * 10) / 10).toFixed(1));
    const placed = (await api.post('/api/trading/order', { exchange, symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: price.toNumber(), quantity: 0.01, reduce_only: true })).json as OrderJson;
    await disconnect();
    venue.tradeAt(price.add(d('1')));
    venue.fake.faults.delayMs = 200;
    const res = await api.post('/api/trading/order', { exchange, symbol: 'BTCUSDT', side: 'BUY', quantity: 0.02 });
    venue.fake.faults.delayMs = 0;
    expect(res.status, res.text).toBe(200);
    const bought = res.json as OrderJson & { fills: { fill_id: string }[] };
    const [sell] = await sellOrders();
    expect([sell?.order_id, sell?.status]).toEqual([placed.order_id, 'FILLED']);
    // The missed sell is the ledger's earlier fill; the position is the exchange's: 0.01 − 0.01 + 0.02.
    const sellFill = app.engine.fillsOf(orderId(placed.order_id))[0]!;
    expect(Number(sellFill.id)).toBeLessThan(Number(bought.fills[0]!.fill_id));
    await waitFor(async () => (await openPositions())[0] === 0.02, 5_000, 'the position');
    expect(errorsLogged()).toEqual([]);
  });

  it('a market order whose answer is lost after the exchange filled it is booked once: asked by client id, not sent again', async () => {
    const before = sent();
    venue.fake.faults.lostAnswerPath = venue.orderPath;
    venue.fake.faults.lostAnswers = 1; // the exchange fills the sell; the answer never arrives
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange });
    expect(res.status, res.text).toBe(200);
    expect((res.json as OrderJson).status).toBe('FILLED');
    // One send, one sell on the exchange: a client id is unique among OPEN orders only, so a resend would have sold twice.
    expect(sent() - before).toBe(1);
    expect(venue.sells().length).toBe(1);
    const [sell] = await sellOrders();
    const { fills, traded } = booked(sell!);
    expect(fills).toEqual(traded);
    expect(await openPositions()).toEqual([]);
  });

  it('a lost answer while the exchange cannot be asked either leaves the order open, not refused; the next poll books it', async () => {
    venue.fake.faults.lostAnswerPath = venue.orderPath;
    venue.fake.faults.lostAnswers = 1;
    venue.fake.faults.outageMsAfterLostAnswer = 2_500; // … and the network goes down with it: the lookup fails too
    const before = sent();
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', exchange });
    expect(res.status, res.text).toBe(200);
    expect((res.json as OrderJson).status).toBe('NEW'); // not known yet: neither refused nor filled
    expect(venue.sells().length).toBe(1);
    await app.close(); // a restart with polling on finds it by client id
    app = await startApp(loadConfig(testEnv(dir, { ...venue.env, LIVE_POLL_MS: '200' })), pino({ level: 'silent' }));
    api = client(app.url);
    await waitFor(async () => (await sellOrders())[0]?.status === 'FILLED', 10_000, 'the sell booked as FILLED');
    expect(sent() - before).toBe(1);
    const [sell] = await sellOrders();
    const { fills, traded } = booked(sell!);
    expect(fills).toEqual(traded);
    expect(await openPositions()).toEqual([]);
  });
});
