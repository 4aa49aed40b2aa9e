import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Kline, MarketSource, MarketTick } from './market-types.js';
import { barsOf, readCsv, type CsvData } from './csv-bars.js';
import { snap } from './grid.js';
import { instrumentForReplay } from './sim-instruments.js';
import { KlineStream, TradeStream, type TickStream } from './replay-streams.js';

export interface CsvReplayOptions {
  /** Kline or trade CSVs (layouts: csv-layout.ts); several files are merged in time order. */
  readonly files: readonly string[];
  /** Symbol of every file; default: the file's symbol column, else its name (e.g. `..._BTCUSDT_1m_...`). */
  readonly symbol?: string;
  /** Tick size; default: the finest decimal step seen in the prices. Prices off this grid are rounded to it. */
  readonly tickSize?: string;
  /** Lot step; default: the finest decimal step seen in volumes/amounts. Quantities are floored to it. */
  readonly stepSize?: string;
}

interface Loaded {
  readonly symbol: string;
  readonly data: CsvData;
}

/**
 * Replays real history as ticks: a kline becomes 4 ticks walked open → nearer extreme → farther
 * extreme → close at 0/15/30/45 s into the bar, with the bar's volume split across them; a trade
 * becomes one tick. All files are parsed on construction (synchronously).
 */
export class CsvReplaySource implements MarketSource {
  readonly kind = 'replay' as const;
  private readonly insts: Instrument[] = [];
  private readonly streams: TickStream[];
  private readonly loaded: Loaded[];
  private readonly barCache = new Map<string, Kline[]>();

  constructor(options: CsvReplayOptions) {
    if (options.files.length === 0) throw new RangeError('no replay files');
    const raw = options.files.map((file): Loaded => {
      const data = readCsv(file);
      const symbol = (options.symbol ?? data.symbol)?.toUpperCase();
      if (!symbol) throw new RangeError(`cannot tell the symbol of ${file}; pass options.symbol`);
      return { symbol, data };
    });
    for (const symbol of new Set(raw.map((l) => l.symbol))) {
      const mine = raw.filter((l) => l.symbol === symbol);
      const tick = options.tickSize ?? grid(Math.max(...mine.map((l) => l.data.priceScale)));
      const step = options.stepSize ?? grid(Math.max(...mine.map((l) => l.data.qtyScale)));
      this.insts.push(instrumentForReplay(symbol, tick, step));
    }
    this.loaded = raw.map((l) => {
      const inst = this.instrument(l.symbol);
      return { symbol: l.symbol, data: onGrid(l.data, inst.tickSize.normalize(), inst.stepSize.normalize()) };
    });
    this.streams = this.loaded.map(({ symbol, data }) => {
      const inst = this.instrument(symbol);
      const tick = inst.tickSize.normalize();
      const lot = inst.stepSize.normalize();
      return data.kind === 'klines'
        ? new KlineStream(symbol, data.bars, data.intervalMs, tick, lot)
        : new TradeStream(symbol, data.trades, tick, lot);
    });
  }

  instruments(): readonly Instrument[] {
    return this.insts;
  }

  symbols(): string[] {
    return this.insts.map((i) => i.symbol);
  }

  peekTime(): number | null {
    return this.pick()?.peekTime() ?? null;
  }

  next(): MarketTick | null {
    return this.pick()?.next() ?? null;
  }

  /** Back to the first tick. */
  reset(): void {
    for (const s of this.streams) s.reset();
  }

  /** Time of the first tick, or null when the files hold no rows. */
  startTime(): number | null {
    let t: number | null = null;
    for (const l of this.loaded) {
      const first = l.data.kind === 'klines' ? l.data.bars[0]?.openTime : l.data.trades[0]?.time;
      if (first !== undefined && (t === null || first < t)) t = first;
    }
    return t;
  }

  /**
   * The whole history of a symbol (default: the first) as klines, oldest first: the files' own bars,
   * or 1m bars aggregated from trades. This includes the future of the replay: don't show it to a trainee.
   */
  bars(symbol: string = this.symbols()[0] as string): readonly Kline[] {
    let bars = this.barCache.get(symbol);
    if (bars === undefined) {
      bars = this.loaded.filter((l) => l.symbol === symbol).flatMap((l) => barsOf(l.data));
      bars.sort((a, b) => a.openTime - b.openTime);
      this.barCache.set(symbol, bars);
    }
    return bars;
  }

  private instrument(symbol: string): Instrument {
    const inst = this.insts.find((i) => i.symbol === symbol);
    if (!inst) throw new RangeError(`no instrument ${symbol}`);
    return inst;
  }

  /** The stream with the earliest next tick (ties: the earlier file). */
  private pick(): TickStream | null {
    let best: TickStream | null = null;
    let bestTime = Number.POSITIVE_INFINITY;
    for (const s of this.streams) {
      const t = s.peekTime();
      if (t !== null && t < bestTime) {
        best = s;
        bestTime = t;
      }
    }
    return best;
  }
}

/** The grid step of `scale` fractional digits: 2 → '0.01'. */
export function grid(scale: number): string {
  return Decimal.of(1n, scale).toString();
}

/** The data on the instrument's grid (a no-op when tick and step were inferred from it). */
export function onGrid(data: CsvData, tick: Decimal, lot: Decimal): CsvData {
  const p = (d: Decimal): Decimal => snap(d, tick);
  const q = (d: Decimal): Decimal => snap(d, lot, 'floor');
  if (data.kind === 'klines') {
    if (data.priceScale <= tick.scale && data.qtyScale <= lot.scale && tick.raw === 1n && lot.raw === 1n) return data;
    const bars = data.bars.map((b) => ({ ...b, open: p(b.open), high: p(b.high), low: p(b.low), close: p(b.close), volume: q(b.volume) }));
    return { ...data, bars };
  }
  if (data.priceScale <= tick.scale && data.qtyScale <= lot.scale && tick.raw === 1n && lot.raw === 1n) return data;
  return { ...data, trades: data.trades.map((t) => ({ ...t, price: p(t.price), quantity: q(t.quantity) })) };
}
