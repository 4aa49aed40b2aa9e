/** An entry of the server's watch list (GET /api/symbols, `symbols` messages of WS /ws/multi-symbol). */
export interface WatchEntry {
  symbol: string;
  exchanges: string[];
  added_at: number;
}

/**
 * The exchanges to watch `symbol` on so that `exchange` is streamed: the entry's own plus
 * `exchange`, or null when it is already watched there.
 */
export function watchExchanges(list: readonly WatchEntry[], exchange: string, symbol: string): string[] | null {
  const e = list.find((x) => x.symbol === symbol);
  if (e?.exchanges.includes(exchange)) return null;
  return [...(e?.exchanges ?? []), exchange];
}
