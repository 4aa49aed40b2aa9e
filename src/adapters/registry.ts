import { binanceProfile } from './binance/binance-profile.js';
import { bybitProfile } from './bybit/bybit-profile.js';
import { okxProfile } from './okx/okx-profile.js';
import { coinbaseProfile } from './coinbase/coinbase-profile.js';
import { CcxtAdapter, type AdapterOptions } from './ccxt/ccxt-adapter.js';
import type { VenueConfig, VenueEndpoints, VenueProfile } from './ccxt/venue-profile.js';

/** Every real venue we can connect; adding one is a profile, not a branch. */
export const VENUES: Readonly<Record<string, VenueProfile>> = {
  binance: binanceProfile,
  bybit: bybitProfile,
  okx: okxProfile,
  coinbase: coinbaseProfile,
};

function endpoints(prefix: string, roles: readonly string[], env: Readonly<Record<string, string | undefined>>): VenueEndpoints {
  // A venue with one stream origin has the one role '' (COINBASE_WS_URL).
  const name = (r: string) => (r ? `${prefix}_WS_${r.toUpperCase()}_URL` : `${prefix}_WS_URL`);
  const wsUrls = Object.fromEntries(roles.flatMap((r) => (env[name(r)] ? [[r, env[name(r)]!]] : [])));
  return { restUrl: env[`${prefix}_REST_URL`] || undefined, wsUrls };
}

/**
 * A venue's configuration from the environment: `<VENUE>_REST_URL` and `<VENUE>_WS_<ROLE>_URL` for
 * each of the profile's WS roles (`BINANCE_WS_SPOT_URL`, `BYBIT_WS_STREAM_URL`, `OKX_WS_PUBLIC_URL`…;
 * `COINBASE_WS_URL` for a venue with one stream origin), the same with the profile's test word after
 * the venue's name for its test environment (`BINANCE_TESTNET_REST_URL`, `OKX_DEMO_REST_URL`,
 * `COINBASE_SANDBOX_REST_URL`), `<VENUE>_<word>=1` to start there (`OKX_DEMO=1`, `COINBASE_SANDBOX=1`),
 * `<VENUE>_API_KEY` / `<VENUE>_API_SECRET` (/ `<VENUE>_API_PASSPHRASE`), and `EXCHANGE_TIMEOUT_MS`.
 * Unset URLs keep the venue's documented hosts.
 */
export function venueConfigFromEnv(id: string, env: Readonly<Record<string, string | undefined>>): VenueConfig {
  const p = id.toUpperCase();
  const profile = VENUES[id];
  const roles = profile?.wsRoles ?? [];
  const test = profile?.testnetName ?? 'TESTNET';
  return {
    mainnet: endpoints(p, roles, env),
    testnet: endpoints(`${p}_${test}`, roles, env),
    testnetByDefault: env[`${p}_${test}`] === '1' || env[`${p}_${test}`] === 'true',
    apiKey: env[`${p}_API_KEY`] || undefined,
    apiSecret: env[`${p}_API_SECRET`] || undefined,
    apiPassphrase: env[`${p}_API_PASSPHRASE`] || undefined,
    timeoutMs: Number(env.EXCHANGE_TIMEOUT_MS ?? 5_000) || 5_000,
  };
}

export function createAdapter(id: string, config: VenueConfig, options: AdapterOptions = {}): CcxtAdapter {
  const profile = VENUES[id];
  if (!profile) throw new Error(`no venue profile for ${id}`);
  return new CcxtAdapter(profile, config, options);
}
