/**
 * An exact decimal: an integer `raw` and a `scale` (number of fractional digits), so the value is
 * raw / 10^scale. Prices, quantities and money are all Decimals; no float ever enters a balance.
 *
 * @example
 *   Decimal.parse('64012.5').mul(Decimal.parse('0.003')).toString() // '192.0375'
 */
export type Rounding = 'down' | 'up' | 'half-up' | 'half-even' | 'floor' | 'ceil';

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** 10^n as doubles, exact up to 10^22. */
const POW10_NUM = Array.from({ length: 23 }, (_, n) => 10 ** n);
/** The integers a double holds exactly, as bigints: a raw in this range converts both ways without loss. */
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = -MAX_EXACT;

const DECIMAL_RE = /^([+-])?(\d+)?(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const MAX_SCALE = 36;

/** Divide with an explicit rounding mode; b must be positive. */
function divRound(a: bigint, b: bigint, mode: Rounding): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const negative = a < 0n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return negative ? q - 1n : q + 1n;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'half-up':
    case 'half-even': {
      const twice = (r < 0n ? -r : r) * 2n;
      const away = negative ? q - 1n : q + 1n;
      if (twice > b) return away;
      if (twice < b) return q;
      if (mode === 'half-up') return away;
      return q % 2n === 0n ? q : away;
    }
  }
}

export class Decimal {
  private constructor(
    readonly raw: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  static of(raw: bigint, scale: number): Decimal {
    if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) throw new RangeError(`bad scale ${scale}`);
    return new Decimal(raw, scale);
  }

  static fromInt(n: number | bigint): Decimal {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    return new Decimal(BigInt(n), 0);
  }

  /** Parses '12.5', '-0.001', '1e-7' exactly; a JS number goes through its shortest round-trip text. */
  static parse(input: string | number): Decimal {
    const d = Decimal.tryParse(input);
    if (d === null) throw new RangeError(`not a decimal number: ${String(input)}`);
    return d;
  }

  static tryParse(input: string | number): Decimal | null {
    if (typeof input === 'number') {
      if (!Number.isFinite(input)) return null;
      if (Number.isSafeInteger(input)) return new Decimal(BigInt(input), 0); // already normal: scale 0
    }
    const text = typeof input === 'number' ? String(input) : input.trim();
    const m = DECIMAL_RE.exec(text);
    if (!m || (m[2] === undefined && m[3] === undefined)) return null;
    const intPart = m[2] ?? '';
    const frac = m[3] ?? '';
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return null;
    let raw = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0');
    let scale = frac.length - exp;
    if (scale < 0) {
      raw *= pow10(-scale);
      scale = 0;
    }
    if (m[1] === '-') raw = -raw;
    const d = new Decimal(raw, scale).normalize();
    return d.scale > MAX_SCALE ? null : d;
  }

  /** Same value with trailing fractional zeros removed. */
  normalize(): Decimal {
    let { raw, scale } = this;
    if (scale === 0) return this;
    if (raw <= MAX_EXACT && raw >= MIN_EXACT) {
      // On a double: n % 10 and n / 10 are exact for these integers, and cheaper than bigint's.
      let n = Number(raw);
      while (scale > 0 && n % 10 === 0) {
        n /= 10;
        scale--;
      }
      return scale === this.scale ? this : new Decimal(BigInt(n), scale);
    }
    while (scale > 0 && raw % 10n === 0n) {
      raw /= 10n;
      scale--;
    }
    return scale === this.scale ? this : new Decimal(raw, scale);
  }

