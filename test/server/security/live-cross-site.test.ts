import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBinance } from '../../fakes/fake-binance.js';
import { expectError, type client, type PositionJson, type TestServer } from '../harness.js';
import { waitFor } from '../../wait-for.js';
import { probeUpgrade, rawRequest } from './door-probes.js';
import { startLiveBinance, type LiveBinance } from '../live-binance.js';

/**
 * The attack of issue #12, in live mode against the fake Binance: a page the trader opens sends a
 * bodyless POST to the kill switch (what `fetch(…, {mode: "no-cors"})` and `sendBeacon` send). It
 * used to be answered 200 and to send a real SELL MARKET to the venue.
 */
describe('live trading: another web page cannot halt, resume, disconnect or connect', () => {
  let live: LiveBinance;
  let binance: FakeBinance;
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  const attacker = (url: string) => ({ host: new URL(url).host, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'content-length': '0' });
  const venueOrders = (from: number) => binance.requests.slice(from).filter((r) => r.path.includes('order') && r.method !== 'GET');
  const livePosition = async () => (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as PositionJson;

  beforeAll(async () => {
    ({ binance, srv, api } = live = await startLiveBinance({ seed: 43, historyBars: 60 }));
    const open = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    expect(open.status, open.text).toBe(200);
  }, 30_000);
  afterAll(() => live?.close());

  it('a cross-site bodyless halt is a 403: no order reaches the venue and the live position stays open', async () => {
    const before = binance.requests.length;
    const position = await livePosition();
    expect([position.side, position.quantity, position.mode]).toEqual(['LONG', 0.01, 'live_trading']);
    for (const path of ['/api/trading/halt', '/api/trading/resume', '/api/exchanges/binance/disconnect', '/api/exchanges/binance/connect']) {
      expectError(await rawRequest(srv.url, 'POST', path, attacker(srv.url)), 403, 'ORIGIN_NOT_ALLOWED');
      // The same without the browser's headers but also without the JSON type (a hand-made no-cors request).
      expectError(await rawRequest(srv.url, 'POST', path, { 'content-length': '0' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    await new Promise((r) => setTimeout(r, 500)); // a closing order goes out just after the answer: it would be in by now
    expect(venueOrders(before)).toEqual([]);
    expect(await livePosition()).toMatchObject({ side: 'LONG', quantity: 0.01, position_id: position.position_id });
    const exchanges = ((await api.get('/api/exchanges')).json as { exchanges: { id: string; connected: boolean }[] }).exchanges;
    expect(exchanges.find((e) => e.id === 'binance')).toMatchObject({ connected: true });
    expect((await api.get('/api/trading/config/risk')).json).toMatchObject({ state: { trading_state: 'ACTIVE' } });
  });

  it("a foreign page's WebSocket hears nothing of the live positions and PnL", async () => {
    for (const path of ['/ws/multi-symbol?symbols=BTCUSDT', '/ws/multi-exchange/BTCUSDT']) {
      const r = await probeUpgrade(`${srv.wsUrl}${path}`, { origin: 'https://evil.example' });
      expect([r.opened, r.status, r.messages]).toEqual([false, 403, []]);
    }
  });

  it("the trader's own halt still sells at the venue (what the attack would have done)", async () => {
    const before = binance.requests.length;
    const res = await rawRequest(srv.url, 'POST', '/api/trading/halt', { origin: srv.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'content-length': '0' });
    expect(res.status, res.text).toBe(200);
    // The closing SELL goes out right after the answer (the answer shows it NEW).
    await waitFor(() => venueOrders(before).some((r) => r.method === 'POST' && r.path === '/fapi/v1/order'), 5_000, 'the SELL at the venue');
    await waitFor(async () => (await livePosition()).side === 'FLAT', 5_000, 'the live position closed');
    expect((await api.post('/api/trading/resume')).status).toBe(200);
  });
});
