/**
 * The fake OKX's HTTP side: routes `/api/v5/...` requests (checking OKX's signature, key,
 * passphrase and environment on private ones), applies the fault switches (forced status, delay,
 * malformed body), records every request, and serves the control routes `POST /__control/faults`
 * and `POST /__control/drop` for running by hand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import { verifyRestSignature } from './okx-auth.js';
import type { OkxCore } from './okx-core.js';
import { okxRoutes } from './okx-rest.js';
import { CODE, OkxError, failure, ok, type Params } from './okx-wire.js';
import { fakeRequest, sendBody } from './http-body.js';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string or JSON body as sent. */
  payload: string;
  signed: boolean;
  status: number;
}

const send = (res: ServerResponse, status: number, body: string, contentType = 'application/json'): void => sendBody(res, status, body, contentType);

/** What OKX answers when a fault forces an HTTP status. */
function faultBody(status: number): { body: string; type: string } {
  if (status === 429) return { body: JSON.stringify({ code: CODE.RATE_LIMIT, msg: 'Too Many Requests', data: [] }), type: 'application/json' };
  return { body: `<html><body><h1>${status} ${status >= 500 ? 'Service Unavailable' : 'Error'}</h1></body></html>`, type: 'text/html' };
}

function parseBody(body: string): unknown {
  if (body.trim() === '') throw new OkxError(CODE.BODY_EMPTY, 'Body for POST request cannot be empty.');
  try {
    const v: unknown = JSON.parse(body);
    if (v === null || typeof v !== 'object') throw new Error('not an object');
    return v;
  } catch {
    throw new OkxError(CODE.PARAM_ERROR, 'Parameter body error: invalid JSON');
  }
}

export function okxHttpHandler(core: OkxCore, faults: Faults, requests: RecordedRequest[]): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = okxRoutes(core);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = await fakeRequest(req, res, faults, { contentType: 'application/json', forcedBody: faultBody, record: (x, status) => requests.push({ method: x.method, path: x.path, payload: x.method === 'POST' ? x.body : x.query, signed: false, status }) });
    if (r === null) return;
    const { method, path, query, body } = r;
    const payload = method === 'POST' ? body : query;
    const route = routes[`${method} ${path}`];
    if (!route) {
      requests.push({ method, path, payload, signed: false, status: 404 });
      return send(res, 404, JSON.stringify({ code: '404', msg: 'Not Found', data: [] }));
    }
    let signed = false;
    let status = 200;
    let answer: Record<string, unknown>;
    try {
      if (route.signed) {
        verifyRestSignature(req.headers, method, req.url ?? '/', body, core.keys, core.now());
        signed = true;
      }
      const parsed = method === 'POST' ? parseBody(body) : Object.fromEntries(new URLSearchParams(query));
      const params = (Array.isArray(parsed) ? {} : parsed) as Params;
      answer = ok(route.handle(params, parsed));
    } catch (e) {
      if (!(e instanceof OkxError)) throw e;
      status = e.httpStatus;
      answer = failure(e);
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
      if (!res.headersSent) send(res, 500, JSON.stringify({ code: '50026', msg: `System error: ${String(e)}`, data: [] }));
      else res.destroy();
    });
  };
}