  /** Re-express at `scale`, rounding when digits are dropped. */
  rescale(scale: number, mode: Rounding = 'half-even'): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.raw * pow10(scale - this.scale), scale);
    return new Decimal(divRound(this.raw, pow10(this.scale - scale), mode), scale);
  }

  add(o: Decimal): Decimal {
    if (o.scale === this.scale) return new Decimal(this.raw + o.raw, this.scale);
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.rawAt(s) + o.rawAt(s), s);
  }

  sub(o: Decimal): Decimal {
    if (o.scale === this.scale) return new Decimal(this.raw - o.raw, this.scale);
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.rawAt(s) - o.rawAt(s), s);
  }

  /** The raw integer at a scale at least this one's (no rounding, no new Decimal). */
  private rawAt(scale: number): bigint {
    return scale === this.scale ? this.raw : this.raw * pow10(scale - this.scale);
  }

  mul(o: Decimal): Decimal {
    return new Decimal(this.raw * o.raw, this.scale + o.scale);
  }

  /** this / o, rounded to `scale` digits. */
  div(o: Decimal, scale: number, mode: Rounding = 'half-even'): Decimal {
    if (o.raw === 0n) throw new RangeError('division by zero');
    // this.raw/10^a ÷ o.raw/10^b = this.raw * 10^(b - a) / o.raw; we want it at 10^-scale.
    const shift = scale + o.scale - this.scale;
    let num = this.raw;
    let den = o.raw;
    if (shift >= 0) num *= pow10(shift);
    else den *= pow10(-shift);
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    return new Decimal(divRound(num, den, mode), scale);
  }

  neg(): Decimal {
    return new Decimal(-this.raw, this.scale);
  }

  abs(): Decimal {
    return this.raw < 0n ? this.neg() : this;
  }

  sign(): -1 | 0 | 1 {
    return this.raw === 0n ? 0 : this.raw < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.raw === 0n;
  }

  cmp(o: Decimal): -1 | 0 | 1 {
    const s = Math.max(this.scale, o.scale);
    const a = this.rawAt(s);
    const b = o.rawAt(s);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  eq(o: Decimal): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: Decimal): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Decimal): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Decimal): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Decimal): boolean {
    return this.cmp(o) >= 0;
  }

  min(o: Decimal): Decimal {
    return this.lte(o) ? this : o;
  }
  max(o: Decimal): Decimal {
    return this.gte(o) ? this : o;
  }

  /** True when this is a whole multiple of `step` (step > 0). */
  isMultipleOf(step: Decimal): boolean {
    const s = Math.max(this.scale, step.scale);
    return this.rescale(s).raw % step.rescale(s).raw === 0n;
  }

  /** How many whole `unit`s this is (exact; throws when it is not a multiple). */
  toUnits(unit: Decimal): bigint {
    const s = Math.max(this.scale, unit.scale);
    const a = this.rescale(s).raw;
    const b = unit.rescale(s).raw;
    if (a % b !== 0n) throw new RangeError(`${this.toString()} is not a multiple of ${unit.toString()}`);
    return a / b;
  }

  /** Plain decimal text with exactly `scale` fractional digits (no exponent). */
  toFixed(scale: number = this.scale): string {
    const d = this.rescale(scale);
    const neg = d.raw < 0n;
    const r = d.raw;
    // A raw a double holds exactly prints as its digits (String of an integer below 1e21 has no exponent).
    const digits = r <= MAX_EXACT && r >= MIN_EXACT ? String(Math.abs(Number(r))) : (neg ? -r : r).toString();
    if (scale === 0) return (neg ? '-' : '') + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${neg ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }

  /** Shortest exact text: '64012.5', '0.001', '-3'. */
  toString(): string {
    return this.normalize().toFixed();
  }

  /** For JSON answers only: the nearest double. Never feed this back into arithmetic. */
  toNumber(): number {
    // Both operands exact doubles: IEEE division is correctly rounded, so this is the double nearest
    // to raw / 10^scale, the same one Number() of the decimal text gives, without building the text.
    const r = this.raw;
    if (r <= MAX_EXACT && r >= MIN_EXACT && this.scale <= 22) return Number(r) / POW10_NUM[this.scale]!;
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}

export const dec = (v: string | number): Decimal => Decimal.parse(v);
