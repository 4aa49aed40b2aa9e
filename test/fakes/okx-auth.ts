/**
 * OKX v5 request authentication, as the exchange checks it.
 *
 * REST: headers OK-ACCESS-KEY, OK-ACCESS-PASSPHRASE, OK-ACCESS-TIMESTAMP (ISO 8601 with
 * milliseconds, e.g. 2020-12-08T09:08:57.715Z, within 30 s of the server's clock) and OK-ACCESS-SIGN
 * = base64(HMAC-SHA256(secret, timestamp + method + requestPath + body)), requestPath being the
 * path with its query string (`/api/v5/account/balance?ccy=BTC`), body the raw JSON of a POST.
 * A demo-trading key is only accepted with `x-simulated-trading: 1`, a live key only without it.
 *
 * WebSocket: {"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}, timestamp in Unix
 * seconds, sign = base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify")).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CODE, OkxError } from './okx-wire.js';

export interface OkxKeys {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly passphrase: string;
  /** The key was created for demo trading (it needs the x-simulated-trading header). */
  readonly demo: boolean;
}

export const hmacBase64 = (secret: string, payload: string): string => createHmac('sha256', secret).update(payload).digest('base64');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;
const header = (h: Headers, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Throws the OkxError OKX would answer with (HTTP 401), or returns when the request is signed right. */
export function verifyRestSignature(h: Headers, method: string, requestPath: string, body: string, keys: OkxKeys, now: number = Date.now()): void {
  const auth = (code: string, msg: string) => new OkxError(code, msg, 401);
  const key = header(h, 'OK-ACCESS-KEY');
  const passphrase = header(h, 'OK-ACCESS-PASSPHRASE');
  const timestamp = header(h, 'OK-ACCESS-TIMESTAMP');
  const sign = header(h, 'OK-ACCESS-SIGN');
  if (!key) throw auth(CODE.KEY_EMPTY, 'Request header OK-ACCESS-KEY can not be empty.');
  if (!passphrase) throw auth(CODE.PASSPHRASE_EMPTY, 'Request header OK-ACCESS-PASSPHRASE can not be empty.');
  if (!sign) throw auth(CODE.SIGN_EMPTY, 'Request header OK-ACCESS-SIGN can not be empty.');
  if (!timestamp) throw auth(CODE.TIMESTAMP_EMPTY, 'Request header OK-ACCESS-TIMESTAMP can not be empty.');
  if (!ISO.test(timestamp) || Number.isNaN(Date.parse(timestamp))) throw auth(CODE.TIMESTAMP_INVALID, 'Invalid OK-ACCESS-TIMESTAMP.');
  if (Math.abs(now - Date.parse(timestamp)) > 30_000) throw auth(CODE.TIMESTAMP_EXPIRED, 'Timestamp request expired.');
  if (key !== keys.apiKey) throw auth(CODE.KEY_INVALID, 'Invalid OK-ACCESS-KEY.');
  const simulated = header(h, 'x-simulated-trading') === '1';
  if (simulated !== keys.demo) throw auth(CODE.BROKER_ENV, 'APIKey does not match current environment.');
  if (!same(passphrase, keys.passphrase)) throw auth(CODE.PASSPHRASE_WRONG, 'OK-ACCESS-PASSPHRASE incorrect.');
  if (!same(hmacBase64(keys.apiSecret, `${timestamp}${method}${requestPath}${body}`), sign)) throw auth(CODE.SIGN_INVALID, 'Invalid Sign.');
}

/** The {code, msg} of a refused WebSocket login, or null when the login is good. */
export function checkWsLogin(args: unknown, keys: OkxKeys, now: number = Date.now()): { code: string; msg: string } | null {
  const a = Array.isArray(args) ? (args[0] as Record<string, unknown> | undefined) : undefined;
  if (!a || typeof a !== 'object') return { code: CODE.WS_INVALID_REQUEST, msg: 'Invalid request' };
  const { apiKey, passphrase, timestamp, sign } = a as Record<string, unknown>;
  if (typeof apiKey !== 'string' || typeof passphrase !== 'string' || typeof sign !== 'string') return { code: CODE.WS_INVALID_REQUEST, msg: 'Invalid request' };
  const ts = Number(timestamp);
  if (!Number.isFinite(ts)) return { code: CODE.WS_INVALID_REQUEST, msg: 'Invalid request' };
  if (Math.abs(now / 1000 - ts) > 30) return { code: CODE.WS_TIMESTAMP_EXPIRED, msg: 'Timestamp request expired' };
  if (apiKey !== keys.apiKey) return { code: CODE.WS_KEY_INVALID, msg: 'Invalid OK-ACCESS-KEY' };
  if (!same(passphrase, keys.passphrase)) return { code: CODE.WS_PASSPHRASE_WRONG, msg: 'Wrong passphrase' };
  if (!same(hmacBase64(keys.apiSecret, `${String(timestamp)}GET/users/self/verify`), sign)) return { code: CODE.WS_SIGN_INVALID, msg: 'Invalid sign' };
  return null;
}
