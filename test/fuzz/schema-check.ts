import type { Schema } from './openapi-routes.js';

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Where `value` breaks `schema` (the subset the OpenAPI document uses), or null when it fits.
 * The server does not validate its answers at run time, so this is the only check they get.
 */
export function schemaProblem(schema: Schema, value: unknown, at = '$'): string | null {
  if (value === null && schema.nullable) return null;
  if (schema.anyOf || schema.oneOf) {
    const options = (schema.anyOf ?? schema.oneOf)!;
    return options.some((s) => schemaProblem(s, value, at) === null) ? null : `${at}: ${JSON.stringify(value)?.slice(0, 80)} fits none of ${options.length} options`;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return `${at}: ${JSON.stringify(value)?.slice(0, 80)} is not one of ${JSON.stringify(schema.enum)}`;
  const t = typeOf(value);
  switch (schema.type) {
    case undefined:
      return null;
    case 'integer':
      return t === 'number' && Number.isInteger(value) ? null : `${at}: ${JSON.stringify(value)} is not an integer`;
    case 'number':
      return t === 'number' ? null : `${at}: ${JSON.stringify(value)?.slice(0, 80)} is not a number`;
    case 'array': {
      if (t !== 'array') return `${at}: ${t} is not an array`;
      const items = schema.items;
      if (!items) return null;
      for (const [i, v] of (value as unknown[]).entries()) {
        const p = schemaProblem(items, v, `${at}[${i}]`);
        if (p) return p;
      }
      return null;
    }
    case 'object': {
      if (t !== 'object') return `${at}: ${t} is not an object`;
      const o = value as Record<string, unknown>;
      for (const k of schema.required ?? []) if (!(k in o)) return `${at}.${k} is missing`;
      for (const [k, v] of Object.entries(o)) {
        const s = schema.properties?.[k];
        if (s) {
          const p = schemaProblem(s, v, `${at}.${k}`);
          if (p) return p;
        } else if (schema.additionalProperties === false) return `${at}.${k} is not in the schema`;
        else if (typeof schema.additionalProperties === 'object') {
          const p = schemaProblem(schema.additionalProperties, v, `${at}.${k}`);
          if (p) return p;
        }
      }
      return null;
    }
    default:
      return t === schema.type ? null : `${at}: ${t} ${JSON.stringify(value)?.slice(0, 80)} is not a ${schema.type}`;
  }
}
