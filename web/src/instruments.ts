import type { SymbolInfo } from './core/api-types.js';
import { api } from './api.js';

/**
 * The instruments of each exchange (GET /api/exchanges/{exchange}/symbols), read once per exchange:
 * the symbol list, quantity presets, price rounding, and the tick each panel formats prices with.
 */
class Instruments {
  private readonly lists = new Map<string, SymbolInfo[]>();
  private readonly loading = new Map<string, Promise<SymbolInfo[]>>();

  of(exchange: string): Promise<SymbolInfo[]> {
    const have = this.lists.get(exchange);
    if (have) return Promise.resolve(have);
    let p = this.loading.get(exchange);
    if (!p) {
      p = api.symbols(exchange).then(
        (list) => {
          this.lists.set(exchange, list);
          this.loading.delete(exchange);
          return list;
        },
        (err: unknown) => {
          this.loading.delete(exchange);
          throw err;
        },
      );
      this.loading.set(exchange, p);
    }
    return p;
  }

  /** Sets an exchange's list without asking the server (a practice session's one instrument). */
  put(exchange: string, list: SymbolInfo[]): void {
    this.lists.set(exchange, list);
  }

  /** Loads the exchanges not read yet; one that cannot be read is left out (its prices show 2 decimals). */
  async load(exchanges: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(exchanges)].filter((e) => !this.lists.has(e)).map((e) => this.of(e).catch(() => [])));
  }

  /** The tick size of a symbol already loaded, else null. */
  tick(exchange: string, symbol: string): number | null {
    return this.lists.get(exchange)?.find((s) => s.symbol === symbol)?.tick_size ?? null;
  }
}

export const instruments = new Instruments();
export type TickOf = (exchange: string, symbol: string) => number | null;
export const tickOf: TickOf = (exchange, symbol) => instruments.tick(exchange, symbol);
