import { ERROR_CATALOGUE } from '../../src/server/error-catalogue.js';
import type { RawReply, RawRequest } from './raw-http.js';

/** The real venues: only they may answer 502/503 (the exchange failed or cannot be reached). */
const REAL_VENUES = /binance|bybit/i;

/** Why an answer breaks the contract, or null when it keeps it. */
export function answerProblem(req: RawRequest, res: RawReply): string | null {
  if (res.status >= 500) {
    const code = codeOf(res.text);
    const venue = REAL_VENUES.test(req.path) || REAL_VENUES.test(req.body ?? '');
    const documented = code !== null && code.startsWith('EXCHANGE_') && [502, 503].includes((ERROR_CATALOGUE as Record<string, number>)[code] ?? 0);
    // A notification test reaches whatever URL or SMTP host was configured: its failure is a documented 502.
    const notification = req.path === '/api/notifications/test' && code === 'NOTIFICATION_FAILED' && res.status === 502;
    if (!notification && !(venue && documented && (res.status === 502 || res.status === 503))) return `a ${res.status} answer`;
  }
  if (res.status >= 200 && res.status < 300) return echoProblem(req, res);
  if (res.status < 400 || req.method === 'HEAD') return null;
  return errorShapeProblem(res);
}

/**
 * A value the server took must come back as a value: a field sent as a number or decimal text that
 * the answer (or its `limits`) names as null was lost on the way (a decimal no JSON number can hold).
 */
function echoProblem(req: RawRequest, res: RawReply): string | null {
  let sent: unknown;
  let answer: unknown;
  try {
    sent = JSON.parse(req.body ?? '');
    answer = JSON.parse(res.text);
  } catch {
    return null;
  }
  if (!isObject(sent) || !isObject(answer)) return null;
  const views = [answer, ...(isObject(answer.limits) ? [answer.limits] : [])];
  for (const [k, v] of Object.entries(sent)) {
    if (typeof v !== 'number' && typeof v !== 'string') continue;
    if (views.some((view) => k in view && view[k] === null)) return `sent ${k}: ${JSON.stringify(v).slice(0, 60)}, the answer says ${k}: null`;
  }
  return null;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function codeOf(text: string): string | null {
  try {
    const j = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof j.error?.code === 'string' ? j.error.code : null;
  } catch {
    return null;
  }
}

/** {"error":{"code":"UPPER_SNAKE","message":"…","details"?:{…}}} and nothing else, as JSON, without a stack. */
export function errorShapeProblem(res: RawReply): string | null {
  if (!/^application\/json/.test(res.contentType)) return `content-type ${res.contentType || '(none)'} on an error`;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return 'an error body that is not JSON';
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'an error body that is not an object';
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') return `error body keys ${JSON.stringify(keys)}`;
  const e = (body as { error: unknown }).error as Record<string, unknown> | null;
  if (e === null || typeof e !== 'object') return 'error is not an object';
  if (typeof e.code !== 'string' || !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(e.code)) return `error code ${JSON.stringify(e.code)}`;
  if (typeof e.message !== 'string' || e.message.length === 0) return 'error message missing';
  const extra = Object.keys(e).filter((k) => !['code', 'message', 'details'].includes(k));
  if (extra.length) return `error keys ${JSON.stringify(extra)}`;
  const catalogued = (ERROR_CATALOGUE as Record<string, number>)[e.code];
  if (Object.hasOwn(ERROR_CATALOGUE, e.code) ? catalogued !== res.status : res.status !== 422) {
    return `code ${e.code} with status ${res.status}; the catalogue says ${Object.hasOwn(ERROR_CATALOGUE, e.code) ? catalogued : '422 (not listed: a rule refusal)'}`;
  }
  if (e.details !== undefined && (e.details === null || typeof e.details !== 'object' || Array.isArray(e.details))) return 'details is not an object';
  if (/\n\s+at |\/(src|node_modules)\/[\w./-]+\.(ts|js|mjs)/.test(res.text)) return 'a stack trace or source path in the answer';
  return null;
}
