import { binanceProfile } from './binance/binance-profile.js';
import { bybitProfile } from './bybit/bybit-profile.js';
import { CcxtAdapter, type AdapterOptions } from './ccxt/ccxt-adapter.js';
import type { VenueConfig, VenueEndpoints, VenueProfile } from './ccxt/venue-profile.js';

/** Every real venue we can connect; adding one is a profile, not a branch. */
export const VENUES: Readonly<Record<string, VenueProfile>> = {
  binance: binanceProfile,
  bybit: bybitProfile,
};

/** WebSocket roles of each venue (see VenueProfile.wsRole), for configuration. */
const WS_ROLES: Readonly<Record<string, readonly string[]>> = { binance: ['spot', 'linear', 'spotApi', 'linearApi'], bybit: ['stream'] };

function endpoints(prefix: string, roles: readonly string[], env: Readonly<Record<string, string | undefined>>): VenueEndpoints {
  const wsUrls = Object.fromEntries(roles.flatMap((r) => (env[`${prefix}_WS_${r.toUpperCase()}_URL`] ? [[r, env[`${prefix}_WS_${r.toUpperCase()}_URL`]!]] : [])));
  return { restUrl: env[`${prefix}_REST_URL`] || undefined, wsUrls };
}

/**
 * A venue's configuration from the environment: `BINANCE_REST_URL`, `BINANCE_WS_SPOT_URL`,
 * `BINANCE_WS_LINEAR_URL`, `BINANCE_WS_SPOTAPI_URL`, `BYBIT_REST_URL`, `BYBIT_WS_STREAM_URL`, the same with `_TESTNET_`
 * after the venue's name for its testnet, `<VENUE>_API_KEY` / `<VENUE>_API_SECRET`, and
 * `EXCHANGE_TIMEOUT_MS`. Unset URLs keep the venue's documented hosts.
 */
export function venueConfigFromEnv(id: string, env: Readonly<Record<string, string | undefined>>): VenueConfig {
  const p = id.toUpperCase();
  const roles = WS_ROLES[id] ?? [];
  return {
    mainnet: endpoints(p, roles, env),
    testnet: endpoints(`${p}_TESTNET`, roles, env),
    apiKey: env[`${p}_API_KEY`] || undefined,
    apiSecret: env[`${p}_API_SECRET`] || undefined,
    timeoutMs: Number(env.EXCHANGE_TIMEOUT_MS ?? 5_000) || 5_000,
  };
}

export function createAdapter(id: string, config: VenueConfig, options: AdapterOptions = {}): CcxtAdapter {
  const profile = VENUES[id];
  if (!profile) throw new Error(`no venue profile for ${id}`);
  return new CcxtAdapter(profile, config, options);
}
