/** The parameter sets of an optimization: each parameter's values, and their cartesian product. */

/** Most parameter sets one grid may hold (each is a whole backtest). */
export const MAX_GRID = 100_000;

const NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

/**
 * `5:30:5` → 5, 10, …, 30 (the end included when the steps land on it); `5,8,13` → those; `20` →
 * one value. Decimal steps are stepped exactly (`0.5:2:0.25`), not by adding floats.
 */
export function parseRange(name: string, text: string): number[] {
  const t = text.trim();
  if (t.includes(',')) {
    const values = t.split(',').map((v) => number(name, v.trim(), text));
    if (new Set(values).size !== values.length) throw new RangeError(`--${name} ${text} names a value twice`);
    return values;
  }
  const parts = t.split(':');
  if (parts.length === 1) return [number(name, t, text)];
  if (parts.length !== 3) throw new RangeError(`--${name} takes from:to:step (e.g. 5:30:5), a list (5,8,13) or one value, not ${text}`);
  const [from, to, step] = parts.map((p) => p.trim()) as [string, string, string];
  number(name, from, text);
  number(name, to, text);
  number(name, step, text);
  const scale = Math.max(...[from, to, step].map(decimals));
  const f = scaled(from, scale);
  const e = scaled(to, scale);
  const s = scaled(step, scale);
  if (s <= 0n) throw new RangeError(`--${name} ${text}: the step must be above 0`);
  if (e < f) throw new RangeError(`--${name} ${text}: the end ${to} is below the start ${from}`);
  const count = (e - f) / s + 1n;
  if (count > BigInt(MAX_GRID)) throw new RangeError(`--${name} ${text} makes ${count} values, over ${MAX_GRID}`);
  const out: number[] = [];
  for (let v = f; v <= e; v += s) out.push(Number(v) / 10 ** scale);
  return out;
}

/** Every combination, the first parameter varying slowest (`fast 5 slow 20, fast 5 slow 30, …`). */
export function cartesian(ranges: ReadonlyArray<readonly [string, readonly number[]]>): Record<string, number>[] {
  const total = ranges.reduce((n, [, v]) => n * v.length, 1);
  if (total > MAX_GRID) throw new RangeError(`the grid has ${total} parameter sets, over ${MAX_GRID}: narrow a range or widen a step`);
  let sets: Record<string, number>[] = [{}];
  for (const [name, values] of ranges) sets = sets.flatMap((s) => values.map((v) => ({ ...s, [name]: v })));
  return sets;
}

function number(name: string, v: string, whole: string): number {
  if (!NUMBER.test(v)) throw new RangeError(`--${name} ${whole}: ${v === '' ? 'an empty value' : `${v} is not a number`}`);
  return Number(v);
}

const decimals = (v: string): number => (v.includes('.') ? (v.split('.')[1] as string).length : 0);

function scaled(v: string, scale: number): bigint {
  const neg = v.startsWith('-');
  const [int, frac = ''] = v.replace(/^[+-]/, '').split('.');
  const n = BigInt(`${int || '0'}${frac.padEnd(scale, '0')}`);
  return neg ? -n : n;
}
