import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, type Credentials, type Security } from './binance-auth.js';
import { BinanceError, errors } from './binance-errors.js';
import type { Faults } from './faults.js';

/**
 * The REST side of the fake: a small router over node:http that reads Binance's parameters (query
 * string, then an `application/x-www-form-urlencoded` body; the query wins), enforces the route's
 * security, applies the fault switches, answers JSON with the weight headers and records every
 * request served.
 */
export interface RestContext {
  readonly method: string;
  readonly path: string;
  readonly params: ReadonlyMap<string, string>;
  readonly apiKey: string | undefined;
  readonly now: number;
}

export type Handler = (ctx: RestContext) => unknown;
export type RequestRecord = { method: string; path: string; signed: boolean; status: number };

interface Route {
  readonly security: Security;
  readonly handler: Handler;
}

export class RestRouter {
  private readonly routes = new Map<string, Route>();

  add(method: string, path: string, security: Security, handler: Handler): void {
    this.routes.set(`${method} ${path}`, { security, handler });
  }

  get(method: string, path: string): Route | undefined {
    return this.routes.get(`${method} ${path}`);
  }
}

export interface HttpDeps {
  readonly router: RestRouter;
  readonly faults: Faults;
  readonly creds: Credentials;
  readonly requests: RequestRecord[];
  readonly now: () => number;
  /** Handles `/__control/...` (not recorded); returns the JSON answer. */
  readonly control: (method: string, path: string, body: string) => unknown;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(body);
}

function failure(status: number, now: number): { body: string; headers: Record<string, string> } {
  if (status === 429) return { body: JSON.stringify(errors.tooManyRequests().body()), headers: { 'Retry-After': '1' } };
  if (status === 418) return { body: JSON.stringify(errors.banned(now + 60_000).body()), headers: { 'Retry-After': '60' } };
  if (status >= 500) return { body: status === 503 ? 'Service Unavailable' : 'Internal Server Error', headers: { 'Content-Type': 'text/plain' } };
  return { body: JSON.stringify(errors.unknown().body()), headers: {} };
}

export function restHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serve(deps, req, res).catch((error: unknown) => {
      console.error('fake-binance REST handler failed', error);
      send(res, 500, JSON.stringify(errors.unknown().body()));
    });
  };
}

async function serve(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const rawBody = await readBody(req);
  if (path.startsWith('/__control/')) {
    try {
      send(res, 200, JSON.stringify(deps.control(method, path, rawBody)));
    } catch (error) {
      send(res, 400, JSON.stringify({ error: String(error) }));
    }
    return;
  }
  const record = (status: number, signed = false) => deps.requests.push({ method, path, signed, status });
  const { faults } = deps;
  if (faults.delayMs > 0) await sleep(faults.delayMs);
  const failing = faults.nextHttpFailure();
  if (failing !== null) {
    const f = failure(failing, deps.now());
    record(failing);
    send(res, failing, f.body, f.headers);
    return;
  }
  const route = deps.router.get(method, path);
  if (!route) {
    record(404);
    send(res, 404, '<html><body><h2>404 Not found</h2></body></html>', { 'Content-Type': 'text/html' });
    return;
  }
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(rawBody)) params.set(k, v);
  for (const [k, v] of new URLSearchParams(rawQuery)) params.set(k, v);
  const header = req.headers['x-mbx-apikey'];
  const apiKey = Array.isArray(header) ? header[0] : header;
  const now = deps.now();
  let signed = false;
  let status = 200;
  let body: string;
  try {
    signed = authorize(route.security, { apiKey, rawQuery, rawBody, params }, deps.creds, now);
    body = JSON.stringify(route.handler({ method, path, params, apiKey, now }));
  } catch (error) {
    const e = error instanceof BinanceError ? error : errors.unknown();
    if (!(error instanceof BinanceError)) console.error('fake-binance route failed', error);
    status = e.status;
    body = JSON.stringify(e.body());
  }
  if (faults.malformed) body = body.slice(0, Math.max(1, Math.floor(body.length / 2))) + '<!--';
  record(status, signed);
  if (faults.loseAnswer(path)) {
    res.socket?.destroy();
    return;
  }
  send(res, status, body, { 'X-MBX-USED-WEIGHT-1M': String(1 + (deps.requests.length % 50)) });
}
