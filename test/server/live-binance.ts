import { expect } from 'vitest';
import type { FakeBinance } from '../fakes/fake-binance.js';
import { client } from './harness.js';

/** The environment that points the Binance adapter at a fake (REST, spot and USD-M streams). */
export const binanceEnv = (fake: FakeBinance): Record<string, string> => ({
  BINANCE_REST_URL: fake.restUrl,
  BINANCE_WS_SPOT_URL: fake.wsUrls.spot,
  BINANCE_WS_LINEAR_URL: fake.wsUrls.linear,
});

/** Stores the fake's keys and switches the server to live trading, as a trader would. */
export async function goLiveOnBinance(api: ReturnType<typeof client>, fake: FakeBinance): Promise<void> {
  const keys = await api.post('/api/trading/config/exchange/binance', { api_key: fake.apiKey, api_secret: fake.apiSecret, enabled: true });
  expect(keys.status, keys.text).toBe(200);
  const mode = await api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true });
  expect(mode.status, mode.text).toBe(200);
}
