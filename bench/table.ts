/** One benchmark result, as written to bench/out/latest.json. `ratio` > 1 always means better for us. */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: string;
  readonly baseline_value: number;
  readonly ratio: number;
}

/** A row from its parts, in the order the tables read them. */
export const row = (name: string, unit: string, baseline: string, value: number, baselineValue: number, ratio: number): Row => ({
  name,
  value,
  unit,
  baseline,
  baseline_value: baselineValue,
  ratio,
});

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** An aligned text table of the rows. */
export function table(rows: readonly Row[]): string {
  const head = ['benchmark', 'ours', 'unit', 'baseline', 'baseline value', 'ratio'];
  const body = rows.map((r) => [r.name, fmt(r.value), r.unit, r.baseline, fmt(r.baseline_value), `${r.ratio.toFixed(2)}×`]);
  const numeric = [false, true, false, false, true, true];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
