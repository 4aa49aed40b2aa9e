/** Numbers as the panels show them. */
export const fmtNum = (n: number | null | undefined, digits: number): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A signed amount: "+12.34" / "−5.00" (a true minus sign). */
export function fmtSigned(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const r = Number(n.toFixed(digits));
  const body = fmtNum(Math.abs(r), digits);
  return r > 0 ? `+${body}` : r < 0 ? `\u2212${body}` : body;
}

export const fmtPct = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(1)}%`;

/** CSS class of a signed amount. */
export const tone = (n: number | null | undefined): 'pos' | 'neg' | 'flat' => (!n ? 'flat' : n > 0 ? 'pos' : 'neg');

export const fmtTime = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
