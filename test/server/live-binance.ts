import { Decimal } from '../../src/domain/decimal.js';
import { startFakeBinance, type FakeBinance, type FakeBinanceOptions } from '../fakes/fake-binance.js';
import { client, startTestServer, type TestServer } from './harness.js';
import { goLive } from './live-venue.js';

/** The environment that points the Binance adapter at a fake (REST, spot and USD-M streams). */
export const binanceEnv = (fake: FakeBinance): Record<string, string> => ({
  BINANCE_REST_URL: fake.restUrl,
  BINANCE_WS_SPOT_URL: fake.wsUrls.spot,
  BINANCE_WS_LINEAR_URL: fake.wsUrls.linear,
});

/** Stores the fake's keys and switches the server to live trading, as a trader would. */
export async function goLiveOnBinance(api: ReturnType<typeof client>, fake: FakeBinance): Promise<void> {
  await goLive(api, 'binance', { api_key: fake.apiKey, api_secret: fake.apiSecret, enabled: true });
}

/** BTCUSDT trades on the fake's USD-M book one dollar under `price`: a resting buy there fills. */
export function tradeThroughOnBinance(fake: FakeBinance, price: number): void {
  const last = fake.market.last('BTCUSDT')!;
  fake.futures.onMarket({ tick: { ...last, last: Decimal.parse(price).sub(Decimal.parse('1')) }, trade: null, updateId: 0, prevUpdateId: 0 });
}

export interface LiveBinance {
  readonly binance: FakeBinance;
  readonly srv: TestServer;
  readonly api: ReturnType<typeof client>;
  /** The server, then the fake. */
  close(): Promise<void>;
}

/**
 * A fake Binance and a test server trading live on it (goLiveOnBinance).
 *
 * @example
 *   beforeAll(async () => {
 *     ({ binance, api } = live = await startLiveBinance({ seed: 41, historyBars: 60 }));
 *   }, 30_000);
 *   afterAll(() => live?.close());
 */
export async function startLiveBinance(opts: FakeBinanceOptions): Promise<LiveBinance> {
  const binance = await startFakeBinance(opts);
  let srv: TestServer | null = null;
  const close = async () => {
    await srv?.close();
    await binance.close();
  };
  try {
    srv = await startTestServer(binanceEnv(binance));
    const api = client(srv.url);
    await goLiveOnBinance(api, binance);
    return { binance, srv, api, close };
  } catch (e) {
    await close();
    throw e;
  }
}
