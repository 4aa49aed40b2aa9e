import fc from 'fast-check';
import type { Schema } from './openapi-routes.js';
import { EDGE_NUMBER_LITERALS, EDGE_NUMBER_STRINGS, FORTY_DIGITS, HOSTILE_STRINGS, JUNK_DECIMAL_STRINGS } from './nasty-values.js';

/** A value that depends on the server's state when it is sent (a price near the market, a known order id). */
export class Live {
  constructor(
    readonly field: string,
    /** A seeded draw in [0, 1) the resolver turns into the value. */
    readonly pick: number,
  ) {}
}

/** Where a value travels: a JSON body keeps types; a path or query carries text. */
export type Carrier = 'json' | 'text';

/** Valid domain values by field name, so valid requests reach past validation into the engine. */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

const live = (field: string) => fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((p) => new Live(field, p));

export const DOMAIN_HINTS: Hints = {
  exchange: fc.constantFrom('sim', 'sim', 'sim', 'sim', 'binance', 'bybit'),
  exchanges: fc.constantFrom(['sim'], ['sim'], ['binance'], ['sim', 'bybit']),
  symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'BTCUSDT', 'ETHUSDT', 'btcusdt', 'SOLUSDT'),
  quantity: fc.constantFrom(0.001, 0.002, 0.005, 0.01, '0.001', '0.003'),
  price: live('price'),
  stop_price: live('stop_price'),
  take_profit: live('take_profit'),
  stop_loss: live('stop_loss'),
  client_order_id: fc.integer({ min: 0, max: 3000 }).map((n) => `fz-${n}`),
  order_id: live('order_id'),
  start_time: live('time'),
  end_time: live('time'),
  from: live('time'),
  to: live('time'),
  interval: fc.constantFrom('1m', '1m', '5m', '15m', '1h'),
  // The web page's and the docs' own files (routes the document hides, see test/server/fuzz.test.ts).
  file: fc.constantFrom('swagger-ui.css', 'swagger-ui-bundle.js', 'index.css', 'favicon-32x32.png', 'index-0000.js', 'missing.css'),
  // live_trading is never asked for with confirm (see the exclusions in test/server/fuzz.test.ts).
  confirm: fc.constant(false),
  max_position_size: fc.constantFrom(null, 1, 5, 100),
  max_position_notional: fc.constantFrom(null, 100_000, 1_000_000),
  max_daily_loss: fc.constantFrom(null, 10_000, 100_000),
  max_open_positions: fc.constantFrom(null, 2, 10),
  max_leverage: fc.constantFrom(null, 5, 20),
  max_orders_per_minute: fc.constantFrom(null, 1000, 5000),
  max_drawdown: fc.constantFrom(null, 10_000, 100_000),
};

const isDecimal = (s: Schema) => !!s.anyOf && s.anyOf.some((x) => x.type === 'number') && s.anyOf.some((x) => x.type === 'string');

/** A schema's pattern as the server's zod compiles it: with Unicode semantics (`\p{L}` is a letter class). */
function patternOf(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, `u${flags}`);
  } catch {
    return new RegExp(pattern, flags); // a pattern only valid without the u flag
  }
}

/** A pattern fast-check can generate from: Unicode classes narrowed to ASCII members of them (still valid). */
const generable = (pattern: string): RegExp => new RegExp(pattern.replace(/\\p\{L\}/g, 'a-zA-Z').replace(/\\p\{Nd\}/g, '0-9'));

/** The server trims identifiers and reads exchange ids and enums in any case: accept what it would. */
function leniently(pattern: string): (s: string) => boolean {
  const re = patternOf(pattern);
  const reI = patternOf(pattern, 'i');
  return (s) => re.test(s) || reI.test(s.trim());
}

/** A value the schema (and the server) accepts. */
export function validValue(schema: Schema, name: string, carrier: Carrier, hints: Hints = DOMAIN_HINTS): fc.Arbitrary<unknown> {
  const hinted = hints[name];
  const base = hinted ?? plainValid(schema, carrier, hints);
  const withNull = schema.nullable && carrier === 'json' ? fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
  return carrier === 'text' ? withNull.map((v) => (v instanceof Live || typeof v === 'string' ? v : String(v))) : withNull;
}

function plainValid(s: Schema, carrier: Carrier, hints: Hints): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (isDecimal(s)) return fc.oneof(fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.constantFrom('0.5', '1', '12.25'));
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => plainValid(x, carrier, hints)));
  switch (s.type) {
    case 'string':
      if (s.pattern) return fc.stringMatching(generable(s.pattern)).filter((x) => x.length >= (s.minLength ?? 0) && x.length <= (s.maxLength ?? Infinity));
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1e9, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1e9, Number.MAX_SAFE_INTEGER) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(s.items ?? {}, '', carrier, hints), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object':
      return validObject(s, hints);
    default:
      return fc.constant('x');
  }
}

/** The required fields and a random subset of the optional ones, each valid. */
export function validObject(s: Schema, hints: Hints = DOMAIN_HINTS): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = validValue(v, k, 'json', hints);
  return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
}

