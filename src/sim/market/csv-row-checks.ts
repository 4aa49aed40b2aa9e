import { Decimal } from '../../domain/decimal.js';
import { parseTime, type ColumnMap } from './csv-layout.js';

/** Where the fields are, with the names a message shows (the header's, or `column N`). */
export interface Columns {
  readonly map: ColumnMap;
  readonly names: readonly string[];
  readonly width: number;
  /** A trades file's trade id column, when it has one. */
  readonly id: number | undefined;
}

/** What the rows read so far tell the next one. */
export interface ScanState {
  prevTime: number;
  prevLine: number;
  prevId: number;
  /** Bars: close time - open time + 1 of the first bar, when the file has close times. */
  interval: number;
  /** Bars without close times: the smallest step between open times. */
  minStep: number;
  symbol: string | null;
}

/** Year 2100: a time past it is a misread column, not market data. */
const LATEST = 4_102_444_800_000;

/** Checks one kline row and advances the state; the reason it is wrong, or null. */
export function checkBar(f: readonly string[], c: Columns, s: ScanState, line: number): string | null {
  const m = c.map;
  const time = timeOf(f, c, m.time);
  if (typeof time === 'string') return time;
  const o = price(f, c, m.open as number);
  const h = price(f, c, m.high as number);
  const l = price(f, c, m.low as number);
  const cl = price(f, c, m.close as number);
  if (typeof o === 'string') return o;
  if (typeof h === 'string') return h;
  if (typeof l === 'string') return l;
  if (typeof cl === 'string') return cl;
  const vol = amount(f, c, m.volume as number, true);
  if (typeof vol === 'string') return vol;
  const hi = m.high as number;
  const lo = m.low as number;
  const [top, topCol] = below(f, o, cl, m.open as number, m.close as number, true);
  if (lessThan(h, top, f[hi], f[topCol])) return `high ${f[hi]} is below ${c.names[topCol]} ${f[topCol]}`;
  const [bottom, bottomCol] = below(f, o, cl, m.open as number, m.close as number, false);
  if (lessThan(bottom, l, f[bottomCol], f[lo])) return `low ${f[lo]} is above ${c.names[bottomCol]} ${f[bottomCol]}`;
  const symbol = symbolOf(f, c, s);
  if (symbol !== null) return symbol;
  if (m.closeTime !== undefined) {
    const ct = timeOf(f, c, m.closeTime);
    if (typeof ct === 'string') return ct;
    const span = ct - time + 1;
    if (!(span > 0)) return `${c.names[m.closeTime]} ${iso(ct)} is not after the open time ${iso(time)}`;
    if (s.interval === 0) s.interval = span;
    else if (span !== s.interval) return `the bar spans ${span} ms where the first bar spans ${s.interval} ms (${c.names[m.closeTime]} ${iso(ct)})`;
  }
  const order = timeOrder(time, s, true);
  if (order !== null) return order;
  if (!Number.isNaN(s.prevTime)) s.minStep = Math.min(s.minStep, time - s.prevTime);
  s.prevTime = time;
  s.prevLine = line;
  return null;
}

/** Checks one trade row and advances the state; the reason it is wrong, or null. */
export function checkTrade(f: readonly string[], c: Columns, s: ScanState, line: number): string | null {
  const m = c.map;
  const time = timeOf(f, c, m.time);
  if (typeof time === 'string') return time;
  const p = price(f, c, m.price as number);
  if (typeof p === 'string') return p;
  const q = amount(f, c, m.quantity as number, false);
  if (typeof q === 'string') return q;
  if (m.side !== undefined) {
    if (!/^(buy|sell)$/i.test(f[m.side] ?? '')) return `${c.names[m.side]} must be buy or sell, not ${quote(f[m.side])}`;
  } else if (!/^(true|false)$/i.test(f[m.buyerMaker as number] ?? '')) {
    return `${c.names[m.buyerMaker as number]} must be true or false, not ${quote(f[m.buyerMaker as number])}`;
  }
  const symbol = symbolOf(f, c, s);
  if (symbol !== null) return symbol;
  const order = timeOrder(time, s, false);
  if (order !== null) return order;
  if (c.id !== undefined) {
    const text = f[c.id] ?? '';
    const id = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(id)) return `bad trade id ${quote(text)} in ${c.names[c.id]}`;
    if (id === s.prevId) return `duplicate trade id ${id} (also on line ${s.prevLine})`;
    if (id < s.prevId) return `trade id ${id} goes backwards after ${s.prevId} on line ${s.prevLine}`;
    s.prevId = id;
  }
  s.prevTime = time;
  s.prevLine = line;
  return null;
}

