import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../error-catalogue.js';
import { AllowedPeers, type PeerConfig } from './allowed-peers.js';
import { API_HEADERS } from './security-headers.js';

const NEEDS_JSON = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const isBodiless = (req: FastifyRequest): boolean => {
  const length = req.headers['content-length'];
  return length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined);
};

/** `application/json`, with or without parameters (`; charset=utf-8`). */
const isJson = (type: string | undefined): boolean => {
  if (type === undefined) return false;
  if (type === 'application/json') return true;
  const semi = type.indexOf(';');
  return (semi === -1 ? type : type.slice(0, semi)).trim().toLowerCase() === 'application/json';
};

/**
 * A WebSocket upgrade answered with a plain HTTP refusal: its socket left Node's HTTP server at the
 * upgrade, so nothing else ever closes it; it is closed here once the answer is out (else each such
 * request would hold a socket open for good, past the connection cap, and hold up shutdown).
 */
export function closeUpgradeAfterAnswer(req: FastifyRequest, reply: FastifyReply): void {
  if (req.headers.upgrade === undefined) return;
  reply.header('connection', 'close');
  reply.raw.once('finish', () => req.raw.socket.destroy());
}

function refuse(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, details?: Record<string, unknown>): void {
  closeUpgradeAfterAnswer(req, reply);
  reply.headers(API_HEADERS).code(status).send(errorBody(code, message, details));
}

/**
 * The browser's doors, on every request and WebSocket upgrade before anything else runs:
 * 1. Host must name this server (DNS rebinding): 421 HOST_NOT_ALLOWED;
 * 2. a state-changing request or an upgrade from another web page (its Origin, or Sec-Fetch-Site
 *    cross-site / same-site) is refused: 403 ORIGIN_NOT_ALLOWED;
 * 3. POST/PUT/PATCH/DELETE must say `Content-Type: application/json`, bodiless too (a page can send a
 *    bodiless cross-site POST without asking; it cannot set that type): 415 UNSUPPORTED_MEDIA_TYPE.
 * No CORS headers are ever sent, so other pages cannot read any answer either.
 */
export function installRequestGuard(app: FastifyInstance, config: PeerConfig): void {
  let peers: AllowedPeers | null = null;
  // The actual port (PORT=0 picks one): known once listening; nothing is answered before.
  app.server.once('listening', () => {
    const address = app.server.address();
    peers = typeof address === 'object' && address ? new AllowedPeers(address.port, config, address.address) : new AllowedPeers(0, config);
  });

  app.addHook('onRequest', (req, reply, done) => {
    const h = req.headers;
    const host = h.host;
    if (host === undefined || peers === null || !peers.hostAllowed(host)) {
      return refuse(req, reply, 421, 'HOST_NOT_ALLOWED', host === undefined ? 'the request has no Host header' : `this server does not answer to the host ${host.slice(0, 100)}; add it to ALLOWED_HOSTS to allow it`, host === undefined ? undefined : { host: host.slice(0, 100) });
    }
    const method = req.method;
    const upgrade = h.upgrade !== undefined;
    if (upgrade || (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS')) {
      const origin = h.origin;
      const site = h['sec-fetch-site'];
      const listed = origin !== undefined && peers.isListedOrigin(origin);
      if (!listed && origin !== undefined && !peers.isOwnOrigin(origin)) {
        return refuse(req, reply, 403, 'ORIGIN_NOT_ALLOWED', `requests from the web page at ${origin.slice(0, 100)} are not allowed; add its origin to ALLOWED_ORIGINS to allow it`, { origin: origin.slice(0, 100) });
      }
      if (!listed && (site === 'cross-site' || site === 'same-site')) {
        return refuse(req, reply, 403, 'ORIGIN_NOT_ALLOWED', `requests from another web site (Sec-Fetch-Site: ${site}) are not allowed`, { sec_fetch_site: site });
      }
    }
    if (NEEDS_JSON.has(method)) {
      if (!isJson(h['content-type'])) {
        const type = h['content-type'] === undefined ? '(none)' : h['content-type'].slice(0, 100);
        return refuse(req, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', `content-type ${type} is not supported; send application/json (a request without a body too)`);
      }
      // Bodiless: no JSON to parse, the route sees no body (an optional body is then absent).
      if (isBodiless(req)) delete h['content-type'];
    } else if (method === 'GET' && h['content-type'] !== undefined && isBodiless(req)) {
      delete h['content-type'];
    }
    reply.headers(API_HEADERS);
    done();
  });
}
