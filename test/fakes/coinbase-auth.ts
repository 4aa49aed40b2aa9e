/**
 * CDP API keys as Coinbase checks them: the key's name (`organizations/{org}/apiKeys/{id}`) and an
 * EC P-256 private key (PEM, SEC1 as in a downloaded key file). Every private REST request carries
 * `Authorization: Bearer <JWT>`, ES256-signed with that key: header `kid` = the key name, claims
 * `sub` = the key name, `iss` "cdp" or "coinbase-cloud", `nbf` ≤ now, `exp` ≤ nbf + 120 s and not
 * past, and `uri` = "METHOD host/path" of this very request. The `user` stream's subscription carries
 * the same kind of JWT without `uri`. A failed check is answered 401 "Unauthorized", as Coinbase does.
 */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';

export interface CoinbaseKeys {
  readonly name: string;
  /** The private key, PEM (what a user pastes as the secret). */
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
}

/** A fresh CDP key (or the given PEM's). */
export function cdpKeys(name = 'organizations/0f4e3bd2-fake-org/apiKeys/5a1c9e7d-fake-key', pem?: string): CoinbaseKeys {
  const privateKeyPem = pem ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return { name, privateKeyPem, publicKey: createPublicKey(privateKeyPem) };
}

const json = (part: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/**
 * Why the token is refused, or null when it is good: signature by the key, its name, its time
 * window, and (REST) the request it was made for.
 */
export function checkJwt(token: string | undefined, keys: CoinbaseKeys, nowMs: number, uri: string | null): string | null {
  if (!token) return 'missing bearer token';
  const parts = token.split('.');
  if (parts.length !== 3) return 'malformed token';
  const [h, p, s] = parts as [string, string, string];
  const header = json(h);
  const claims = json(p);
  if (!header || !claims) return 'malformed token';
  if (header.alg !== 'ES256') return `unsupported alg ${String(header.alg)}`;
  const good = verify('sha256', Buffer.from(`${h}.${p}`), { key: keys.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!good) return 'signature does not verify';
  if (claims.sub !== keys.name || header.kid !== keys.name) return 'unknown key';
  if (claims.iss !== 'cdp' && claims.iss !== 'coinbase-cloud') return 'wrong issuer';
  const now = Math.floor(nowMs / 1000);
  const nbf = Number(claims.nbf);
  const exp = Number(claims.exp);
  if (!Number.isFinite(nbf) || !Number.isFinite(exp)) return 'missing nbf/exp';
  if (nbf > now + 5) return 'token not yet valid';
  if (exp < now) return 'token expired';
  if (exp - nbf > 120) return 'token lives longer than 120 s';
  if (uri !== null && claims.uri !== uri) return `token is for ${String(claims.uri)}, not ${uri}`;
  return null;
}

/** The bearer token of a request's Authorization header. */
export function bearer(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  return v?.startsWith('Bearer ') ? v.slice(7) : undefined;
}
