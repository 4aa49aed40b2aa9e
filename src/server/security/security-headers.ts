import { createHash } from 'node:crypto';

/** On every answer: nothing may frame, sniff or load it as anything but what it says it is. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

/** Swagger UI (/docs): its own scripts and styles, its style attributes, the OpenAPI document. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** The CSP `'sha256-…'` source of an inline script or style. */
export const inlineHash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const pageCsps = new Map<string, string>();

/**
 * The trainer page's CSP, for the page and the scripts it loads (a Worker's script brings its own
 * policy): scripts only from this origin, never inline; WebSockets to this host (`'self'` does not
 * cover ws: in every browser); its workers (the feed worker, the service worker) and its manifest
 * from itself. `host` is a Host this server answers to, checked before.
 */
export function pageCsp(host: string, inline: { scripts?: readonly string[]; styles?: readonly string[] } = {}): string {
  const key = inline.scripts || inline.styles ? '' : host;
  const cached = key ? pageCsps.get(key) : undefined;
  if (cached) return cached;
  const scripts = ["'self'", ...(inline.scripts ?? []).map(inlineHash)].join(' ');
  const styles = ["'self'", ...(inline.styles ?? []).map(inlineHash)].join(' ');
  const csp = [
    "default-src 'self'",
    `script-src ${scripts}`,
    "script-src-attr 'none'",
    `style-src ${styles}`,
    "img-src 'self' data:",
    `connect-src 'self' ws://${host} wss://${host}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  if (key) {
    if (pageCsps.size >= 64) pageCsps.clear(); // a name allowed on any port could be sent with many
    pageCsps.set(key, csp);
  }
  return csp;
}
