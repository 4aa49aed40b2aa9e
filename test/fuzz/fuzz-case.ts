import fc from 'fast-check';
import type { Route } from './openapi-routes.js';
import { unansweredMethods } from './openapi-routes.js';
import { DOMAIN_BODIES } from './domain-bodies.js';
import { HOSTILE_SEGMENTS, type RawSegment } from './nasty-values.js';
import { edgeValue, invalidValue, validObject, validValue, type Live } from './schema-values.js';

/** One generated request, before the server's state (prices, order ids) is filled in. */
export interface FuzzCase {
  /** `METHOD /template` of the route it was made from. */
  readonly route: string;
  /** What was done to it, e.g. `invalid body.quantity` or `wrong method`. */
  readonly kind: string;
  /** Made invalid by construction: the server must refuse it (non-2xx) and change nothing. */
  readonly refused: boolean;
  readonly method: string;
  readonly segments: readonly (string | RawSegment | Live)[];
  readonly query: readonly (readonly [string, unknown])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly json: unknown } | { readonly raw: string } | null;
}

const JSON_CT = { 'content-type': 'application/json' };
const MALFORMED = ['{', '{"symbol":', '{"a":1,}', "{'symbol':'BTCUSDT'}", 'nul', '[1,2', '{"a":1}}', '{"a":NaN}', '{"a":1e309', '{"a":"\\x"}', '{"a":"\\ud800', '\u0000{}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":01}', '{"a":.5}', '"unterminated', '{"a":1}garbage'];
const WRONG_CT = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html', 'application/octet-stream'];
const ODD_CT = ['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=utf-16', 'application/jsonx', 'application/vnd.api+json', 'application/json, text/plain', ''];
/** Headers a browser page or a proxy may add: foreign hosts and origins, conditions and ranges. */
const ODD_HEADERS: Record<string, string>[] = [
  { host: 'evil.example:8001' },
  { origin: 'https://evil.example' },
  { 'sec-fetch-site': 'cross-site' },
  { origin: 'null' },
  { host: 'localhost.evil.example' },
  { 'x-forwarded-host': 'evil.example' },
  { range: 'bytes=999999999-' },
  { range: 'bytes=5-1' },
  { 'if-match': '"nope"' },
  { 'if-none-match': '*' },
  { 'if-modified-since': 'Thu, 01 Jan 2099 00:00:00 GMT' },
  { accept: 'application/xml' },
  { 'accept-encoding': 'gzip, br' },
  { 'content-encoding': 'gzip' },
];

function template(route: Route): string[] {
  return route.path.split('/').slice(1);
}

/** The pieces of a valid request for the route: path, query and body, each chosen by the schema. */
function validParts(route: Route) {
  const pieces = template(route).map((p) => {
    const m = /^\{(.+)\}$/.exec(p);
    if (!m) return fc.constant<string | Live>(p);
    const param = route.params.find((x) => x.in === 'path' && x.name === m[1]);
    return validValue(param?.schema ?? { type: 'string' }, m[1]!, 'text') as fc.Arbitrary<string | Live>;
  });
  const queryParams = route.params.filter((p) => p.in === 'query');
  const query = fc.tuple(...queryParams.map((p) => fc.tuple(fc.constant(p.name), validValue(p.schema, p.name, 'text'), p.required ? fc.constant(true) : fc.boolean()))).map((qs) =>
    qs.filter(([, , use]) => use).map(([k, v]) => [k, v] as const),
  );
  const body = route.body ? (route.body.type === 'object' ? validObject(route.body) : validValue(route.body, '', 'json')) : fc.constant(undefined);
  return fc.record({ segments: fc.tuple(...pieces), query: queryParams.length ? query : fc.constant([] as (readonly [string, unknown])[]), body });
}

const stateChanging = (m: string) => m !== 'GET';

function make(route: Route, kind: string, refused: boolean, parts: { segments: readonly (string | RawSegment | Live)[]; query: readonly (readonly [string, unknown])[]; body: unknown }, over: Partial<FuzzCase> = {}): FuzzCase {
  const hasBody = parts.body !== undefined;
  const headers = stateChanging(route.method) ? JSON_CT : {};
  return {
    route: `${route.method} ${route.path}`,
    kind,
    refused,
    method: route.method,
    segments: parts.segments,
    query: parts.query,
    headers,
    body: hasBody ? { json: parts.body } : route.method === 'GET' ? null : { raw: '{}' },
    ...over,
  };
}

