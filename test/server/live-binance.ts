import { Decimal } from '../../src/domain/decimal.js';
import type { FakeBinance } from '../fakes/fake-binance.js';
import type { client } from './harness.js';
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
