import { decimalsOf } from './pnl.js';

/** One Intl.NumberFormat per precision: toLocaleString with options builds a new one per call (the chart's axis formats every frame). */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(digits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${digits}|${maxDigits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: maxDigits })));
  return f;
}

/** Numbers as the panels show them. */
export const fmtNum = (n: number | null | undefined, digits: number, maxDigits = digits): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : numberFormat(digits, maxDigits).format(n);

/**
 * A price at its instrument's precision: as many decimals as the tick size has (64,012.3 at a 0.1
 * tick, 0.012345 at 0.000001). `extra` more digits are shown when they are not zero, for averages
 * such as an entry price that need not sit on the tick. Without a known tick: 2 decimals.
 */
export function fmtPrice(n: number | null | undefined, tick: number | null | undefined, extra = 0): string {
  const d = tick && tick > 0 ? decimalsOf(tick) : 2;
  return fmtNum(n, d, d + extra);
}

/** A signed amount: "+12.34" / "−5.00" (a true minus sign). */
export function fmtSigned(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const r = Number(n.toFixed(digits));
  const body = fmtNum(Math.abs(r), digits);
  return r > 0 ? `+${body}` : r < 0 ? `\u2212${body}` : body;
}

export const fmtPct = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(1)}%`;

/** CSS class of a signed amount as shown at `digits` decimals (−0.004 shows as 0.00: flat, not red). */
export const tone = (n: number | null | undefined, digits = 2): 'pos' | 'neg' | 'flat' => {
  const r = n ? Number(n.toFixed(digits)) : 0;
  return !r ? 'flat' : r > 0 ? 'pos' : 'neg';
};

export const fmtTime = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** `+h:mm` of a chart time (seconds) from `originMs`. */
export function relativeTime(time: number, originMs: number): string {
  const d = time * 1000 - originMs;
  const a = Math.floor(Math.abs(d) / 60_000);
  return `${d < 0 && a > 0 ? '-' : '+'}${Math.floor(a / 60)}:${String(a % 60).padStart(2, '0')}`;
}