/** Requests the server must refuse, each broken in one way on top of an otherwise valid request. */
export function refusedCase(route: Route, routes: readonly Route[]): fc.Arbitrary<FuzzCase> {
  const parts = validParts(route);
  const options: fc.Arbitrary<FuzzCase>[] = [];
  const segs = template(route);
  segs.forEach((p, i) => {
    const m = /^\{(.+)\}$/.exec(p);
    if (!m) return;
    const param = route.params.find((x) => x.in === 'path' && x.name === m[1])!;
    const bad = invalidValue(param.schema, 'text');
    const value = fc.oneof(fc.constantFrom(...HOSTILE_SEGMENTS), ...(bad ? [bad] : []));
    options.push(fc.tuple(parts, value).map(([v, x]) => make(route, `invalid path ${m[1]}`, true, { ...v, segments: v.segments.map((s, j) => (j === i ? (x as string | RawSegment) : s)) })));
  });
  for (const q of route.params.filter((p) => p.in === 'query')) {
    const bad = invalidValue(q.schema, 'text');
    if (bad) options.push(fc.tuple(parts, bad).map(([v, x]) => make(route, `invalid query ${q.name}`, true, { ...v, query: [...v.query.filter(([k]) => k !== q.name), [q.name, x]] })));
    if (q.required) options.push(parts.map((v) => make(route, `missing query ${q.name}`, true, { ...v, query: v.query.filter(([k]) => k !== q.name) })));
  }
  const b = route.body;
  if (b && b.type === 'object') {
    for (const [name, s] of Object.entries(b.properties ?? {})) {
      const bad = invalidValue(s, 'json');
      if (bad) options.push(fc.tuple(parts, bad).map(([v, x]) => make(route, `invalid body.${name}`, true, { ...v, body: { ...(v.body as object), [name]: x } })));
    }
    for (const name of b.required ?? []) {
      options.push(parts.map((v) => { const body = { ...(v.body as Record<string, unknown>) }; delete body[name]; return make(route, `missing body.${name}`, true, { ...v, body }); }));
    }
    if (b.additionalProperties === false) {
      // Names the schema does not have (a route whose body has `leverage` is not sent it as an extra).
      const extras = ['stoploss', 'leverage', 'admin', 'Symbol', 'order_id', ' symbol'].filter((k) => !(k in (b.properties ?? {})));
      options.push(fc.tuple(parts, fc.constantFrom(...extras)).map(([v, k]) => make(route, 'extra body field', true, { ...v, body: { ...(v.body as object), [k]: 1 } })));
    }
    options.push(fc.tuple(parts, fc.constantFrom<unknown>('x', 1, [], true, ...(b.nullable ? [] : [null]), [{}], '{}')).map(([v, x]) => make(route, 'body of a wrong type', true, { ...v, body: x })));
    options.push(parts.map((v) => make(route, 'deeply nested body', true, { ...v, body: { ...(v.body as object), quantity: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) } })));
    if (route.bodyRequired && !b.nullable) options.push(parts.map((v) => make(route, 'empty body', true, { ...v, body: { raw: '' } }, { body: { raw: '' } })));
  }
  if (route.method !== 'GET') {
    options.push(fc.tuple(parts, fc.constantFrom(...MALFORMED)).map(([v, raw]) => make(route, 'malformed JSON', true, v, { body: { raw } })));
    options.push(fc.tuple(parts, fc.constantFrom(...WRONG_CT, null)).map(([v, ct]) => {
      const headers: Record<string, string> = ct === null ? {} : { 'content-type': ct };
      return { ...make(route, `content-type ${ct ?? '(none)'}`, true, v), headers };
    }));
  }
  const wrong = unansweredMethods(routes, route.path);
  if (wrong.length) options.push(fc.tuple(parts, fc.constantFrom(...wrong)).map(([v, m]) => make(route, `wrong method ${m}`, true, v, { method: m, headers: JSON_CT })));
  options.push(fc.tuple(parts, fc.constantFrom('x', '..', '%2e%2e', 'extra/segments')).map(([v, s]) => make(route, 'unknown sub-path', true, { ...v, segments: [...v.segments, s] })));
  return fc.oneof(...options);
}

/** Valid, edge and odd requests: the server may take or refuse them, never break on them. */
export function mixedCase(route: Route): fc.Arbitrary<FuzzCase> {
  const parts = validParts(route);
  const options: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [{ weight: 4, arbitrary: parts.map((v) => make(route, 'valid', false, v)) }];
  const domain = DOMAIN_BODIES[`${route.method} ${route.path}`];
  if (domain) options.push({ weight: 10, arbitrary: fc.tuple(parts, domain).map(([v, body]) => make(route, 'valid (a trader\'s)', false, { ...v, body })) });
  const add = (arb: fc.Arbitrary<FuzzCase>) => options.push({ weight: 1, arbitrary: arb });
  for (const q of route.params.filter((p) => p.in === 'query')) {
    add(fc.tuple(parts, edgeValue(q.schema, 'text')).map(([v, x]) => make(route, `edge query ${q.name}`, false, { ...v, query: [...v.query.filter(([k]) => k !== q.name), [q.name, x]] })));
  }
  for (const p of route.params.filter((x) => x.in === 'path')) {
    const i = template(route).indexOf(`{${p.name}}`);
    add(fc.tuple(parts, edgeValue(p.schema, 'text')).map(([v, x]) => make(route, `edge path ${p.name}`, false, { ...v, segments: v.segments.map((s, j) => (j === i ? String(x) : s)) })));
  }
  if (route.body?.type === 'object') {
    for (const [name, s] of Object.entries(route.body.properties ?? {})) {
      add(fc.tuple(parts, edgeValue(s, 'json')).map(([v, x]) => make(route, `edge body.${name}`, false, { ...v, body: { ...(v.body as object), [name]: x } })));
    }
    add(parts.map((v) => make(route, 'duplicate keys', false, v, { body: { raw: JSON.stringify(v.body ?? {}).replace(/^\{/, '{"symbol":"ETHUSDT",') } })));
  }
  add(fc.tuple(parts, fc.constantFrom(...ODD_HEADERS)).map(([v, h]) => { const c = make(route, `header ${Object.keys(h)[0]}`, false, v); return { ...c, headers: { ...c.headers, ...h } }; }));
  add(parts.map((v) => make(route, 'extra query', false, { ...v, query: [...v.query, ['unknown_param', '1'], ['symbol', 'ETHUSDT']] })));
  if (route.method !== 'GET') {
    add(fc.tuple(parts, fc.constantFrom(...ODD_CT)).map(([v, ct]) => { const c = make(route, `content-type ${ct || '(empty)'}`, false, v); return { ...c, headers: { 'content-type': ct } }; }));
    if (!route.body) add(parts.map((v) => make(route, 'bodyless', false, v, { body: null })));
    if (!route.body) add(parts.map((v) => make(route, 'bodyless without content-type', false, v, { body: null, headers: {} })));
  }
  return fc.oneof(...options);
}
