import type { Decimal } from '../../domain/decimal.js';
import type { Kline, MarketTick } from './market-types.js';
import type { CsvTrade } from './csv-bars.js';
import { KlineTicks, TradeTicks, type IndexedTicks } from './indexed-ticks.js';

export { TICKS_PER_BAR, barPath, barTimes, splitLots } from './indexed-ticks.js';

/** One file's ticks in time order. */
export interface TickStream {
  peekTime(): number | null;
  next(): MarketTick | null;
  reset(): void;
}

/** Walks an IndexedTicks from the first tick (the replay feed's way of reading a file). */
class IndexedStream implements TickStream {
  private i = 0;

  constructor(readonly ticks: IndexedTicks) {}

  peekTime(): number | null {
    return this.i < this.ticks.length ? this.ticks.timeAt(this.i) : null;
  }

  next(): MarketTick | null {
    return this.i < this.ticks.length ? this.ticks.tickAt(this.i++) : null;
  }

  reset(): void {
    this.i = 0;
  }
}

export class KlineStream extends IndexedStream {
  constructor(symbol: string, bars: readonly Kline[], intervalMs: number, tick: Decimal, lot: Decimal) {
    super(new KlineTicks(symbol, bars, intervalMs, tick, lot));
  }
}

export class TradeStream extends IndexedStream {
  constructor(symbol: string, trades: readonly CsvTrade[], tick: Decimal, lot: Decimal) {
    super(new TradeTicks(symbol, trades, tick, lot));
  }
}
