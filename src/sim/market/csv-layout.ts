import { splitSymbol } from './sim-instruments.js';

/** The CSV layouts understood by the replay (see datasets/README.md). */
export type CsvLayout = 'kline' | 'ohlcv' | 'tardis-trades' | 'binance-trades' | 'binance-agg-trades';

/** Where each needed field is, by column index. */
export interface ColumnMap {
  readonly layout: CsvLayout;
  readonly hasHeader: boolean;
  readonly time: number;
  /** Klines: open, high, low, close, volume; closeTime when the file has it. */
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly volume?: number;
  readonly closeTime?: number;
  /** Trades: price, quantity and the taker side as 'side' (buy/sell) or 'is_buyer_maker'. */
  readonly price?: number;
  readonly quantity?: number;
  readonly side?: number;
  readonly buyerMaker?: number;
  readonly symbol?: number;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch ms from epoch seconds/ms/µs/ns (told apart by magnitude: Binance spot public data switched
 * to µs in 2025, Tardis uses µs) or from an ISO text such as `2025-08-01 00:00:59.999000+00:00`
 * (no zone = UTC). NaN when it is neither.
 */
export function parseTime(text: string): number {
  if (NUMBER_RE.test(text)) {
    const n = Number(text);
    if (n >= 1e17) return Math.floor(n / 1e6);
    if (n >= 1e14) return Math.floor(n / 1e3);
    if (n >= 1e11) return Math.floor(n);
    return Math.floor(n * 1000);
  }
  const fast = fastIso(text);
  if (fast !== null) return fast;
  const m = ISO_RE.exec(text);
  if (!m) return Number.NaN;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
    t -= (zone[0] === '-' ? -1 : 1) * offset * MINUTE_MS;
  }
  return t;
}

const MINUTE_MS = 60_000;

let cachedDay = '';
let cachedDayMs = 0;

/**
 * `YYYY-MM-DD HH:MM:SS[.fff...](+00:00|Z)?` read by position (a CSV holds one such time per row, and
 * the regex plus Date.UTC of the general path dominates parsing); null for any other shape.
 */
function fastIso(t: string): number | null {
  const n = t.length;
  if (n < 19 || t.charCodeAt(4) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return null;
  const sep = t.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return null;
  let end = n;
  if (t.endsWith('+00:00')) end = n - 6;
  else if (t.endsWith('Z')) end = n - 1;
  else if (n > 19 && t.charCodeAt(19) !== 46) return null;
  let ms = 0;
  if (end > 19) {
    if (t.charCodeAt(19) !== 46 || end === 20) return null;
    const frac = t.slice(20, Math.min(end, 23)).padEnd(3, '0');
    if (!/^\d{3}$/.test(frac) || !/^\d*$/.test(t.slice(23, end))) return null;
    ms = Number(frac);
  } else if (end < 19) return null;
  const day = t.slice(0, 10);
  if (day !== cachedDay) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
    cachedDayMs = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
    cachedDay = day;
  }
  const hh = digits2(t, 11);
  const mm = digits2(t, 14);
  const ss = digits2(t, 17);
  if (hh < 0 || mm < 0 || ss < 0) return null;
  return cachedDayMs + ((hh * 60 + mm) * 60 + ss) * 1000 + ms;
}

