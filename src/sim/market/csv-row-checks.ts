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
  const [open, high, low, close] = [o, h, l, cl];
  if (high.lt(open.max(close))) return `high ${show(high)} is below ${open.gte(close) ? `open ${show(open)}` : `close ${show(close)}`}`;
  if (low.gt(open.min(close))) return `low ${show(low)} is above ${open.lte(close) ? `open ${show(open)}` : `close ${show(close)}`}`;
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

function price(f: readonly string[], c: Columns, i: number): Decimal | string {
  const d = Decimal.tryParse(f[i] ?? '');
  if (d === null || f[i] === '') return `bad number ${quote(f[i])} in ${c.names[i]}`;
  if (d.sign() <= 0) return `${c.names[i]} must be above 0, not ${quote(f[i])}`;
  return d;
}

function amount(f: readonly string[], c: Columns, i: number, zeroOk: boolean): Decimal | string {
  const d = Decimal.tryParse(f[i] ?? '');
  if (d === null || f[i] === '') return `bad number ${quote(f[i])} in ${c.names[i]}`;
  if (d.sign() < 0 || (!zeroOk && d.isZero())) return `${c.names[i]} must be ${zeroOk ? 'at least' : 'above'} 0, not ${quote(f[i])}`;
  return d;
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

const show = (d: Decimal): string => d.toString();
const iso = (t: number): string => new Date(t).toISOString();
const quote = (text: string | undefined): string => (text === undefined ? '(missing)' : `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
