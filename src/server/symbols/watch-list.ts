import { Rejection } from '../../domain/rejection.js';
import type { WatchEntry, WatchListStore } from '../../engine/watch-list-store.js';
import type { ServerDeps } from '../deps.js';
import { instrumentOf } from '../routes/plugin.js';

export type WatchListListener = (entries: readonly WatchEntry[]) => void;

/**
 * The watch list as the server uses it: the persisted entries (through the store port), the rules
 * for adding and removing, and a change signal so open streams follow without a reconnect.
 */
export class WatchList {
  private readonly listeners = new Set<WatchListListener>();
  private entries: WatchEntry[];

  constructor(
    private readonly deps: ServerDeps,
    private readonly store: WatchListStore,
  ) {
    this.entries = store.list();
  }

  list(): readonly WatchEntry[] {
    return this.entries;
  }

  get(symbol: string): WatchEntry | null {
    return this.entries.find((e) => e.symbol === symbol) ?? null;
  }

  /** The entry, or a 404 that says how to add it. */
  require(symbol: string): WatchEntry {
    const e = this.get(symbol);
    if (!e) throw new Rejection('SYMBOL_NOT_WATCHED', `${symbol} is not on the watch list; add it with POST /api/symbols/add`, { symbol });
    return e;
  }

  /**
   * Adds the symbol on these exchanges (each must list it: the exchange is connected to find out),
   * or adds the exchanges to an entry already there, keeping its order and its added_at.
   */
  async add(symbol: string, exchanges: readonly string[]): Promise<WatchEntry> {
    for (const exchange of exchanges) await instrumentOf(this.deps, exchange, symbol);
    const before = this.get(symbol);
    const merged = [...new Set([...(before?.exchanges ?? []), ...exchanges])];
    const entry: WatchEntry = { symbol, exchanges: merged, addedAt: before?.addedAt ?? Date.now() };
    this.store.put(entry);
    this.changed();
    return this.require(symbol);
  }

  /** Refused while a position in the symbol is open (in any mode, on any exchange), unless forced. */
  remove(symbol: string, force: boolean): void {
    this.require(symbol);
    const open = this.deps.engine.positions().filter((p) => p.symbol === symbol);
    if (open.length && !force) {
      const where = open.map((p) => `${p.exchange} (${p.mode})`).join(', ');
      throw new Rejection('SYMBOL_HAS_OPEN_POSITION', `${symbol} has an open position on ${where}: close it first, or remove with ?force=true`, {
        symbol,
        positions: open.map((p) => ({ exchange: p.exchange, mode: p.mode, position_id: p.id })),
      });
    }
    this.store.remove(symbol);
    this.changed();
  }

  /** The exchange an order in the symbol goes to: the one asked for (if picked for it), else its first. */
  exchangeFor(symbol: string, asked: string | undefined): string {
    const e = this.require(symbol);
    if (asked === undefined) return e.exchanges[0]!;
    if (!e.exchanges.includes(asked)) {
      throw new Rejection('EXCHANGE_NOT_WATCHED', `${symbol} is watched on ${e.exchanges.join(', ')}, not on ${asked}; add it there with POST /api/symbols/add`, {
        symbol,
        exchange: asked,
      });
    }
    return asked;
  }

  onChange(listener: WatchListListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.entries = this.store.list();
    for (const l of this.listeners) l(this.entries);
  }
}
