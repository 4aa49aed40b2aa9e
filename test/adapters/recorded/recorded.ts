/**
 * Payloads recorded from the exchanges' own documentation, and the means to feed them to a real
 * ccxt instance without any network: ccxt's lowest HTTP hook (`fetch`) answers from the recorded
 * payloads, so request building, signing, response handling and parsing all run as in production.
 */
import { generateKeyPairSync } from 'node:crypto';
import { pro } from 'ccxt';
import { binanceProfile } from '../../../src/adapters/binance/binance-profile.js';
import { bybitProfile } from '../../../src/adapters/bybit/bybit-profile.js';
import { coinbaseProfile } from '../../../src/adapters/coinbase/coinbase-profile.js';
import { okxProfile } from '../../../src/adapters/okx/okx-profile.js';
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

type Fetch = (url: string, method?: string, headers?: Record<string, string>, body?: string) => Promise<unknown>;

export interface RecordedServer {
  /** Requests ccxt made, as "GET /fapi/v1/exchangeInfo". */
  readonly calls: string[];
  /** The same requests as sent: full URL (with its query) and body. */
  readonly sent: { url: string; body: string | undefined }[];
  /**
   * Answer `method path` (optionally only when `when` matches the query) with this payload, sent
   * with HTTP `status` (default 200), from now on.
   */
  serve(method: string, path: string, payload: unknown, when?: (query: URLSearchParams) => boolean, status?: number): void;
}

interface ResponseHandling {
  handleErrors(status: number, reason: string, url: string, method: string, headers: object, body: string, response: unknown, reqHeaders: unknown, reqBody: unknown): unknown;
  handleHttpStatusCode(status: number, reason: string, url: string, method: string, body: string): void;
}

/**
 * Replaces the instance's HTTP transport: every request is answered from a recorded payload, or
 * fails loudly. Each answer first passes the venue's own error handling (`handleErrors`, then the
 * HTTP status check), as ccxt's handleRestResponse does with a real response, so a documented
 * error answer throws the error ccxt would throw.
 */
export function serveRecorded(ex: object): RecordedServer {
  const calls: string[] = [];
  const sent: { url: string; body: string | undefined }[] = [];
  const routes: { method: string; path: string; payload: unknown; status: number; when?: (q: URLSearchParams) => boolean }[] = [];
  const venue = ex as unknown as ResponseHandling;
  const fetch: Fetch = async (url, method = 'GET', _headers, requestBody) => {
    const { pathname, searchParams } = new URL(url);
    calls.push(`${method} ${pathname}`);
    sent.push({ url, body: requestBody });
    const hit = routes.find((r) => r.method === method && r.path === pathname && (!r.when || r.when(searchParams)));
    if (!hit) throw new Error(`no recorded payload for ${method} ${url}`);
    const answer = JSON.stringify(hit.payload);
    const reason = hit.status === 200 ? 'OK' : 'Error';
    if (venue.handleErrors(hit.status, reason, url, method, {}, answer, structuredClone(hit.payload), undefined, undefined) === undefined) {
      venue.handleHttpStatusCode(hit.status, reason, url, method, answer);
    }
    return structuredClone(hit.payload);
  };
  (ex as { fetch: Fetch }).fetch = fetch;
  return {
    calls,
    sent,
    serve(method, path, payload, when, status = 200) {
      routes.unshift({ method, path, payload, when, status });
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

/**
 * ccxt's pro OKX as the adapter configures it (okxProfile.ccxtOptions: spot and swap markets), with
 * a placeholder passphrase: OKX signs every private request with key, secret and passphrase.
 */
export const offlineOkx = () => new pro.okx({ ...offline, password: 'recorded-passphrase', options: { ...okxProfile.ccxtOptions, newUpdates: true } });

/**
 * ccxt's pro Coinbase as the adapter configures it (coinbaseProfile.ccxtOptions, then its
 * adaptClient: the https form of the URL in the JWT, no v2 currency lists). Coinbase signs with a
 * CDP key: the key name and an EC P-256 private key (PEM), generated here once per instance.
 */
export function offlineCoinbase() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ex = new pro.coinbase({
    ...offline,
    apiKey: 'organizations/recorded-org/apiKeys/recorded-key',
    secret: privateKey.export({ format: 'pem', type: 'sec1' }).toString(),
    options: { ...coinbaseProfile.ccxtOptions, newUpdates: true },
  });
  coinbaseProfile.adaptClient?.(ex as never, {} as never);
  return ex;
}

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
