/** The subset of JSON Schema the server's OpenAPI document uses (zod → @fastify/swagger). */
export interface Schema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  nullable?: boolean;
  enum?: readonly unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  anyOf?: readonly Schema[];
  oneOf?: readonly Schema[];
  default?: unknown;
}

export interface Param {
  readonly in: 'path' | 'query';
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Route {
  readonly method: string;
  /** The template, e.g. `/api/trading/order/{exchange}/{symbol}/{order_id}`. */
  readonly path: string;
  readonly params: readonly Param[];
  /** The JSON body's schema, when the route declares one. */
  readonly body: Schema | null;
  readonly bodyRequired: boolean;
  /** The documented answer of each status, e.g. `{"200": {...}}`. */
  readonly responses: Readonly<Record<string, Schema>>;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
}

/** Every (method, path) of the document, with its parameters and body schema. */
export function routesOf(doc: unknown): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? [])
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({ in: p.in as 'path' | 'query', name: p.name, required: p.in === 'path' || p.required === true, schema: p.schema ?? {} }));
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      const responses = Object.fromEntries(Object.entries(op.responses ?? {}).flatMap(([code, r]) => (r.content?.['application/json']?.schema ? [[code, r.content['application/json'].schema]] : [])));
      out.push({ method: method.toUpperCase(), path, params, body, bodyRequired: op.requestBody?.required === true, responses });
    }
  }
  return out;
}

/** Methods a path does not answer (HEAD is Fastify's own for every GET, so it is left out there). */
export function unansweredMethods(routes: readonly Route[], path: string): string[] {
  const answered = new Set(routes.filter((r) => r.path === path).map((r) => r.method));
  const all = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', ...(answered.has('GET') ? [] : ['HEAD'])];
  return all.filter((m) => !answered.has(m));
}
