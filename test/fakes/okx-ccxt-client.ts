/**
 * ccxt's own (pro) okx pointed at a fake: its one REST origin (`https://{hostname}`) replaced, and
 * its stream URLs (built per channel group at subscribe time) routed to the fake's paths the way
 * the OKX profile does it. loadMarkets trimmed to the types the fake lists.
 */
import { pro } from 'ccxt';
import { okxProfile } from '../../src/adapters/okx/okx-profile.js';
import type { CcxtExchange } from '../../src/adapters/ccxt/ccxt-loader.js';
import type { FakeExchange } from './faults.js';

export type OkxPro = InstanceType<typeof pro.okx>;

/** A ccxt pro okx talking to `fake`; call `await ex.close()` when done. */
export async function okxClient(fake: FakeExchange, creds: { apiKey?: string; secret?: string; password?: string } = {}, demo = false): Promise<OkxPro> {
  const ex = new pro.okx({ apiKey: creds.apiKey, secret: creds.secret, password: creds.password, enableRateLimit: false });
  if (demo) ex.setSandboxMode(true);
  const urls = ex.urls as unknown as { api: Record<string, string> };
  urls.api = { ...urls.api, rest: fake.restUrl };
  okxProfile.adaptClient?.(ex as unknown as CcxtExchange, { wsUrls: fake.wsUrls });
  ex.options.fetchMarkets = { types: ['spot', 'swap'] };
  ex.options.createOrder = 'privatePostTradeOrder';
  // ccxt refuses ws:// URLs until its plain-HTTP agent is loaded.
  await ex.loadHttpProxyAgent();
  return ex;
}
