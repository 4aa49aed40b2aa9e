import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenState } from './auth-policy.js';

/** The WebSocket subprotocol entry that carries the token (browsers cannot set headers on a WebSocket). */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

/** The token a request shows: `Authorization: Bearer <token>`, else a `bearer.<token>` entry of `Sec-WebSocket-Protocol`. */
export function presentedToken(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (auth !== undefined) return /^Bearer +(\S+) *$/i.exec(auth)?.[1] ?? '';
  const protocols = headers['sec-websocket-protocol'];
  if (protocols === undefined) return null;
  for (const p of protocols.split(',')) {
    const entry = p.trim();
    if (entry.startsWith(BEARER_PROTOCOL_PREFIX)) return entry.slice(BEARER_PROTOCOL_PREFIX.length);
  }
  return null;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compares in constant time (over the digests, so the length of the token does not show either). */
export function checkToken(presented: string | null, expected: string | null): TokenState {
  if (presented === null) return 'none';
  if (expected === null) return 'invalid';
  return timingSafeEqual(digest(presented), digest(expected)) ? 'valid' : 'invalid';
}

/**
 * The subprotocol a WebSocket answers with: the first one offered that is not the token (the page
 * offers `trainer` before `bearer.<token>`), so the token is echoed only to a client that offered
 * nothing else; none offered, none answered.
 */
export function selectProtocol(offered: ReadonlySet<string>): string | false {
  let bearer: string | false = false;
  for (const p of offered) {
    if (!p.startsWith(BEARER_PROTOCOL_PREFIX)) return p;
    bearer ||= p;
  }
  return bearer;
}
