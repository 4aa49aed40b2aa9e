import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Kline } from './market-types.js';
import { CandleBuilder } from './candle-builder.js';
import { barsOf, readCsv, type CsvData } from './csv-bars.js';
import { grid, onGrid } from './csv-replay-source.js';
import { instrumentForReplay } from './sim-instruments.js';
import { rebasedCsv } from './price-rebase.js';
import { KlineTicks, TradeTicks, type IndexedTicks } from './indexed-ticks.js';

/** One market-data file ready to replay: its instrument, its ticks by index and its 1m bars. */
export interface ReplayDataset {
  readonly instrument: Instrument;
  readonly ticks: IndexedTicks;
  /** 1m bars: the file's own (kline files) or aggregated from its trades. */
  readonly bars: readonly Kline[];
  readonly kind: CsvData['kind'];
  /** The kline interval of the file (ms), or null for a trades file. */
  readonly intervalMs: number | null;
}

export interface ReplayDatasetOptions {
  /** Trade under this symbol instead of the file's (blind mode hides the real one). */
  readonly symbol?: string;
  /** Exchange id of the instrument (default: sim's). */
  readonly exchange?: string;
  /** Every price × this (exact; price-rebase.ts), the tick too: a rebased market. */
  readonly priceFactor?: Decimal | null;
}

/**
 * Parses a CSV (any layout of csv-layout.ts) the way SIM_SOURCE=replay does: the instrument on the
 * finest grid the data needs, kline bars walked by KlineTicks, trades one tick each.
 */
export function openReplayDataset(file: string, options: ReplayDatasetOptions = {}): ReplayDataset {
  return replayDatasetOf(readCsv(file), file, options);
}

export function replayDatasetOf(raw: CsvData, file: string, options: ReplayDatasetOptions = {}): ReplayDataset {
  const real = raw.symbol?.toUpperCase();
  if (!real) throw new RangeError(`cannot tell the symbol of ${file}`);
  const factor = options.priceFactor ?? null;
  const tickOfFile = Decimal.parse(grid(raw.priceScale));
  const base = instrumentForReplay(real, factor ? tickOfFile.mul(factor).normalize() : tickOfFile, grid(raw.qtyScale));
  if (factor) raw = rebasedCsv(raw, factor);
  const symbol = options.symbol ?? real;
  const instrument: Instrument = { ...base, symbol, exchange: options.exchange ?? base.exchange, ...(options.symbol ? { base: symbol } : {}) };
  const tick = instrument.tickSize.normalize();
  const lot = instrument.stepSize.normalize();
  const data = onGrid(raw, tick, lot);
  if (data.kind === 'klines') {
    const ticks = new KlineTicks(symbol, data.bars, data.intervalMs, tick, lot);
    return { instrument, kind: 'klines', intervalMs: data.intervalMs, ticks, bars: data.intervalMs === 60_000 ? data.bars : minuteBars(ticks) };
  }
  return { instrument, kind: 'trades', intervalMs: null, ticks: new TradeTicks(symbol, data.trades, tick, lot), bars: barsOf(data) };
}

/** 1m bars of ticks (a kline file of another interval: its walk cut into minutes). */
function minuteBars(ticks: IndexedTicks): Kline[] {
  const cb = new CandleBuilder(Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < ticks.length; i++) cb.add(ticks.tickAt(i));
  return cb.klines('1m', Number.MAX_SAFE_INTEGER);
}
