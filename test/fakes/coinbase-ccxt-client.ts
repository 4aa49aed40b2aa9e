/**
 * ccxt's own (pro) coinbase pointed at a fake the way the Coinbase profile wires it: its REST and
 * stream origins replaced, the JWT's `uri` made for the http origin, Advanced Trade's time and
 * accounts endpoints, and no Coinbase App currency lists.
 */
import { pro } from 'ccxt';
import { coinbaseProfile } from '../../src/adapters/coinbase/coinbase-profile.js';
import type { CcxtExchange } from '../../src/adapters/ccxt/ccxt-loader.js';
import type { FakeCoinbase } from './fake-coinbase.js';

export type CoinbasePro = InstanceType<typeof pro.coinbase>;

/** A ccxt pro coinbase talking to `fake`; call `await ex.close()` when done. */
export async function coinbaseClient(fake: FakeCoinbase, creds: { apiKey?: string; secret?: string } = {}): Promise<CoinbasePro> {
  const ex = new pro.coinbase({ apiKey: creds.apiKey, secret: creds.secret, enableRateLimit: false, options: { ...coinbaseProfile.ccxtOptions } });
  const urls = ex.urls as unknown as { api: Record<string, string> };
  urls.api = { ...urls.api, rest: fake.restUrl, ws: fake.wsUrl };
  coinbaseProfile.adaptClient?.(ex as unknown as CcxtExchange, {});
  // ccxt refuses ws:// URLs until its plain-HTTP agent is loaded.
  await ex.loadHttpProxyAgent();
  return ex;
}
