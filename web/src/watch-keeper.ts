import { watchExchanges, type WatchEntry } from './core/watch.js';
import { api } from './api.js';

/**
 * Keeps the charted (exchange, symbol) on the server's watch list, so WS /ws/multi-symbol streams
 * its positions: when the list (from the stream's `symbols` messages) lacks it, POST /api/symbols/add
 * with the entry's exchanges plus the charted one. A refusal is shown with the server's message.
 */
export class WatchKeeper {
  private list: readonly WatchEntry[] | null = null;
  private want: { exchange: string; symbol: string } | null = null;
  private readonly asking = new Set<string>();

  constructor(private readonly failed: (err: unknown) => void) {}

  /** The pair the page charts now. */
  chart(exchange: string, symbol: string): void {
    this.want = { exchange, symbol };
    this.check();
  }

  /** The watch list as the stream last sent it. */
  seen(list: readonly WatchEntry[]): void {
    this.list = list;
    this.check();
  }

  private check(): void {
    if (!this.list || !this.want) return;
    const { exchange, symbol } = this.want;
    const exchanges = watchExchanges(this.list, exchange, symbol);
    const k = `${exchange}:${symbol}`;
    if (!exchanges || this.asking.has(k)) return;
    this.asking.add(k);
    api
      .watch(symbol, exchanges)
      .then((entry) => {
        this.list = [...(this.list ?? []).filter((e) => e.symbol !== symbol), entry];
      })
      .catch(this.failed)
      .finally(() => this.asking.delete(k));
  }
}
