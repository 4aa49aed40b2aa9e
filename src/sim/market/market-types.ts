import type { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Side } from '../../domain/ids.js';

export interface BookLevel {
  readonly price: Decimal;
  readonly quantity: Decimal;
}

/** One market update of one symbol: a trade printed at `last` and the book around it. */
export interface MarketTick {
  readonly symbol: string;
  readonly time: number;
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly last: Decimal;
  /** Size of the trade printed at `last`; zero for a quote-only update. */
  readonly tradeQuantity: Decimal;
  /** Taker side of that trade. */
  readonly aggressor: Side;
  /** A few levels of depth, best first (bids descending, asks ascending). */
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /**
   * The venue's mark price, where its feed streams one (Binance USDⓈ-M `<symbol>@markPrice@1s`,
   * Bybit's linear `tickers.*` markPrice); absent elsewhere, where `markOf` takes the mid or last.
   */
  readonly mark?: Decimal;
}

export interface Kline {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
}

/**
 * Where the `sim` exchange's market comes from: a seeded generator or a replay of real history.
 * Pull-based and deterministic: the same source settings give the same ticks, whatever the wall clock.
 */
export interface MarketSource {
  readonly kind: 'generator' | 'replay';
  instruments(): readonly Instrument[];
  /** The next tick (of any of its symbols), in time order, or null when a replay has ended. */
  next(): MarketTick | null;
  /** Time of the tick `next()` would return, or null at the end. */
  peekTime(): number | null;
}
