/**
 * The fake Bybit's HTTP side: routes `/v5/...` requests (checking v5 signatures on private ones),
 * applies the fault switches (forced status, delay, malformed body), records every request, and
 * serves the control routes `POST /__control/faults` and `POST /__control/drop` for running by hand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Faults } from './faults.js';
import { verifyRestSignature } from './bybit-auth.js';
import type { BybitCore } from './bybit-core.js';
import { publicRoutes, type Route } from './bybit-rest-public.js';
import { privateRoutes } from './bybit-rest-private.js';
import { BybitError, RET, failure, ok, type Params } from './bybit-wire.js';
import { fakeRequest, sendBody } from './http-body.js';

export interface RecordedRequest {
  method: string;
  path: string;
  signed: boolean;
  status: number;
}

const send = (res: ServerResponse, status: number, body: string, contentType = 'application/json; charset=utf-8'): void => sendBody(res, status, body, contentType);

/** What Bybit answers when a fault forces an HTTP status. */
function faultBody(status: number): { body: string; type: string } {
  if (status === 429) return { body: JSON.stringify({ retCode: RET.RATE_LIMIT, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: Date.now() }), type: 'application/json' };
  if (status === 403) return { body: 'access too frequent', type: 'text/plain' };
  return { body: `${status} ${status >= 500 ? 'Service Unavailable' : 'Error'}`, type: 'text/plain' };
}

export function bybitHttpHandler(
  core: BybitCore,
  faults: Faults,
  requests: RecordedRequest[],
): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: Record<string, Route> = { ...publicRoutes(core), ...privateRoutes(core) };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = await fakeRequest(req, res, faults, { contentType: 'application/json; charset=utf-8', forcedBody: faultBody, record: (x, status) => requests.push({ method: x.method, path: x.path, signed: false, status }) });
    if (r === null) return;
    const { method, path, query, body } = r;
    const route = routes[`${method} ${path}`];
    if (!route) {
      requests.push({ method, path, signed: false, status: 404 });
      return send(res, 404, '404 page not found', 'text/plain');
    }
    const now = core.now();
    let signed = false;
    let answer: Record<string, unknown>;
    try {
      if (route.signed) {
        verifyRestSignature(req.headers, method === 'POST' ? body : query, core.keys, now);
        signed = true;
      }
      answer = ok(route.handle(parseParams(method, query, body)), core.now());
    } catch (e) {
      if (!(e instanceof BybitError)) throw e;
      answer = failure(e, now);
    }
    requests.push({ method, path, signed, status: 200 });
    res.setHeader('Ret_code', String(answer.retCode));
    res.setHeader('Traceid', randomUUID().replaceAll('-', ''));
    res.setHeader('Timenow', String(now));
    if (route.signed) {
      res.setHeader('X-Bapi-Limit', '10');
      res.setHeader('X-Bapi-Limit-Status', '9');
      res.setHeader('X-Bapi-Limit-Reset-Timestamp', String(now + 1000));
    }
    const text = JSON.stringify(answer);
    if (faults.loseAnswer(path)) {
      res.socket?.destroy();
      return;
    }
    send(res, 200, faults.malformed ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
  }

  return (req, res) => {
    serve(req, res).catch((e: unknown) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, signed: false, status: 500 });
      if (!res.headersSent) send(res, 500, JSON.stringify({ retCode: 10016, retMsg: `Internal System Error: ${String(e)}`, result: {}, retExtInfo: {}, time: Date.now() }));
      else res.destroy();
    });
  };
}

function parseParams(method: string, query: string, body: string): Params {
  if (method !== 'POST') return Object.fromEntries(new URLSearchParams(query));
  if (body.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(body);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Params;
  } catch {
    throw new BybitError(RET.PARAMS, 'params error: request body is not valid JSON');
  }
}
