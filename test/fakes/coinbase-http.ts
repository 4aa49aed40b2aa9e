/**
 * The fake Coinbase's HTTP side: routes `/api/v3/brokerage/...` (checking the ES256 JWT of private
 * ones against this request's method, host and path), applies the fault switches (forced status,
 * delay, malformed body, lost answers), records every request, and serves the control routes
 * `POST /__control/faults` and `POST /__control/drop` for running by hand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import { bearer, checkJwt, type CoinbaseKeys } from './coinbase-auth.js';
import { findRoute, type Route } from './coinbase-rest.js';
import { CoinbaseError, invalid, type Params } from './coinbase-wire.js';
import { fakeRequest, sendBody } from './http-body.js';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string or JSON body as sent. */
  payload: string;
  signed: boolean;
  status: number;
  /** Why a private request's JWT was refused. */
  refused?: string;
}

const send = (res: ServerResponse, status: number, body: string, contentType = 'application/json'): void => sendBody(res, status, body, contentType);

/** What Coinbase answers when a fault forces an HTTP status. */
function faultBody(status: number): { body: string; type: string } {
  if (status === 429) return { body: JSON.stringify({ error: 'rate_limit_exceeded', error_details: 'Too many requests', message: 'Too many requests' }), type: 'application/json' };
  return { body: `<html><body><h1>${status} ${status >= 500 ? 'Service Unavailable' : 'Error'}</h1></body></html>`, type: 'text/html' };
}

function parseBody(body: string): Params {
  try {
    const v: unknown = JSON.parse(body);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Params;
  } catch {
    throw invalid('request body must be a JSON object');
  }
}

export function coinbaseHttpHandler(routes: readonly Route[], keys: CoinbaseKeys, faults: Faults, requests: RecordedRequest[], now: () => number): (req: IncomingMessage, res: ServerResponse) => void {
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = await fakeRequest(req, res, faults, { contentType: 'application/json', forcedBody: faultBody, record: (x, status) => requests.push({ method: x.method, path: x.path, payload: x.method === 'POST' ? x.body : x.query, signed: false, status }) });
    if (r === null) return;
    const { method, path, query, body } = r;
    const payload = method === 'POST' ? body : query;
    const hit = findRoute(routes, method, path);
    if (!hit) {
      requests.push({ method, path, payload, signed: false, status: 404 });
      return send(res, 404, JSON.stringify({ error: 'NOT_FOUND', error_details: `${method} ${path} is not a route`, message: 'Not Found' }));
    }
    let signed = false;
    if (hit.route.signed) {
      // The JWT names this request: "GET api.coinbase.com/api/v3/brokerage/accounts" (no query).
      const refused = checkJwt(bearer(req.headers.authorization), keys, now(), `${method} ${req.headers.host ?? ''}${path}`);
      if (refused) {
        requests.push({ method, path, payload, signed: false, status: 401, refused });
        return send(res, 401, 'Unauthorized\n', 'text/plain; charset=utf-8');
      }
      signed = true;
    }
    let status = 200;
    let answer: Record<string, unknown>;
    try {
      answer = hit.route.handle({ id: hit.id, query: new URLSearchParams(query), body: method === 'POST' ? parseBody(body) : {} });
    } catch (e) {
      if (!(e instanceof CoinbaseError)) throw e;
      status = e.httpStatus;
      answer = e.body();
    }
    requests.push({ method, path, payload, signed, status });
    const text = JSON.stringify(answer);
    if (faults.loseAnswer(path)) {
      res.socket?.destroy();
      return;
    }
    send(res, status, faults.malformed ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
  }

  return (req, res) => {
    serve(req, res).catch((e: unknown) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, payload: '', signed: false, status: 500 });
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'INTERNAL', error_details: String(e), message: 'internal error' }));
      else res.destroy();
    });
  };
}