/** Values at the edges: the schema may take them or refuse them, the server must not break. */
export function edgeValue(s: Schema, carrier: Carrier): fc.Arbitrary<unknown> {
  const texts = fc.constantFrom(...EDGE_NUMBER_STRINGS, ...HOSTILE_STRINGS.map((x) => ` ${x} `));
  if (isDecimal(s)) return carrier === 'json' ? fc.oneof(fc.constantFrom(...EDGE_NUMBER_LITERALS), texts) : texts;
  if (s.type === 'integer' || s.type === 'number') {
    const lo = s.minimum ?? 0;
    const hi = s.maximum ?? Number.MAX_SAFE_INTEGER;
    const edges = [lo, lo + 1, hi, hi - 1, 0, -0];
    if (carrier === 'text') return fc.constantFrom(...edges.map(String), '', '0x10', '1e3', ' 5', '-0', FORTY_DIGITS, '00001');
    return fc.oneof(fc.constantFrom(...edges), fc.constantFrom(...EDGE_NUMBER_LITERALS));
  }
  if (s.type === 'string') {
    const len = [s.minLength ?? 0, s.maxLength ?? 30, (s.maxLength ?? 30) + 1, 0, 1];
    const base = s.enum ? s.enum.map((e) => String(e).toLowerCase()) : ['BTCUSDT'];
    return fc.constantFrom(...len.map((n) => 'A'.repeat(n)), ...base, ...base.map((b) => ` ${b} `), ...HOSTILE_STRINGS, ...EDGE_NUMBER_STRINGS);
  }
  return fc.constantFrom<unknown>(null, '', 0, [], {}, 'true', 1);
}

/** Values the schema refuses (and no lenient reading of it could accept), or null when there is none. */
export function invalidValue(s: Schema, carrier: Carrier): fc.Arbitrary<unknown> | null {
  const notNull: unknown[] = s.nullable ? [] : [null];
  if (carrier === 'text') return invalidText(s);
  if (isDecimal(s)) return fc.constantFrom(true, false, [], {}, [1], { value: 1 }, -1, 0, -0.001, '-1', '0', ...notNull, ...JUNK_DECIMAL_STRINGS);
  if (s.enum) {
    const members = new Set(s.enum.map((e) => String(e).toLowerCase()));
    const out = ['HOLD', 'x', '', 'BUYSELL', 'market\u0000', ...HOSTILE_STRINGS].filter((v) => !members.has(v.trim().toLowerCase()));
    return fc.constantFrom<unknown>(...out, 1, true, [], {}, ...notNull);
  }
  switch (s.type) {
    case 'string': {
      const ok = s.pattern ? leniently(s.pattern) : () => true;
      const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
      const bad = [...HOSTILE_STRINGS, '', 'A'.repeat((s.maxLength ?? 36) + 1)].filter((v) => !(ok(v) && fits(v)));
      return fc.constantFrom<unknown>(...bad, 1, 0, true, [], {}, ['BTCUSDT'], ...notNull);
    }
    case 'integer':
    case 'number': {
      const out: unknown[] = ['1', 'abc', true, [], {}, ...notNull];
      if (s.type === 'integer') out.push(1.5, 0.1);
      if (s.minimum !== undefined) out.push(s.minimum - 1);
      if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(s.maximum + 1);
      return fc.constantFrom(...out);
    }
    case 'boolean':
      return fc.constantFrom<unknown>('true', 'false', 1, 0, 'yes', [], {}, ...notNull);
    case 'array':
      return fc.constantFrom<unknown>('sim', {}, 1, true, ...notNull, ...(s.minItems ? [[]] : []), ...(s.maxItems ? [Array.from({ length: s.maxItems + 1 }, (_, i) => `ex${i}`)] : []), ['../'], [1]);
    case 'object':
      return fc.constantFrom<unknown>('x', 1, [], true);
    default:
      return null;
  }
}

function invalidText(s: Schema): fc.Arbitrary<unknown> | null {
  if (s.enum) {
    const members = new Set(s.enum.map((e) => String(e).toLowerCase()));
    return fc.constantFrom(...['OPENED', 'x', 'true1', ...HOSTILE_STRINGS].filter((v) => !members.has(v.trim().toLowerCase())));
  }
  if (s.type === 'integer' || s.type === 'number') {
    const out = ['abc', 'NaN', 'Infinity', '1e309', '12abc', '[]', '{}', 'true'];
    if (s.type === 'integer') out.push('1.5', '0.1e-30');
    if (s.minimum !== undefined) out.push(String(s.minimum - 1));
    if (s.maximum !== undefined) out.push(s.maximum < Number.MAX_SAFE_INTEGER ? String(s.maximum + 1) : FORTY_DIGITS);
    return fc.constantFrom(...out);
  }
  if (s.type === 'string' && s.pattern) {
    const ok = leniently(s.pattern);
    return fc.constantFrom(...[...HOSTILE_STRINGS, 'A'.repeat((s.maxLength ?? 36) + 1)].filter((v) => !ok(v)));
  }
  return null;
}
