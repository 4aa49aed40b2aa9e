import { handleLateSends, keepErrorTablesByHost } from './client-hooks.js';
import { exact, type VenueMarket } from './ccxt-instruments.js';
import { loadCcxtClass, type CcxtExchange } from './ccxt-loader.js';
import { hostOf, rebase, rewriteUrlTree } from './url-rewrite.js';
import type { VenueConfig, VenueProfile } from './venue-profile.js';

/** An account's keys; the secret (and passphrase) never leave the adapter and its ccxt instance. */
export interface ApiCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** For venues whose keys come with one (VenueProfile.needsPassphrase). */
  readonly passphrase?: string;
}

/**
 * A ccxt client for a venue: the profile's class and options, the keys, the testnet's URLs, every
 * REST and WebSocket base URL rewritten to the configured endpoints (local fakes, testnets), and
 * the hooks that keep ccxt's error tables and late sends right after the rewrite.
 */
export async function createClient(profile: VenueProfile, config: VenueConfig, keys: { apiKey?: string; apiSecret?: string; passphrase?: string }, testnet: boolean): Promise<CcxtExchange> {
  const Klass = await loadCcxtClass(profile.ccxtClass);
  const ex = new Klass({
    apiKey: keys.apiKey,
    secret: keys.apiSecret,
    password: keys.passphrase,
    enableRateLimit: true,
    timeout: config.timeoutMs,
    options: { ...profile.ccxtOptions, newUpdates: true },
  });
  if (testnet && profile.testUrls) (ex.urls as Record<string, unknown>).test = { ...profile.testUrls };
  if (testnet) ex.setSandboxMode(true);
  const endpoints = testnet ? config.testnet : config.mainnet;
  const api = (ex.urls as { api: unknown }).api;
  const originals: [string, string][] = [];
  (ex.urls as { api: unknown }).api = rewriteUrlTree(api, (url) => {
    let to: string | null = null;
    if (/^https?:/i.test(url)) to = endpoints.restUrl ? rebase(url, endpoints.restUrl) : null;
    else if (/^wss?:/i.test(url)) {
      const base = endpoints.wsUrls?.[profile.wsRole(hostOf(url))];
      to = base ? rebase(url, base) : null;
    }
    if (to) originals.push([to, url]);
    return to;
  });
  keepErrorTablesByHost(ex, originals);
  handleLateSends(ex);
  profile.adaptClient?.(ex, endpoints);
  if (Object.values(endpoints.wsUrls ?? {}).some((u) => u.startsWith('ws://'))) await ex.loadHttpProxyAgent();
  return ex;
}

/** The account's own fee rates for a market (its tier), as the market with them; null when the venue's answer is not exact. */
export async function accountFees(ex: CcxtExchange, m: VenueMarket, rest: <T>(fn: () => Promise<T>) => Promise<T>): Promise<VenueMarket | null> {
  const f = await rest(() => ex.fetchTradingFee(m.ccxtSymbol));
  const maker = exact(f.maker);
  const taker = exact(f.taker);
  return maker && taker ? { ...m, instrument: { ...m.instrument, makerFee: maker, takerFee: taker } } : null;
}
