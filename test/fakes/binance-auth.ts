import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from './binance-errors.js';

/**
 * Binance request security. NONE: public. USER_STREAM: the `X-MBX-APIKEY` header only (listen keys).
 * SIGNED (TRADE / USER_DATA): the key, a `timestamp` within `recvWindow` (default 5000 ms, at most
 * 60000) of the server time and `signature` = hex HMAC-SHA256 of totalParams — the query string
 * followed directly by the request body, the signature parameter left out.
 */
export type Security = 'NONE' | 'USER_STREAM' | 'SIGNED';

export interface Credentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface SignedInput {
  readonly apiKey: string | undefined;
  readonly rawQuery: string;
  readonly rawBody: string;
  readonly params: ReadonlyMap<string, string>;
}

export const hmacHex = (secret: string, payload: string): string => createHmac('sha256', secret).update(payload).digest('hex');

const withoutSignature = (raw: string): string =>
  raw === '' ? '' : raw.split('&').filter((p) => !p.startsWith('signature=')).join('&');

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkKey(apiKey: string | undefined, creds: Credentials): void {
  if (apiKey === undefined || apiKey === '') throw errors.keyFormat();
  if (apiKey !== creds.apiKey) throw errors.badKey();
}

function checkTimestamp(params: ReadonlyMap<string, string>, now: number): void {
  const ts = params.get('timestamp');
  if (ts === undefined || ts === '') throw errors.mandatory('timestamp');
  const timestamp = Number(ts);
  if (!Number.isSafeInteger(timestamp)) throw errors.badParam('timestamp');
  const rw = params.get('recvWindow');
  const recvWindow = rw === undefined ? 5000 : Number(rw);
  if (!Number.isFinite(recvWindow) || recvWindow <= 0) throw errors.badParam('recvWindow');
  if (recvWindow > 60_000) throw errors.badRecvWindow();
  if (timestamp >= now + 1000) throw errors.timestampAhead();
  if (now - timestamp > recvWindow) throw errors.timestampOutside();
}

/** Throws the Binance error a request of this security level would get; returns whether it was signed (and verified). */
export function authorize(level: Security, req: SignedInput, creds: Credentials, now: number): boolean {
  if (level === 'NONE') return false;
  checkKey(req.apiKey, creds);
  if (level === 'USER_STREAM') return false;
  const signature = req.params.get('signature');
  if (signature === undefined || signature === '') throw errors.mandatory('signature');
  const q = withoutSignature(req.rawQuery);
  const b = withoutSignature(req.rawBody);
  const expected = hmacHex(creds.apiSecret, q + b);
  if (!sameHex(signature, expected)) throw errors.badSignature();
  checkTimestamp(req.params, now);
  return true;
}

/**
 * WebSocket API signature (e.g. `userDataStream.subscribe.signature`): the params other than
 * `signature`, sorted by name, as `name=value` joined by `&`.
 */
export function authorizeWsParams(params: Record<string, unknown>, creds: Credentials, now: number): void {
  const apiKey = typeof params['apiKey'] === 'string' ? params['apiKey'] : undefined;
  checkKey(apiKey, creds);
  const signature = params['signature'];
  if (typeof signature !== 'string' || signature === '') throw errors.mandatory('signature');
  const payload = Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
  if (!sameHex(signature, hmacHex(creds.apiSecret, payload))) throw errors.badSignature();
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(params)) map.set(k, String(v));
  checkTimestamp(map, now);
}
