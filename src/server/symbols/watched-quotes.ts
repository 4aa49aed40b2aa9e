import { Rejection } from '../../domain/rejection.js';
import type { WatchEntry } from '../../engine/watch-list-store.js';
import type { ServerDeps } from '../deps.js';
import { adapterOf, instrumentOf } from '../routes/plugin.js';
import { quoteView } from '../views.js';

export interface SymbolError {
  readonly symbol: string;
  readonly exchange: string;
  readonly code: string;
  readonly message: string;
}

export const symbolError = (symbol: string, exchange: string, err: unknown): SymbolError =>
  err instanceof Rejection
    ? { symbol, exchange, code: err.code, message: err.message }
    : { symbol, exchange, code: 'EXCHANGE_ERROR', message: err instanceof Error ? err.message : String(err) };

type Quotes = Record<string, ReturnType<typeof quoteView>>;

/**
 * The quote of every (symbol, exchange) of these entries, asked of the exchanges at once (from the
 * live stream when one runs, else one REST request); an exchange that fails is reported, not fatal.
 */
export async function watchedQuotes(deps: ServerDeps, entries: readonly WatchEntry[]): Promise<{ prices: Record<string, Quotes>; errors: SymbolError[] }> {
  const pairs = entries.flatMap((e) => e.exchanges.map((exchange) => ({ symbol: e.symbol, exchange })));
  const settled = await Promise.allSettled(
    pairs.map(async ({ symbol, exchange }) => {
      await instrumentOf(deps, exchange, symbol);
      return adapterOf(deps, exchange).ticker(symbol);
    }),
  );
  const prices: Record<string, Quotes> = Object.fromEntries(entries.map((e) => [e.symbol, {}]));
  const errors: SymbolError[] = [];
  settled.forEach((r, i) => {
    const { symbol, exchange } = pairs[i]!;
    if (r.status === 'fulfilled') prices[symbol]![exchange] = quoteView(r.value);
    else errors.push(symbolError(symbol, exchange, r.reason));
  });
  return { prices, errors };
}
