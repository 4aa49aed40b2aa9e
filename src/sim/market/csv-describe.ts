import { detectLayout, splitLine, symbolFromFileName, type ColumnMap, type CsvLayout } from './csv-layout.js';
import { checkBar, checkTrade, type Columns, type ScanState } from './csv-row-checks.js';
import { venueMarketOfExchangeColumn, venueMarketOfName, type VenueMarket } from './dataset-naming.js';

/** What a whole, valid market-data CSV holds. */
export interface CsvDescription extends VenueMarket {
  readonly layout: CsvLayout;
  readonly symbol: string;
  /** The bar interval of a kline file; null for trades. */
  readonly intervalMs: number | null;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly rows: number;
}

/** The first line that is not right: `line` is 1-based, as an editor shows it. */
export class CsvLineError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvLineError';
  }
}

const MINUTE = 60_000;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a whole CSV of any layout of csv-layout.ts, checking every line (the field count, every
 * time and number, the order of times and trade ids, the OHLC envelope of bars), and describes it;
 * throws a CsvLineError at the first bad line. `fileName` gives the symbol, venue and market.
 */
export function describeCsv(bytes: Uint8Array, fileName: string): CsvDescription {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new CsvLineError(lineAt(bytes, nul), 'binary data (a NUL byte): not a CSV text file');
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new CsvLineError(1, 'not UTF-8 text: not a CSV text file');
  }
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first] as string).trim() === '') first++;
  if (first === lines.length) throw new CsvLineError(1, 'the file is empty');
  const head = stripCr(lines[first] as string).replace(/^\uFEFF/, '');
  let map: ColumnMap;
  try {
    map = detectLayout(head);
  } catch (err) {
    throw new CsvLineError(first + 1, `not a known market-data layout (${(err as Error).message})`);
  }
  const headFields = splitLine(head);
  const names = map.hasHeader ? headFields.map((h) => h.toLowerCase()) : headFields.map((_, i) => `column ${i + 1}`);
  const cols: Columns = { map, names, width: headFields.length, id: idColumn(map, names) };
  let last = lines.length - 1;
  while (last >= 0 && (lines[last] as string).trim() === '') last--;
  const cut = !endsWithNewline(text); // the last line has no newline: it may have been cut short
  const start = map.hasHeader ? first + 1 : first;
  const state: ScanState = { prevTime: Number.NaN, prevLine: 0, prevId: Number.NaN, interval: 0, minStep: Number.POSITIVE_INFINITY, symbol: null };
  let rows = 0;
  let firstTime = Number.NaN;
  for (let i = start; i <= last; i++) {
    const line = stripCr(lines[i] as string);
    if (line.trim() === '') continue;
    const f = splitLine(line);
    if (f.length !== cols.width) {
      const what = `${f.length} fields where the ${map.hasHeader ? 'header has' : 'first line has'} ${cols.width}`;
      throw new CsvLineError(i + 1, i === last && cut && f.length < cols.width ? `truncated last line: ${what} and no newline at the end of the file` : what);
    }
    const reason = map.price !== undefined ? checkTrade(f, cols, state, i + 1) : checkBar(f, cols, state, i + 1);
    if (reason !== null) throw new CsvLineError(i + 1, i === last && cut ? `${reason} (the last line, with no newline at the end: truncated?)` : reason);
    if (rows === 0) firstTime = state.prevTime;
    rows++;
  }
  if (rows === 0) throw new CsvLineError(start + 1, map.hasHeader ? 'no data rows after the header' : 'no data rows');
  const symbol = state.symbol ?? symbolFromFileName(fileName);
  if (symbol === null) {
    throw new CsvLineError(first + 1, 'cannot tell the symbol: name the file after it (e.g. BTCUSDT_1m.csv) or add a symbol column');
  }
  const exchangeCol = map.hasHeader ? names.indexOf('exchange') : -1;
  const fromColumn = exchangeCol >= 0 ? venueMarketOfExchangeColumn(splitLine(stripCr(lines[start] as string))[exchangeCol] ?? '', symbol) : null;
  const fromName = venueMarketOfName(fileName, symbol);
  const intervalMs = map.price !== undefined ? null : state.interval || (Number.isFinite(state.minStep) ? state.minStep : MINUTE);
  return {
    layout: map.layout,
    symbol,
    venue: fromColumn?.venue ?? fromName.venue,
    market: fromColumn?.market ?? fromName.market,
    intervalMs,
    firstTime,
    lastTime: state.prevTime,
    rows,
  };
}

/** A trades file's id column (Tardis `id`, Binance `trade_id` / `agg_trade_id`, column 1 of headerless Binance trades). */
function idColumn(map: ColumnMap, names: readonly string[]): number | undefined {
  if (map.price === undefined) return undefined;
  if (!map.hasHeader) return map.layout === 'tardis-trades' ? 4 : 0;
  const i = names.findIndex((n) => ['id', 'trade_id', 'agg_trade_id', 'a'].includes(n));
  return i >= 0 ? i : undefined;
}

function endsWithNewline(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && text.charCodeAt(i) !== 10 && text.charCodeAt(i) <= 32) i--;
  return i >= 0 && text.charCodeAt(i) === 10;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) n++;
  return n;
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

