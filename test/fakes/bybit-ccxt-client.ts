/**
 * ccxt's own (pro) bybit pointed at a fake: the URL map rewritten origin by origin, keeping paths
 * (`https://api.{hostname}` → restUrl, `wss://stream.{hostname}` and `wss://stream.bybit.com` → the
 * WS base), and loadMarkets trimmed to the categories the fake trades.
 */
import { pro } from 'ccxt';
import type { FakeExchange } from './faults.js';

type UrlTree = string | { [k: string]: UrlTree };

/** Rewrites every URL of a ccxt URL tree: hostname expanded, then origins swapped. */
export function rewriteUrls(tree: UrlTree, hostname: string, origins: Readonly<Record<string, string>>): UrlTree {
  if (typeof tree === 'string') {
    const url = tree.replaceAll('{hostname}', hostname);
    for (const [from, to] of Object.entries(origins)) {
      if (url === from || url.startsWith(`${from}/`)) return to + url.slice(from.length);
    }
    return url;
  }
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, rewriteUrls(v, hostname, origins)]));
}

export type BybitPro = InstanceType<typeof pro.bybit>;

/** A ccxt pro bybit talking to `fake`; call `await ex.close()` when done. */
export async function bybitClient(fake: FakeExchange, creds: { apiKey?: string; secret?: string } = {}): Promise<BybitPro> {
  const ex = new pro.bybit({
    apiKey: creds.apiKey,
    secret: creds.secret,
    enableRateLimit: false,
  });
  const hostname = String(ex.hostname ?? 'bybit.com');
  const ws = fake.wsUrls.public ?? fake.restUrl.replace(/^http/, 'ws');
  const origins = {
    [`https://api.${hostname}`]: fake.restUrl,
    [`wss://stream.${hostname}`]: ws,
    'wss://stream.bybit.com': ws,
  };
  const urls = ex.urls as unknown as Record<string, UrlTree>;
  urls.api = rewriteUrls(urls.api as UrlTree, hostname, origins);
  const fetchMarkets = (ex.options.fetchMarkets ?? {}) as Record<string, unknown>;
  ex.options.fetchMarkets = { ...fetchMarkets, types: ['spot', 'linear'] };
  // ccxt refuses ws:// URLs until its plain-HTTP agent is loaded.
  await ex.loadHttpProxyAgent();
  return ex;
}