/** Bars: strictly increasing open times; trades: never going backwards (several trades may share a ms). */
function timeOrder(time: number, s: ScanState, strict: boolean): string | null {
  if (Number.isNaN(s.prevTime)) return null;
  if (strict && time === s.prevTime) return `duplicate time ${iso(time)} (also on line ${s.prevLine})`;
  if (time < s.prevTime) return `the time goes backwards: ${iso(time)} after ${iso(s.prevTime)} on line ${s.prevLine}`;
  return null;
}

function timeOf(f: readonly string[], c: Columns, i: number): number | string {
  const text = f[i];
  const t = text === undefined || text === '' ? Number.NaN : parseTime(text);
  if (Number.isNaN(t)) return `bad time ${quote(text)} in ${c.names[i]}`;
  if (t <= 0 || t >= LATEST) return `time ${quote(text)} in ${c.names[i]} is out of range (1970 to 2100)`;
  return t;
}

/** Plain decimals (all the files seen) are read as numbers; anything else goes through Decimal, as the replay reads it. */
const PLAIN = /^\d{1,20}(?:\.\d{1,20})?$/;

function numberOf(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  if (PLAIN.test(text)) return Number(text);
  const d = Decimal.tryParse(text);
  return d === null ? null : d.toNumber();
}

function price(f: readonly string[], c: Columns, i: number): number | string {
  const n = numberOf(f[i]);
  if (n === null) return `bad number ${quote(f[i])} in ${c.names[i]}`;
  if (!(n > 0)) return `${c.names[i]} must be above 0, not ${quote(f[i])}`;
  return n;
}

function amount(f: readonly string[], c: Columns, i: number, zeroOk: boolean): number | string {
  const n = numberOf(f[i]);
  if (n === null) return `bad number ${quote(f[i])} in ${c.names[i]}`;
  if (n < 0 || (!zeroOk && n === 0)) return `${c.names[i]} must be ${zeroOk ? 'at least' : 'above'} 0, not ${quote(f[i])}`;
  return n;
}

/** A plain decimal of at most 15 digits: its double is exact enough to tell it from any other such. */
const short = (text: string): boolean => text.length <= 15 && PLAIN.test(text);

/** The larger (`top`) or smaller of open and close, with its column. */
function below(f: readonly string[], o: number, cl: number, oc: number, cc: number, top: boolean): [number, number] {
  if (o === cl) return lessThan(o, cl, f[oc], f[cc]) === top ? [cl, cc] : [o, oc];
  return o > cl === top ? [o, oc] : [cl, cc];
}

/**
 * a < b exactly: doubles order decimals monotonically, so only equal doubles (decimals that differ
 * past the 16th digit) need the exact comparison.
 */
function lessThan(a: number, b: number, aText: string | undefined, bText: string | undefined): boolean {
  if (a !== b) return a < b;
  if (aText === bText || (short(aText as string) && short(bText as string))) return false;
  return Decimal.parse(aText as string).lt(Decimal.parse(bText as string));
}

/** One symbol a file: the symbol column, when there is one, must not change. */
function symbolOf(f: readonly string[], c: Columns, s: ScanState): string | null {
  if (c.map.symbol === undefined) return null;
  const sym = (f[c.map.symbol] ?? '').toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9._-]{1,30}$/.test(sym)) return `bad symbol ${quote(f[c.map.symbol])}`;
  if (s.symbol === null) s.symbol = sym;
  else if (sym !== s.symbol) return `the symbol changes from ${s.symbol} to ${sym}: one symbol a file`;
  return null;
}

const iso = (t: number): string => new Date(t).toISOString();
const quote = (text: string | undefined): string => (text === undefined ? '(missing)' : `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
