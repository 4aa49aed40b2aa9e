/**
 * Payloads recorded from the exchanges' own documentation, and the means to feed them to a real
 * ccxt instance without any network: ccxt's lowest HTTP hook (`fetch`) answers from the recorded
 * payloads, so request building, signing, response handling and parsing all run as in production.
 */
import { pro } from 'ccxt';
import { binanceProfile } from '../../../src/adapters/binance/binance-profile.js';
import { bybitProfile } from '../../../src/adapters/bybit/bybit-profile.js';
import { exact } from '../../../src/adapters/ccxt/ccxt-instruments.js';

/** One documented payload and where it comes from. */
export interface Recorded<T> {
  /** The documentation page that shows the payload. */
  readonly source: string;
  /** Where the stored copy of that page was read, when it was not the page itself. */
  readonly readAt?: string;
  /** How this copy differs from the page's text (comments dropped, invalid JSON mended…). */
  readonly note?: string;
  /** Present when the payload is NOT the documented one verbatim: what was changed from it. */
  readonly derived?: string;
  readonly payload: T;
}

export const recorded = <T>(r: Recorded<T>): Recorded<T> => r;

/** A documented payload with some fields changed; `derived` says which, so nobody takes it for a recording. */
export function derive<T extends object>(from: Recorded<T>, change: Partial<T>, why: string): Recorded<T> {
  return { source: from.source, readAt: from.readAt, derived: why, payload: { ...from.payload, ...change } };
}

/** ccxt's number → our exact decimal text ('0.10' arrives as 0.1 and reads back as '0.1'). */
export const text = (n: number | string | undefined | null): string | null => exact(n)?.toString() ?? null;

type Fetch = (url: string, method?: string) => Promise<unknown>;

export interface RecordedServer {
  /** Requests ccxt made, as "GET /fapi/v1/exchangeInfo". */
  readonly calls: string[];
  /** Answer `method path` (optionally only when `when` matches the query) with this payload from now on. */
  serve(method: string, path: string, payload: unknown, when?: (query: URLSearchParams) => boolean): void;
}

/** Replaces the instance's HTTP transport: every request is answered from a recorded payload, or fails loudly. */
export function serveRecorded(ex: object): RecordedServer {
  const calls: string[] = [];
  const routes: { method: string; path: string; payload: unknown; when?: (q: URLSearchParams) => boolean }[] = [];
  const fetch: Fetch = async (url, method = 'GET') => {
    const { pathname, searchParams } = new URL(url);
    calls.push(`${method} ${pathname}`);
    const hit = routes.find((r) => r.method === method && r.path === pathname && (!r.when || r.when(searchParams)));
    if (!hit) throw new Error(`no recorded payload for ${method} ${url}`);
    return structuredClone(hit.payload);
  };
  (ex as { fetch: Fetch }).fetch = fetch;
  return {
    calls,
    serve(method, path, payload, when) {
      routes.unshift({ method, path, payload, when });
    },
  };
}

// Placeholder credentials: private endpoints are signed locally, and nothing ever leaves the process.
// No rate limiter either: there is no venue to protect, and its pauses only slow the tests down.
const offline = { apiKey: 'recorded-key', secret: 'recorded-secret', enableRateLimit: false };

/**
 * ccxt's pro Binance configured as the adapter configures it (binanceProfile.ccxtOptions), except
 * that markets are loaded for the linear type only: the recorded exchangeInfo is the USDⓈ-M one.
 */
export const offlineBinance = () =>
  new pro.binance({ ...offline, options: { ...binanceProfile.ccxtOptions, fetchMarkets: { types: ['linear'] }, newUpdates: true } });

/** ccxt's pro Bybit as the adapter configures it (bybitProfile.ccxtOptions), linear markets only. */
export const offlineBybit = () =>
  new pro.bybit({ ...offline, options: { ...bybitProfile.ccxtOptions, fetchMarkets: { types: ['linear'] }, newUpdates: true } });

interface WsHandler {
  handleMessage(client: never, message: never): void;
}

/**
 * Hands one stream message to ccxt's own WebSocket message handler, as its socket would, and
 * returns what ccxt resolved for its watchers (watchTicker, watchBidsAsks, watchTrades…) by hash.
 */
export function deliver(ex: object, url: string, message: object): Map<string, unknown> {
  const resolved = new Map<string, unknown>();
  const client = {
    url,
    subscriptions: {},
    futures: {},
    resolve(result: unknown, hash: string) {
      resolved.set(hash, result);
    },
    reject(error: unknown) {
      throw error instanceof Error ? error : new Error(String(error));
    },
  };
  (ex as unknown as WsHandler).handleMessage(client as never, structuredClone(message) as never);
  return resolved;
}
