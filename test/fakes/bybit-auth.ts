/**
 * Bybit v5 request authentication, as the exchange checks it.
 *
 * REST: headers X-BAPI-API-KEY, X-BAPI-TIMESTAMP, X-BAPI-RECV-WINDOW (default 5000), X-BAPI-SIGN =
 * hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload), payload = the raw query string
 * of a GET or the raw JSON body of a POST. The timestamp must satisfy
 * serverTime - recvWindow <= timestamp < serverTime + 1000.
 *
 * WebSocket: {"op":"auth","args":[apiKey, expires, signature]}, signature = hex HMAC-SHA256(secret,
 * "GET/realtime" + expires), expires (ms) still in the future.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BybitError, RET } from './bybit-wire.js';

export interface BybitKeys {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(h: Headers, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Throws the BybitError Bybit would answer with, or returns when the request is signed right. */
export function verifyRestSignature(h: Headers, payload: string, keys: BybitKeys, now: number = Date.now()): void {
  const apiKey = header(h, 'X-BAPI-API-KEY');
  const timestamp = header(h, 'X-BAPI-TIMESTAMP');
  const sign = header(h, 'X-BAPI-SIGN');
  const recvText = header(h, 'X-BAPI-RECV-WINDOW') ?? '5000';
  if (apiKey === undefined || apiKey === '') throw new BybitError(RET.BAD_KEY, 'API key is invalid.');
  if (apiKey !== keys.apiKey) throw new BybitError(RET.BAD_KEY, 'API key is invalid.');
  if (timestamp === undefined || sign === undefined) {
    throw new BybitError(RET.PARAMS, `empty value: apiTimestamp[${timestamp ?? ''}] apiKey[${apiKey}] apiSignature[${sign ?? ''}]`);
  }
  const ts = Number(timestamp);
  const recv = Number(recvText);
  if (!Number.isSafeInteger(ts) || !Number.isSafeInteger(recv) || recv <= 0) {
    throw new BybitError(RET.PARAMS, 'params error: timestamp or recv_window invalid');
  }
  if (!(now - recv <= ts && ts < now + 1000)) {
    throw new BybitError(
      RET.EXPIRED,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${ts}],server_timestamp[${now}],recv_window[${recv}]`,
    );
  }
  const origin = `${timestamp}${apiKey}${recvText}${payload}`;
  if (!sameText(hmacHex(keys.apiSecret, origin), sign.toLowerCase())) {
    throw new BybitError(RET.BAD_SIGN, `error sign! origin_string[${origin}]`);
  }
}

/** The ret_msg of a refused WebSocket auth, or null when the auth is good. */
export function checkWsAuth(args: unknown, keys: BybitKeys, now: number = Date.now()): string | null {
  if (!Array.isArray(args) || args.length < 3) return 'Params Error';
  const [apiKey, expires, signature] = args as unknown[];
  if (typeof apiKey !== 'string' || typeof signature !== 'string') return 'Params Error';
  const exp = Number(expires);
  if (!Number.isFinite(exp)) return 'Params Error';
  if (apiKey !== keys.apiKey) return 'Invalid apikey';
  if (exp <= now) return 'Request expired';
  if (!sameText(hmacHex(keys.apiSecret, `GET/realtime${String(expires)}`), signature.toLowerCase())) return 'Invalid sign';
  return null;
}
