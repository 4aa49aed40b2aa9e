import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCoinbase, type FakeCoinbase } from '../fakes/fake-coinbase.js';
import { waitFor } from '../wait-for.js';
import { client, startTestServer, type TestServer } from './harness.js';

interface PaperOrder {
  status: string;
  filled_quantity: number;
  fills: { price: number; quantity: number; fee: number; fee_asset: string }[];
}

/**
 * Paper trading on Coinbase: spot BTCUSD at 1×, filled by the simulated exchange against the level2
 * book Coinbase streams, at Coinbase's fees: the public schedule ccxt knows (Advanced 1: taker
 * 1.2 %), then the account's tier from /transaction_summary once CDP keys are stored.
 */
describe('paper trading on Coinbase walks its level2 book and charges its fees', () => {
  let cb: FakeCoinbase;
  let srv: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    cb = await startFakeCoinbase({ seed: 66, historyBars: 30, fees: { maker: '0.0025', taker: '0.004' } });
    srv = await startTestServer({ COINBASE_REST_URL: cb.restUrl, COINBASE_WS_URL: cb.wsUrl });
    api = client(srv.url);
    expect((await api.post('/api/trading/config/mode', { mode: 'paper_trading' })).status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await cb?.close();
  });

  const order = async (side: 'BUY' | 'SELL', quantity: number): Promise<PaperOrder> => {
    const res = await api.post('/api/trading/order', { exchange: 'coinbase', symbol: 'BTCUSD', side, quantity });
    expect(res.status, res.text).toBe(200);
    return res.json as PaperOrder;
  };
  const rate = (o: PaperOrder) => {
    const fee = o.fills.reduce((s, f) => s + f.fee, 0);
    const notional = o.fills.reduce((s, f) => s + f.price * f.quantity, 0);
    return Math.round((fee / notional) * 1e6) / 1e6;
  };

  it('ticks carry the level2 book as Coinbase streams it; a market order fills at its best ask with the public fee', async () => {
    await order('BUY', 0.001); // subscribes BTCUSD
    const adapter = srv.app.exchanges.get('coinbase')!;
    const tick = await waitFor(() => {
      const t = adapter.lastTick('BTCUSD');
      return t && t.asks.length >= 3 && t.bids.length >= 3 ? t : null;
    }, 15_000, 'depth in the ticks');
    const asks = tick.asks.map((l) => l.price.toNumber());
    expect(asks).toEqual([...asks].sort((a, b) => a - b));
    // The ticks' book is the fake's (BTC-USD trades at the generator's BTCUSDT prices).
    await waitFor(() => {
      const mine = adapter.lastTick('BTCUSD')?.asks[1];
      const theirs = cb.feed.lastTick('BTCUSDT')?.asks[1];
      return mine && theirs && mine.price.eq(theirs.price) && mine.quantity.eq(theirs.quantity) ? true : null;
    }, 10_000, 'the same book');
    // At 1× the 10,000 USD paper account buys less than a level holds (the walk itself is the
    // simulated exchange's, tested on the linear venues): it fills at the book's best ask.
    const asksBefore = adapter.lastTick('BTCUSD')!.asks.map((l) => l.price.toNumber());
    const o = await order('BUY', 0.01);
    expect(o.status).toBe('FILLED');
    expect(o.filled_quantity).toBe(0.01);
    // The book may have moved a tick meanwhile.
    expect(Math.abs(o.fills[0]!.price / asksBefore[0]! - 1)).toBeLessThan(0.002);
    expect(o.fills.every((f) => f.fee_asset === 'USD')).toBe(true);
    expect(rate(o)).toBe(0.012); // ccxt's public Advanced 1 schedule
    expect(cb.requests.filter((r) => r.path.includes('/orders')).length).toBe(0); // paper: Coinbase never sees an order
  });

  it("with CDP keys stored, the account's own tier from /transaction_summary", async () => {
    const saved = await api.post('/api/trading/config/exchange/coinbase', { api_key: cb.apiKey, api_secret: cb.apiSecret, enabled: true });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.text).not.toContain('PRIVATE KEY');
    await api.get('/api/exchanges/coinbase/ticker/BTCUSD'); // reconnects with the keys
    const adapter = srv.app.exchanges.get('coinbase')!;
    await waitFor(() => adapter.instrument('BTCUSD')?.takerFee.toString() === '0.004' || null, 5_000, 'the account fee tier');
    expect([adapter.instrument('BTCUSD')!.makerFee.toString(), rate(await order('SELL', 0.001))]).toEqual(['0.0025', 0.004]);
    expect(cb.requests.some((r) => r.path === '/api/v3/brokerage/transaction_summary' && r.signed)).toBe(true);
    expect(cb.requests.filter((r) => r.path.includes('/orders')).length).toBe(0);
  });
});
