import { pro } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CcxtAdapter } from '../../../src/adapters/ccxt/ccxt-adapter.js';
import { coinbaseProfile } from '../../../src/adapters/coinbase/coinbase-profile.js';
import * as doc from './coinbase-docs.js';
import * as trade from './coinbase-docs-trade.js';
import { serveProducts } from './coinbase-market.js';
import { serveRecorded, type RecordedServer } from './recorded.js';

/**
 * The whole adapter over the documented payloads: the one seam replaced is which ccxt class the
 * loader hands it, a real ccxt pro Coinbase whose HTTP transport answers from the recordings.
 */
const recordedCoinbase = vi.hoisted(() => ({ servers: [] as RecordedServer[] }));

vi.mock('../../../src/adapters/ccxt/ccxt-loader.js', () => ({
  loadCcxtClass: async () =>
    class RecordedCoinbase extends pro.coinbase {
      constructor(config: Record<string, unknown>) {
        super(config);
        const server = serveRecorded(this);
        serveProducts(server);
        server.serve('GET', '/api/v3/brokerage/time', trade.serverTime.payload);
        server.serve('GET', '/api/v3/brokerage/market/products/BTC-USD/ticker', trade.tickerBtcUsd.payload);
        server.serve('GET', '/api/v3/brokerage/market/products/BTC-USD/candles', doc.candlesTwo.payload);
        recordedCoinbase.servers.push(server);
      }
    },
}));

describe('CcxtAdapter with the Coinbase profile over documented payloads', () => {
  const adapter = new CcxtAdapter(coinbaseProfile, { mainnet: {}, testnet: {}, timeoutMs: 1_000 }, { now: () => 1713952598063 });

  beforeAll(async () => {
    await adapter.connect();
  });

  afterAll(async () => {
    await adapter.disconnect();
  });

  it('connecting loads the products and asks the time: one instrument, BTCUSD spot, tick 0.01, step 0.00000001, min notional 1', () => {
    expect(recordedCoinbase.servers).toHaveLength(1);
    const calls = recordedCoinbase.servers[0]!.calls;
    expect(calls.filter((c) => c === 'GET /api/v3/brokerage/market/products')).toHaveLength(3);
    expect(calls).toContain('GET /api/v3/brokerage/time');
    expect(calls.some((c) => c.includes('/v2/'))).toBe(false);
    expect(adapter.instruments().map((i) => [i.symbol, i.marketType, i.tickSize, i.stepSize, i.minQty, i.minNotional].map(String))).toEqual([
      ['BTCUSD', 'spot', '0.01', '0.00000001', '0.00000001', '1'],
    ]);
  });

  it('ticker: the recorded ticker (on BTC-USD, derived) gives bid 66367.58, ask 66367.59, last 66363.03 at its trade time', async () => {
    const t = await adapter.ticker('BTCUSD');
    expect([t.symbol, t.bid.toString(), t.ask.toString(), t.last.toString(), t.time]).toEqual(['BTCUSD', '66367.58', '66367.59', '66363.03', 1713952598063]);
  });

  it('klines: the two candles (derived) oldest first, each closing a minute after it opens', async () => {
    const klines = (await adapter.klines('BTCUSD', '1m', 2))!;
    expect(klines.map((k) => [k.openTime, k.closeTime, k.open.toString(), k.close.toString(), k.volume.toString()])).toEqual([
      [1639507990000, 1639508049999, '139.75', '140.2', '12.00045'],
      [1639508050000, 1639508109999, '140.21', '140.21', '56437345'],
    ]);
    const query = new URL(recordedCoinbase.servers[0]!.sent.at(-1)!.url).searchParams;
    expect(query.get('granularity')).toBe('ONE_MINUTE');
  });
});
