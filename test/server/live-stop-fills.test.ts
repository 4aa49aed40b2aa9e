import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { orderId } from '../../src/domain/ids.js';
import type { FakeBinance } from '../fakes/fake-binance.js';
import type { client, OrderJson, TestServer } from './harness.js';
import { startLiveBinance, type LiveBinance } from './live-binance.js';
import { binanceClient } from '../fakes/binance-ccxt-client.js';
import { filled, positionSide, statusOf, tradeElsewhere } from './live-venue.js';
import { waitFor } from '../wait-for.js';

/**
 * A stop on Binance USDⓈ-M is an Algo Service order: when it triggers, ALGO_UPDATE says TRIGGERED
 * (which ccxt reads as `closed`, all of it filled) before the order it sent has a trade in
 * `/fapi/v1/userTrades`, which lags the stream. The stop must be booked from that order's real
 * trades once they are listed: never at a price of 0, never dropped unbooked.
 */
describe('a Binance stop that triggers while the trade list lags', () => {
  let live: LiveBinance;
  let binance: FakeBinance;
  let api: ReturnType<typeof client>;
  let srv: TestServer;

  beforeAll(async () => {
    ({ binance, api, srv } = live = await startLiveBinance({ seed: 53, historyBars: 60 }));
  }, 30_000);
  afterAll(() => live?.close());

  it('is booked at the trade price with the fee Binance charged, and the position is flat', async () => {
    const open = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 });
    expect(open.status, open.text).toBe(200);
    const last = binance.market.last('BTCUSDT')!.last.toNumber();
    const stopPrice = Math.round(last * 0.97 * 10) / 10;
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', stop_price: stopPrice, quantity: 0.01, reduce_only: true });
    expect(res.status, res.text).toBe(200);
    const stop = res.json as OrderJson;
    binance.futures.tradesLagMs = 4_000;
    binance.algos.triggeredFirst = true;
    try {
      // The market falls through the stop: Binance triggers it and its market order fills at once.
      const tick = binance.market.last('BTCUSDT')!;
      binance.algos.onMarket({ tick: { ...tick, last: Decimal.parse(String(stopPrice - 1)) }, trade: null, updateId: 0, prevUpdateId: 0 });
      const booked = await filled(api, (o) => o.order_id === stop.order_id, 15_000, "the stop booked");
      const theirs = binance.futures.all('BTCUSDT').find((o) => o.algoId !== null && o.side === 'SELL')!;
      binance.futures.tradesLagMs = 0;
      const sold = binance.futures.userTrades('BTCUSDT').filter((t) => t.orderId === theirs.orderId);
      expect(sold.length).toBe(1);
      const fills = srv.app.engine.fillsOf(orderId(stop.order_id)).map((f) => [f.price.toString(), f.quantity.toString(), f.fee.toString()]);
      expect(fills).toEqual([[sold[0]!.price.toString(), sold[0]!.qty.toString(), sold[0]!.fee.toString()]]);
      expect(booked.avg_price).toBe(sold[0]!.price.toNumber());
      expect(await positionSide(api, 'binance', 'BTCUSDT')).toBe('FLAT');
    } finally {
      binance.futures.tradesLagMs = 0;
      binance.algos.triggeredFirst = false;
    }
  });

  it('that Binance executes only in part is booked for what it executed (ALGO_UPDATE reads as all of it), then EXPIRED', async () => {
    const open = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.02 });
    expect(open.status, open.text).toBe(200);
    const last = binance.market.last('BTCUSDT')!.last.toNumber();
    const stopPrice = Math.round(last * 0.97 * 10) / 10;
    const res = await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', stop_price: stopPrice, quantity: 0.02, reduce_only: true });
    expect(res.status, res.text).toBe(200);
    const stop = res.json as OrderJson;
    // Half the position is sold on the exchange behind our back: the stop's reduce-only order can sell 0.01 only.
    await tradeElsewhere(await binanceClient(binance, { apiKey: binance.apiKey, secret: binance.apiSecret }), (ex) => ex.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.01, undefined, { reduceOnly: true }));
    binance.algos.triggeredFirst = true;
    try {
      const tick = binance.market.last('BTCUSDT')!;
      binance.algos.onMarket({ tick: { ...tick, last: Decimal.parse(String(stopPrice - 1)) }, trade: null, updateId: 0, prevUpdateId: 0 });
      const theirs = await waitFor(() => binance.futures.all('BTCUSDT').find((o) => o.algoId !== null && o.status === 'EXPIRED') ?? null, 5_000, 'the sent order expired on Binance');
      expect(theirs.executedQty.toString()).toBe('0.01');
      await waitFor(async () => ((await statusOf(api, stop.client_order_id)) === 'EXPIRED' ? true : null), 10_000, 'the stop EXPIRED here');
      const sold = binance.futures.userTrades('BTCUSDT').filter((t) => t.orderId === theirs.orderId);
      const fills = srv.app.engine.fillsOf(orderId(stop.order_id)).map((f) => [f.price.toString(), f.quantity.toString(), f.fee.toString()]);
      expect(fills).toEqual(sold.map((t) => [t.price.toString(), t.qty.toString(), t.fee.toString()]));
      // Ours: bought 0.02, the stop sold 0.01 (the other 0.01 was sold elsewhere, which reconciliation reports).
      const pos = (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as { side: string; quantity: number };
      expect([pos.side, pos.quantity]).toEqual(['LONG', 0.01]);
    } finally {
      binance.algos.triggeredFirst = false;
    }
  });
});
