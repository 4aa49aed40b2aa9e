/** A watched symbol and the exchanges the trader picked for it, in the order picked. */
export interface WatchEntry {
  readonly symbol: string;
  readonly exchanges: readonly string[];
  readonly addedAt: number;
}

/**
 * The persisted watch list (a fresh database starts with BTCUSDT and ETHUSDT on `sim`).
 *
 * @example
 *   store.put({ symbol: 'ETHUSDT', exchanges: ['binance', 'bybit'], addedAt: Date.now() });
 *   store.list(); // oldest first
 */
export interface WatchListStore {
  /** Every entry, in the order they were first added. */
  list(): WatchEntry[];
  /** Inserts or replaces the entry of `entry.symbol` (a replaced entry keeps its place). */
  put(entry: WatchEntry): void;
  /** False when the symbol was not on the list. */
  remove(symbol: string): boolean;
}
