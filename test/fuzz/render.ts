import type { FuzzCase } from './fuzz-case.js';
import { RawJson, RawSegment } from './nasty-values.js';
import type { RawRequest } from './raw-http.js';
import { Live } from './schema-values.js';

/** What the server looked like lately: the values a Live placeholder becomes. */
export interface LiveState {
  /** Mid price and tick decimals per symbol. */
  readonly markets: Map<string, { mid: number; decimals: number }>;
  /** Order ids the server handed out (most recent last). */
  readonly orderIds: string[];
  now(): number;
}

function resolve(v: Live, state: LiveState, body: Record<string, unknown> | null): unknown {
  switch (v.field) {
    case 'order_id': {
      const ids = state.orderIds;
      if (ids.length === 0 || v.pick > 0.85) return String(Math.floor(v.pick * 1e7));
      return ids[Math.floor((v.pick / 0.85) * ids.length)]!;
    }
    case 'time':
      return Math.floor(state.now() - v.pick * 3 * 3_600_000);
    default: {
      const symbol = typeof body?.symbol === 'string' ? body.symbol.toUpperCase() : 'BTCUSDT';
      const m = state.markets.get(symbol) ?? state.markets.get('BTCUSDT') ?? { mid: 100, decimals: 2 };
      // Within ±3 % of the market: near enough for the price band; `below` / `above` pick a side.
      const factor = v.field === 'below' ? 0.97 + v.pick * 0.025 : v.field === 'above' ? 1.005 + v.pick * 0.025 : 0.97 + v.pick * 0.06;
      return Number((m.mid * factor).toFixed(m.decimals));
    }
  }
}

/** Percent-encodes any JS string, lone surrogates included (as the CESU-8 bytes a sloppy client sends). */
export function encodeText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

/** JSON text with RawJson literals written as they are and Live values filled in. */
function jsonText(v: unknown, state: LiveState, body: Record<string, unknown> | null): string {
  if (v instanceof RawJson) return v.text;
  if (v instanceof Live) return JSON.stringify(resolve(v, state, body));
  if (Array.isArray(v)) return `[${v.map((x) => jsonText(x, state, body)).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x, state, body)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const text = (v: unknown, state: LiveState): string => (v instanceof Live ? String(resolve(v, state, null)) : typeof v === 'string' ? v : JSON.stringify(v));

/** The wire request of a case, with the server's current state filled in. */
export function render(c: FuzzCase, state: LiveState): RawRequest {
  const path = '/' + c.segments.map((s) => (s instanceof RawSegment ? s.text : encodeText(text(s, state)))).join('/');
  const qs = c.query.map(([k, v]) => `${encodeText(k)}=${encodeText(text(v, state))}`).join('&');
  let body: string | undefined;
  if (c.body && 'raw' in c.body) body = c.body.raw;
  else if (c.body) {
    const obj = c.body.json !== null && typeof c.body.json === 'object' && !Array.isArray(c.body.json) ? (c.body.json as Record<string, unknown>) : null;
    body = jsonText(c.body.json, state, obj);
  }
  return { method: c.method, path: qs ? `${path}?${qs}` : path, headers: c.headers, body };
}
