import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, expectNamesField, request, startTestServer, type TestServer } from '../harness.js';

/** 10 kB of characters each field's own pattern would otherwise accept (letters and digits). */
const HUGE = 'A1'.repeat(5 * 1024);
const HUGE_DIGITS = '1'.repeat(10 * 1024);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const order = { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 };
const symbolOrder = { symbol: 'BTCUSDT', side: 'BUY', quantity: 0.001 };

/** Every string a request body takes, 10 kB long. */
const bodies: { path: string; body: Record<string, unknown>; field: string }[] = [
  ...['exchange', 'symbol', 'side', 'type', 'time_in_force', 'client_order_id'].map((f) => ({ path: '/api/trading/order', body: { ...order, [f]: HUGE }, field: f })),
  ...['quantity', 'price', 'stop_price', 'take_profit', 'stop_loss'].map((f) => ({ path: '/api/trading/order', body: { ...order, type: 'LIMIT', price: 50_000, [f]: HUGE_DIGITS }, field: f })),
  { path: '/api/position/close', body: { symbol: HUGE }, field: 'symbol' },
  { path: '/api/position/close', body: { symbol: 'BTCUSDT', exchange: HUGE }, field: 'exchange' },
  { path: '/api/position/close', body: { symbol: 'BTCUSDT', quantity: HUGE_DIGITS }, field: 'quantity' },
  { path: '/api/symbols/add', body: { symbol: HUGE, exchanges: ['sim'] }, field: 'symbol' },
  { path: '/api/symbols/add', body: { symbol: 'SOLUSDT', exchanges: [HUGE] }, field: 'exchanges.0' },
  ...['symbol', 'side', 'exchange', 'client_order_id'].map((f) => ({ path: '/api/symbols/order', body: { ...symbolOrder, [f]: HUGE }, field: f })),
  ...['quantity', 'price'].map((f) => ({ path: '/api/symbols/order', body: { ...symbolOrder, [f]: HUGE_DIGITS }, field: f })),
  { path: '/api/symbols/close', body: { symbol: HUGE }, field: 'symbol' },
  { path: '/api/symbols/close', body: { symbol: 'BTCUSDT', exchange: HUGE }, field: 'exchange' },
  { path: '/api/trading/config/exchange/binance', body: { api_key: HUGE, api_secret: 'secret-secret' }, field: 'api_key' },
  { path: '/api/trading/config/exchange/binance', body: { api_key: 'key-key-key', api_secret: HUGE }, field: 'api_secret' },
  { path: '/api/trading/config/mode', body: { mode: HUGE }, field: 'mode' },
  { path: '/api/trading/config/risk', body: { max_daily_loss: HUGE_DIGITS }, field: 'max_daily_loss' },
  { path: '/api/trading/halt', body: { reason: HUGE }, field: 'reason' },
];

/** Every path parameter and query string value, 10 kB long (the URL stays under the 16 kB header limit). */
const urls: { method: string; path: string; field: string }[] = [
  { method: 'GET', path: `/api/exchanges/${HUGE}/ticker/BTCUSDT`, field: 'exchange' },
  { method: 'GET', path: `/api/exchanges/sim/ticker/${HUGE}`, field: 'symbol' },
  { method: 'GET', path: `/api/exchanges/sim/klines/${HUGE}`, field: 'symbol' },
  { method: 'GET', path: `/api/exchanges/sim/klines/BTCUSDT?interval=${HUGE}`, field: 'interval' },
  { method: 'GET', path: `/api/exchanges/prices/${HUGE}`, field: 'symbol' },
  { method: 'GET', path: `/api/exchanges/${HUGE}/symbols`, field: 'exchange' },
  { method: 'POST', path: `/api/exchanges/${HUGE}/connect`, field: 'exchange' },
  { method: 'POST', path: `/api/exchanges/${HUGE}/disconnect`, field: 'exchange' },
  { method: 'DELETE', path: `/api/trading/order/sim/BTCUSDT/${HUGE_DIGITS}`, field: 'order_id' },
  { method: 'DELETE', path: `/api/trading/order/sim/${HUGE}/1`, field: 'symbol' },
  { method: 'DELETE', path: `/api/trading/order/${HUGE}/BTCUSDT/1`, field: 'exchange' },
  { method: 'GET', path: `/api/trading/account/${HUGE}`, field: 'exchange' },
  { method: 'GET', path: `/api/trading/positions/${HUGE}`, field: 'exchange' },
  { method: 'POST', path: `/api/trading/config/exchange/${HUGE}`, field: 'exchange' },
  { method: 'DELETE', path: `/api/trading/config/exchange/${HUGE}`, field: 'exchange' },
  { method: 'GET', path: `/api/symbols/${HUGE}/prices`, field: 'symbol' },
  { method: 'DELETE', path: `/api/symbols/${HUGE}`, field: 'symbol' },
  { method: 'DELETE', path: `/api/symbols/BTCUSDT?force=${HUGE}`, field: 'force' },
  { method: 'GET', path: `/api/position?symbol=${HUGE}`, field: 'symbol' },
  { method: 'GET', path: `/api/position?symbol=BTCUSDT&exchange=${HUGE}`, field: 'exchange' },
  { method: 'GET', path: `/api/positions?status=${HUGE}`, field: 'status' },
  { method: 'GET', path: `/api/positions?mode=${HUGE}`, field: 'mode' },
  { method: 'GET', path: `/api/trading/orders?symbol=${HUGE}`, field: 'symbol' },
  { method: 'GET', path: `/api/trading/orders?status=${HUGE}`, field: 'status' },
  { method: 'DELETE', path: `/api/trading/orders?symbol=${HUGE}`, field: 'symbol' },
  { method: 'GET', path: `/api/trading/stats?mode=${HUGE}`, field: 'mode' },
  { method: 'GET', path: `/api/trading/stats?from=${HUGE_DIGITS}`, field: 'from' },
];

const ledger = async () => {
  const api = client(server.url);
  const [orders, positions, symbols] = await Promise.all([api.get('/api/trading/orders?status=all'), api.get('/api/positions?status=all'), api.get('/api/symbols')]);
  return [orders.text, positions.text, symbols.text];
};

describe('string lengths: a 10 kB string anywhere in a request is a 400 naming the field, and nothing is written', () => {
  let before: string[];
  beforeAll(async () => {
    before = await ledger();
  });

  it.each(bodies)('POST $path with a 10 kB $field', async ({ path, body, field }) => {
    const res = await request(server.url, 'POST', path, { json: body });
    const e = expectError(res, 400, 'VALIDATION_ERROR');
    expectNamesField(e, field);
    expect(res.text.length, 'the answer does not echo the value').toBeLessThan(2_000);
  });

  it.each(urls)('$method with a 10 kB $field in the URL', async ({ method, path, field }) => {
    const res = await request(server.url, method, path, method === 'POST' ? { json: {} } : { contentType: 'application/json' });
    const e = expectError(res, 400, 'VALIDATION_ERROR');
    expectNamesField(e, field);
    expect(res.text.length).toBeLessThan(2_000);
  });

  it('left the orders, positions and watch list as they were', async () => {
    expect(await ledger()).toEqual(before);
  });
});
