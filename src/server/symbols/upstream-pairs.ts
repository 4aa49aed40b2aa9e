import type { WatchEntry } from '../../engine/watch-list-store.js';
import type { ServerDeps } from '../deps.js';
import { instrumentOf } from '../routes/plugin.js';
import { symbolError, type SymbolError } from './watched-quotes.js';

interface Pair {
  readonly exchange: string;
  readonly symbol: string;
  state: 'connecting' | 'subscribed' | 'failed';
  release: (() => void) | null;
  failedAt: number;
}

export const pairKey = (exchange: string, symbol: string): string => `${exchange}|${symbol}`;

const RETRY_FAILED_MS = 10_000;

/**
 * One upstream subscription per watched (exchange, symbol), held while the multi-symbol stream has
 * clients. A pair's exchange is connected first when it is not (the trader picked it); an
 * adapter keeps its subscriptions across a disconnect and restarts them when it is connected again.
 */
export class UpstreamPairs {
  private readonly pairs = new Map<string, Pair>();

  constructor(
    private readonly deps: ServerDeps,
    private readonly onFailure: (e: SymbolError) => void,
  ) {}

  has(exchange: string, symbol: string): boolean {
    return this.pairs.has(pairKey(exchange, symbol));
  }

  keys(): IterableIterator<string> {
    return this.pairs.keys();
  }

  /** Subscribes what the entries add, releases what they no longer hold. */
  follow(entries: readonly WatchEntry[]): void {
    const wanted = new Set(entries.flatMap((e) => e.exchanges.map((x) => pairKey(x, e.symbol))));
    for (const [key, p] of this.pairs) {
      if (wanted.has(key)) continue;
      p.release?.();
      this.pairs.delete(key);
    }
    for (const e of entries) {
      for (const exchange of e.exchanges) {
        const key = pairKey(exchange, e.symbol);
        if (this.pairs.has(key)) continue;
        const p: Pair = { exchange, symbol: e.symbol, state: 'connecting', release: null, failedAt: 0 };
        this.pairs.set(key, p);
        void this.open(p, true);
      }
    }
  }

  /** Periodic care: failed pairs are retried. */
  check(now = Date.now()): void {
    for (const p of this.pairs.values()) {
      if (p.state === 'failed' && now - p.failedAt >= RETRY_FAILED_MS) {
        p.state = 'connecting';
        void this.open(p, !(this.deps.exchanges.get(p.exchange)?.info().connected ?? false));
      }
    }
  }

  close(): void {
    for (const p of this.pairs.values()) p.release?.();
    this.pairs.clear();
  }

  private async open(p: Pair, connect: boolean): Promise<void> {
    try {
      if (connect) await instrumentOf(this.deps, p.exchange, p.symbol);
      if (this.pairs.get(pairKey(p.exchange, p.symbol)) !== p) return; // removed meanwhile
      p.release = this.deps.exchanges.get(p.exchange)!.subscribe(p.symbol);
      p.state = 'subscribed';
    } catch (err) {
      p.state = 'failed';
      p.failedAt = Date.now();
      this.onFailure(symbolError(p.symbol, p.exchange, err));
    }
  }
}
