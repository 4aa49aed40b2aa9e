import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFaults, faultState, type Faults } from './faults.js';

/** The most a fake exchange reads of a request body. */
const MAX_BODY = 1_000_000;

/** A request's body as text, refused past MAX_BODY. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** One answer of a fake, with its length. */
export function sendBody(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** A request as a fake's routes see it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  /** The query string, without its `?`. */
  readonly query: string;
  /** A POST's body as text ('' otherwise). */
  readonly body: string;
}

/** How a venue's fake answers the fault switches. */
export interface FaultAnswers {
  /** What the venue (or the proxy in front of it) answers with a forced status. */
  readonly forcedBody: (status: number) => { body: string; type: string };
  /** Records a request answered with a forced status. */
  readonly record: (r: FakeRequest, status: number) => void;
  readonly contentType: string;
}

/**
 * What the HTTP handler of every fake exchange (Bybit, OKX, Coinbase) does before its routes: the
 * request read, the control routes (`POST /__control/faults`, `POST /__control/drop`) answered, the
 * fault switches' delay waited and a forced status answered. Null when the request is answered.
 */
export async function fakeRequest(req: IncomingMessage, res: ServerResponse, faults: Faults, answers: FaultAnswers): Promise<FakeRequest | null> {
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const r: FakeRequest = { method, path: q < 0 ? rawUrl : rawUrl.slice(0, q), query: q < 0 ? '' : rawUrl.slice(q + 1), body: method === 'POST' ? await readBody(req) : '' };
  if (r.path === '/__control/faults' && method === 'POST') {
    applyFaults(faults, r.body === '' ? {} : (JSON.parse(r.body) as Record<string, unknown>));
    sendBody(res, 200, JSON.stringify(faultState(faults)), answers.contentType);
    return null;
  }
  if (r.path === '/__control/drop' && method === 'POST') {
    sendBody(res, 200, JSON.stringify({ dropped: faults.dropConnections() }), answers.contentType);
    return null;
  }
  if (faults.delayMs > 0) await new Promise((done) => setTimeout(done, faults.delayMs));
  const forced = faults.nextHttpFailure();
  if (forced === null) return r;
  answers.record(r, forced);
  const f = answers.forcedBody(forced);
  sendBody(res, forced, f.body, f.type);
  return null;
}
