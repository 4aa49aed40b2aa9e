/**
 * ccxt's own (pro) binance pointed at a fake Binance: the URL map rewritten origin by origin,
 * keeping paths, and loadMarkets limited to spot + USD-M (the fake has no COIN-M or options).
 *
 *   https://api.binance.com          → restUrl          (/api/v3, /sapi/v1)
 *   https://fapi.binance.com         → restUrl          (/fapi/v1, v2, v3)
 *   wss://stream.binance.com:9443    → wsUrls.spot      (…/ws, …/stream; must contain "/stream")
 *   wss://fstream.binance.com        → wsUrls.linear    (…/public/ws, …/market/ws, …/private/ws)
 *   wss://ws-api.binance.com:443     → wsUrls.spotApi   (…/ws-api/v3: spot user data stream)
 */
import { pro } from 'ccxt';
import type { FakeExchange } from './faults.js';

type UrlTree = string | { [k: string]: UrlTree };

export function rewriteBinanceUrls(tree: UrlTree, origins: Readonly<Record<string, string>>): UrlTree {
  if (typeof tree === 'string') {
    for (const [from, to] of Object.entries(origins)) {
      if (tree === from || tree.startsWith(`${from}/`)) return to + tree.slice(from.length);
    }
    return tree;
  }
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, rewriteBinanceUrls(v, origins)]));
}

/** The origin map for `fake` (see the file comment). */
export function binanceOrigins(fake: Pick<FakeExchange, 'restUrl' | 'wsUrls'>): Record<string, string> {
  const ws = fake.wsUrls;
  const origins: Record<string, string> = {
    'https://api.binance.com': fake.restUrl,
    'https://fapi.binance.com': fake.restUrl,
  };
  if (ws['spot']) origins['wss://stream.binance.com:9443'] = ws['spot'];
  if (ws['linear']) origins['wss://fstream.binance.com'] = ws['linear'];
  if (ws['spotApi']) origins['wss://ws-api.binance.com:443'] = ws['spotApi'];
  return origins;
}

export type BinancePro = InstanceType<typeof pro.binance>;

/** A ccxt pro binance talking to `fake`; call `await ex.close()` when done. */
export async function binanceClient(
  fake: Pick<FakeExchange, 'restUrl' | 'wsUrls'>,
  creds: { apiKey?: string; secret?: string } = {},
  options: Record<string, unknown> = {},
): Promise<BinancePro> {
  const ex = new pro.binance({ apiKey: creds.apiKey, secret: creds.secret, enableRateLimit: false });
  const urls = ex.urls as unknown as Record<string, UrlTree>;
  urls['api'] = rewriteBinanceUrls(urls['api'] as UrlTree, binanceOrigins(fake));
  const fetchMarkets = (ex.options['fetchMarkets'] ?? {}) as Record<string, unknown>;
  ex.options['fetchMarkets'] = { ...fetchMarkets, types: ['spot', 'linear'] };
  Object.assign(ex.options, options);
  // ccxt picks Binance's per-market error tables (spot / linear) by the URL's host, which the fake
  // does not have: pick them by path instead, so -2019 is InsufficientFunds as against Binance.
  const byHost = ex.getExceptionsByUrl.bind(ex);
  ex.getExceptionsByUrl = (url, exactOrBroad) => {
    if (url === undefined || !url.startsWith(`${fake.restUrl}/`)) return byHost(url, exactOrBroad);
    const path = url.slice(fake.restUrl.length);
    const type = path.startsWith('/fapi/') ? 'linear' : path.startsWith('/api/') || path.startsWith('/sapi/') ? 'spot' : undefined;
    const table = type === undefined ? undefined : (ex.exceptions[type] as Record<string, Record<string, unknown>> | undefined);
    return table?.[exactOrBroad] ?? {};
  };
  // ccxt refuses ws:// URLs until its plain-HTTP agent is loaded.
  await ex.loadHttpProxyAgent();
  return ex;
}
