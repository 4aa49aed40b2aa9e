import { pro } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CcxtAdapter } from '../../../src/adapters/ccxt/ccxt-adapter.js';
import { okxProfile } from '../../../src/adapters/okx/okx-profile.js';
import * as doc from './okx-docs.js';
import { serveRecorded, type RecordedServer } from './recorded.js';

/**
 * The whole adapter over the documented payloads: the one seam replaced is which ccxt class the
 * loader hands it, a real ccxt pro OKX whose HTTP transport answers from the recordings.
 */
const recordedOkx = vi.hoisted(() => ({ servers: [] as RecordedServer[] }));

vi.mock('../../../src/adapters/ccxt/ccxt-loader.js', () => ({
  loadCcxtClass: async () =>
    class RecordedOkx extends pro.okx {
      constructor(config: Record<string, unknown>) {
        super(config);
        const server = serveRecorded(this);
        server.serve('GET', '/api/v5/public/instruments', doc.instrumentsSpot.payload, (q) => q.get('instType') === 'SPOT');
        server.serve('GET', '/api/v5/public/instruments', doc.instrumentsSwap.payload, (q) => q.get('instType') === 'SWAP');
        server.serve('GET', '/api/v5/public/time', doc.systemTime.payload);
        server.serve('GET', '/api/v5/market/ticker', doc.tickerSwap.payload, (q) => q.get('instId') === 'BTC-USDT-SWAP');
        server.serve('GET', '/api/v5/market/candles', doc.candlesOneMinuteApart.payload, (q) => q.get('instId') === 'BTC-USDT-SWAP');
        recordedOkx.servers.push(server);
      }
    },
}));

describe('CcxtAdapter with the OKX profile over documented payloads', () => {
  const adapter = new CcxtAdapter(okxProfile, { mainnet: {}, testnet: {}, timeoutMs: 1_000 }, { now: () => 1597026383085 });

  beforeAll(async () => {
    await adapter.connect();
  });

  afterAll(async () => {
    await adapter.disconnect();
  });

  it('connecting loads the spot and swap instruments and asks the time: one instrument, BTCUSDT, the linear swap with base-unit rules', () => {
    expect(recordedOkx.servers).toHaveLength(1);
    expect(recordedOkx.servers[0]!.calls).toEqual(['GET /api/v5/public/instruments', 'GET /api/v5/public/instruments', 'GET /api/v5/public/time']);
    const all = adapter.instruments();
    expect(all.map((i) => [i.symbol, i.marketType, i.tickSize.toString(), i.stepSize.toString(), i.minQty.toString()])).toEqual([
      ['BTCUSDT', 'linear', '0.1', '0.0001', '0.0001'],
    ]);
  });

  it('ticker: the documented ticker on BTC-USDT-SWAP (derived) gives bid 8888.88, ask 9999.99, last 9999.99 and a 24h volume of 22.22 BTC (2222 contracts × 0.01)', async () => {
    const t = await adapter.ticker('BTCUSDT');
    expect([t.symbol, t.bid.toString(), t.ask.toString(), t.last.toString(), t.volume24h?.toString(), t.time]).toEqual([
      'BTCUSDT',
      '8888.88',
      '9999.99',
      '9999.99',
      '22.22',
      1597026383085,
    ]);
  });

  it('klines: the two documented 1m candles (derived: a minute apart) oldest first, each closing a minute after it opens, volume volCcy in BTC', async () => {
    const klines = (await adapter.klines('BTCUSDT', '1m', 2))!;
    expect(klines.map((k) => [k.openTime, k.closeTime, k.open.toString(), k.close.toString(), k.volume.toString()])).toEqual([
      [1597026323085, 1597026383084, '3.731', '3.72', '67632347.24399722'],
      [1597026383085, 1597026443084, '3.721', '3.708', '22698348.04828491'],
    ]);
    const query = new URL(recordedOkx.servers[0]!.sent.at(-1)!.url).searchParams;
    expect([query.get('instId'), query.get('bar'), query.get('limit')]).toEqual(['BTC-USDT-SWAP', '1m', '2']);
  });
});