function digits2(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

const isNumber = (s: string | undefined): boolean => s !== undefined && NUMBER_RE.test(s);
const isBool = (s: string | undefined): boolean => s !== undefined && /^(true|false)$/i.test(s);
const isSide = (s: string | undefined): boolean => s !== undefined && /^(buy|sell)$/i.test(s);

/** Splits one CSV line (no quoted commas in these files; surrounding quotes are dropped). */
export function splitLine(line: string): string[] {
  const f = line.split(',');
  for (let i = 0; i < f.length; i++) {
    const v = f[i] as string;
    if (v.charCodeAt(0) === 34 /* " */ || v.charCodeAt(0) === 32 || v.charCodeAt(v.length - 1) === 32) f[i] = v.trim().replace(/^"|"$/g, '');
  }
  return f;
}

/** Detects the layout from the first line: a header (no numeric field) or, without one, the data itself. */
export function detectLayout(firstLine: string): ColumnMap {
  const f = splitLine(firstLine);
  if (!f.some((v) => isNumber(v) || !Number.isNaN(parseTime(v)))) return fromHeader(f.map((h) => h.toLowerCase().replace(/\s+/g, '_')));
  if (f.length >= 8 && isSide(f[5])) return tardis(false);
  if (isBool(f[5])) return { layout: 'binance-trades', hasHeader: false, time: 4, price: 1, quantity: 2, buyerMaker: 5 };
  if (isBool(f[6])) return { layout: 'binance-agg-trades', hasHeader: false, time: 5, price: 1, quantity: 2, buyerMaker: 6 };
  if (f.length >= 11 && f.slice(1, 6).every(isNumber)) return kline(false, 0, 6);
  if (f.length >= 6 && f.slice(1, 6).every(isNumber)) return { ...kline(false, 0, undefined), layout: 'ohlcv' };
  throw new RangeError(`unrecognised CSV layout: ${firstLine.slice(0, 120)}`);
}

function kline(hasHeader: boolean, time: number, closeTime: number | undefined): ColumnMap {
  return { layout: 'kline', hasHeader, time, open: 1, high: 2, low: 3, close: 4, volume: 5, closeTime };
}

function tardis(hasHeader: boolean): ColumnMap {
  return { layout: 'tardis-trades', hasHeader, time: 2, price: 6, quantity: 7, side: 5, symbol: 1 };
}

function fromHeader(h: string[]): ColumnMap {
  const col = (...names: string[]): number | undefined => {
    for (const n of names) {
      const i = h.indexOf(n);
      if (i >= 0) return i;
    }
    return undefined;
  };
  const symbol = col('symbol');
  const price = col('price');
  if (price !== undefined) {
    const quantity = col('amount', 'qty', 'quantity', 'size', 'volume');
    const time = col('timestamp', 'transact_time', 'time', 'trade_time');
    const side = col('side');
    const buyerMaker = col('is_buyer_maker', 'isbuyermaker', 'buyer_maker');
    if (quantity === undefined || time === undefined || (side === undefined && buyerMaker === undefined)) {
      throw new RangeError(`trades CSV needs price, quantity, time and side columns: ${h.join(',')}`);
    }
    const layout = side !== undefined ? 'tardis-trades' : h.includes('agg_trade_id') ? 'binance-agg-trades' : 'binance-trades';
    return { layout, hasHeader: true, time, price, quantity, side, buyerMaker, symbol };
  }
  // `openPrice`… are the names of Bybit's /v5/market/kline fields (startTime, openPrice, …, volume, turnover).
  const open = col('open', 'openprice', 'open_price');
  const high = col('high', 'highprice', 'high_price');
  const low = col('low', 'lowprice', 'low_price');
  const close = col('close', 'closeprice', 'close_price');
  const volume = col('volume', 'vol', 'base_volume');
  const time = col('open_time', 'timestamp', 'time', 'date', 'datetime', 'start', 'start_time', 'starttime');
  if ([open, high, low, close, volume, time].some((i) => i === undefined)) {
    throw new RangeError(`unrecognised CSV header: ${h.join(',')}`);
  }
  const closeTime = col('close_time');
  return { layout: closeTime === undefined ? 'ohlcv' : 'kline', hasHeader: true, time: time as number, open, high, low, close, volume, closeTime, symbol };
}

/** The symbol in a file name such as `binance_spot_BTCUSDT_1m_2025-08-01.csv` or `AVAXUSDT-1m-2023-02.csv`. */
export function symbolFromFileName(path: string): string | null {
  const name = path.split(/[\\/]/).pop() ?? path;
  const tokens = name.replace(/\.[A-Za-z]+$/, '').split(/[^A-Za-z0-9]+/);
  const candidates = tokens.filter((t) => /^[A-Za-z0-9]{5,}$/.test(t) && splitSymbol(t) !== null);
  const upper = candidates.find((t) => t === t.toUpperCase());
  const found = upper ?? candidates[0];
  return found === undefined ? null : found.toUpperCase();
}
