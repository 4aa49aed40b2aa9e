import { readFileSync } from 'node:fs';
import { Decimal } from '../../domain/decimal.js';
import type { Side } from '../../domain/ids.js';
import type { Kline } from './market-types.js';
import { CandleBuilder } from './candle-builder.js';
import { detectLayout, parseTime, splitLine, symbolFromFileName, type ColumnMap, type CsvLayout } from './csv-layout.js';

/** One trade of a trades CSV; `aggressor` is the taker side. */
export interface CsvTrade {
  readonly time: number;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly aggressor: Side;
}

interface CsvCommon {
  readonly layout: CsvLayout;
  /** From the symbol column, else the file name; null when neither tells. */
  readonly symbol: string | null;
  /** Most fractional digits seen in prices / quantities (the finest grid the data needs). */
  readonly priceScale: number;
  readonly qtyScale: number;
}

export type CsvData =
  | (CsvCommon & { readonly kind: 'klines'; readonly bars: Kline[]; readonly intervalMs: number })
  | (CsvCommon & { readonly kind: 'trades'; readonly trades: CsvTrade[] });

const MINUTE = 60_000;

/** Reads and parses one market-data CSV (any layout of csv-layout.ts). */
export function readCsv(file: string): CsvData {
  return parseCsv(readFileSync(file, 'utf8'), file);
}

/** The klines of a CSV; a trades file is aggregated into 1m klines. */
export function readBars(file: string): Kline[] {
  return barsOf(readCsv(file));
}

export function barsOf(data: CsvData): Kline[] {
  if (data.kind === 'klines') return data.bars;
  const cb = new CandleBuilder(Number.MAX_SAFE_INTEGER);
  for (const t of data.trades) cb.addTrade(t.time, t.price, t.quantity);
  return cb.klines('1m', Number.MAX_SAFE_INTEGER);
}

/** Parses CSV text; `fileName` (optional) gives the symbol when no column does. */
export function parseCsv(text: string, fileName?: string): CsvData {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first] as string).trim() === '') first++;
  if (first === lines.length) throw new RangeError(`empty CSV${fileName ? ` ${fileName}` : ''}`);
  const map = detectLayout(stripCr(lines[first] as string).replace(/^\uFEFF/, ''));
  const start = map.hasHeader ? first + 1 : first;
  const fallbackSymbol = fileName === undefined ? null : symbolFromFileName(fileName);
  const scales = { price: 0, qty: 0 };
  const where = (i: number): string => `${fileName ?? 'CSV'} line ${i + 1}`;
  let symbol: string | null = null;
  if (map.symbol !== undefined) {
    const row = lines[start];
    symbol = row === undefined ? null : (splitLine(stripCr(row))[map.symbol]?.toUpperCase() ?? null);
  }
  symbol ??= fallbackSymbol;
  const common = { layout: map.layout, symbol };
  if (map.price !== undefined) {
    const trades: CsvTrade[] = [];
    for (let i = start; i < lines.length; i++) {
      const line = stripCr(lines[i] as string);
      if (line === '') continue;
      trades.push(tradeRow(splitLine(line), map, scales, where(i)));
    }
    return { ...common, kind: 'trades', trades, priceScale: scales.price, qtyScale: scales.qty };
  }
  const bars: Kline[] = [];
  let interval = 0;
  for (let i = start; i < lines.length; i++) {
    const line = stripCr(lines[i] as string);
    if (line === '') continue;
    const f = splitLine(line);
    const openTime = time(f[map.time], where(i));
    const closeText = map.closeTime === undefined ? undefined : f[map.closeTime];
    if (interval === 0) {
      if (closeText !== undefined) interval = time(closeText, where(i)) - openTime + 1;
      else if (bars.length === 1) interval = openTime - (bars[0] as Kline).openTime;
    }
    bars.push({
      openTime,
      closeTime: closeText === undefined ? openTime : time(closeText, where(i)),
      open: num(f[map.open as number], 'price', scales, where(i)),
      high: num(f[map.high as number], 'price', scales, where(i)),
      low: num(f[map.low as number], 'price', scales, where(i)),
      close: num(f[map.close as number], 'price', scales, where(i)),
      volume: num(f[map.volume as number], 'qty', scales, where(i)),
    });
  }
  if (!(interval > 0)) interval = MINUTE;
  // Files without a close time: Binance style, the last ms of the bar.
  const out = map.closeTime === undefined ? bars.map((b) => ({ ...b, closeTime: b.openTime + interval - 1 })) : bars;
  return { ...common, kind: 'klines', bars: out, intervalMs: interval, priceScale: scales.price, qtyScale: scales.qty };
}

function tradeRow(f: string[], map: ColumnMap, scales: { price: number; qty: number }, where: string): CsvTrade {
  let aggressor: Side;
  if (map.side !== undefined) {
    const s = (f[map.side] ?? '').toLowerCase();
    if (s !== 'buy' && s !== 'sell') throw new RangeError(`${where}: side must be buy or sell, got '${s}'`);
    aggressor = s === 'buy' ? 'BUY' : 'SELL';
  } else {
    const m = (f[map.buyerMaker as number] ?? '').toLowerCase();
    if (m !== 'true' && m !== 'false') throw new RangeError(`${where}: is_buyer_maker must be true or false`);
    // The buyer was the maker: the taker sold.
    aggressor = m === 'true' ? 'SELL' : 'BUY';
  }
  return {
    time: time(f[map.time], where),
    price: num(f[map.price as number], 'price', scales, where),
    quantity: num(f[map.quantity as number], 'qty', scales, where),
    aggressor,
  };
}

function time(text: string | undefined, where: string): number {
  const t = text === undefined ? Number.NaN : parseTime(text);
  if (Number.isNaN(t)) throw new RangeError(`${where}: bad time '${text ?? ''}'`);
  return t;
}

function num(text: string | undefined, kind: 'price' | 'qty', scales: { price: number; qty: number }, where: string): Decimal {
  const d = text === undefined ? null : Decimal.tryParse(text);
  if (d === null || d.sign() < 0) throw new RangeError(`${where}: bad ${kind} '${text ?? ''}'`);
  if (d.scale > scales[kind]) scales[kind] = d.scale;
  return d;
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
