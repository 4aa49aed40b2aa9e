import { closeSync, openSync, readSync } from 'node:fs';
import { detectLayout, parseTime, splitLine, symbolFromFileName } from '../sim/market/csv-layout.js';
import { grid } from '../sim/market/csv-replay-source.js';
import { instrumentForReplay } from '../sim/market/sim-instruments.js';
import type { BarData } from './bar-data.js';

const CHUNK = 1 << 22;
const MINUTE = 60_000;

/** A growing column of doubles. */
class Column {
  a = new Float64Array(1 << 16);
  push(i: number, v: number): void {
    if (i === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
}

class Scales {
  a = new Uint8Array(1 << 16);
  push(i: number, v: number): void {
    if (i === this.a.length) {
      const b = new Uint8Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Plain decimal text ("2548.08", "115729.0", "14274.21") as an exact integer mantissa and the scale
 * Decimal.parse would give it (trailing fractional zeros dropped); null for anything else (a sign,
 * an exponent, more digits than a double holds exactly): the caller then reads the file the slow way.
 */
function plain(text: string, out: { m: number; s: number }): boolean {
  let m = 0;
  let s = 0;
  let frac = false;
  let digits = 0;
  let zeros = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (frac) return false;
      frac = true;
      continue;
    }
    if (c < 48 || c > 57) return false;
    digits++;
    if (frac) {
      if (c === 48) {
        zeros++;
        continue;
      }
      // Zeros held back are not trailing after all.
      for (; zeros > 0; zeros--) {
        m *= 10;
        s++;
      }
      s++;
    }
    m = m * 10 + (c - 48);
  }
  if (digits === 0 || !Number.isSafeInteger(m)) return false;
  out.m = m;
  out.s = s;
  return true;
}

/**
 * A kline CSV read in chunks straight into columns of whole ticks and lots: no object per bar and
 * no copy of the file in memory (the replay's parser holds both). The same layouts, symbol, grid
 * and interval as csv-bars.ts + replay-dataset.ts give; null for a trades file or any field this
 * fast path does not read, so that the caller reads it the replay's way (and gets its errors).
 */
export function streamKlines(file: string, exchange: string): BarData | null {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  const decoder = new TextDecoder('utf-8');
  const cols = { t: new Column(), ct: new Column(), o: new Column(), h: new Column(), l: new Column(), c: new Column(), v: new Column() };
  const sc = { o: new Scales(), h: new Scales(), l: new Scales(), c: new Scales(), v: new Scales() };
  let map: ReturnType<typeof detectLayout> | null = null;
  let symbol: string | null = null;
  let n = 0;
  let priceScale = 0;
  let qtyScale = 0;
  let carry = '';
  const x = { m: 0, s: 0 };
  let headerPending = true;
  const line = (raw: string): boolean => {
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return true;
    if (map === null) {
      map = detectLayout(text.replace(/^\uFEFF/, ''));
      if (map.price !== undefined || map.open === undefined) return false;
      headerPending = map.hasHeader;
      if (!headerPending) return row(text);
      return true;
    }
    if (headerPending) headerPending = false;
    return row(text);
  };
  const row = (text: string): boolean => {
    const m = map!;
    const f = splitLine(text);
    if (n === 0 && m.symbol !== undefined) symbol = f[m.symbol]?.toUpperCase() ?? null;
    const t = parseTime(f[m.time] ?? '');
    if (Number.isNaN(t)) return false;
    cols.t.push(n, t);
    if (m.closeTime !== undefined) {
      const ct = parseTime(f[m.closeTime] ?? '');
      if (Number.isNaN(ct)) return false;
      cols.ct.push(n, ct);
    }
    const fields: [number, Column, Scales][] = [
      [m.open!, cols.o, sc.o],
      [m.high!, cols.h, sc.h],
      [m.low!, cols.l, sc.l],
      [m.close!, cols.c, sc.c],
    ];
    for (const [i, col, s] of fields) {
      if (!plain(f[i] ?? '', x)) return false;
      col.push(n, x.m);
      s.push(n, x.s);
      if (x.s > priceScale) priceScale = x.s;
    }
    if (!plain(f[m.volume!] ?? '', x)) return false;
    cols.v.push(n, x.m);
    sc.v.push(n, x.s);
    if (x.s > qtyScale) qtyScale = x.s;
    n++;
    return true;
  };
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, CHUNK, null);
      const text = carry + decoder.decode(buf.subarray(0, got), { stream: got > 0 });
      const lines = text.split('\n');
      carry = got > 0 ? lines.pop()! : '';
      for (const l of lines) if (!line(l)) return null;
      if (got === 0) break;
    }
    if (carry !== '' && !line(carry)) return null;
  } finally {
    closeSync(fd);
  }
  if (map === null || n === 0) return null;
  symbol ??= symbolFromFileName(file);
  if (!symbol) return null;
  // Every value on the finest grid seen: mantissa × 10^(scale − its own).
  const onGrid = (col: Column, s: Scales, scale: number): Float64Array | null => {
    const out = col.a.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const v = out[i]! * POW10[scale - s.a[i]!]!;
      if (!Number.isSafeInteger(v)) return null;
      out[i] = v;
    }
    return out;
  };
  const [open, high, low, close] = [onGrid(cols.o, sc.o, priceScale), onGrid(cols.h, sc.h, priceScale), onGrid(cols.l, sc.l, priceScale), onGrid(cols.c, sc.c, priceScale)];
  const volume = onGrid(cols.v, sc.v, qtyScale);
  if (!open || !high || !low || !close || !volume || priceScale > 15 || qtyScale > 15) return null;
  const openTime = cols.t.a.subarray(0, n);
  const m = map as ReturnType<typeof detectLayout>;
  let intervalMs = 0;
  if (m.closeTime !== undefined) intervalMs = cols.ct.a[0]! - openTime[0]! + 1;
  else if (n > 1) intervalMs = openTime[1]! - openTime[0]!;
  if (!(intervalMs > 0)) intervalMs = MINUTE;
  const instrument = { ...instrumentForReplay(symbol, grid(priceScale), grid(qtyScale)), exchange };
  return { instrument, intervalMs, length: n, openTime, open, high, low, close, volume };
}
