import { Rejection } from '../../domain/rejection.js';
import type { ServerDeps } from '../deps.js';
import { closeAtMarket, mainScope } from '../order-flow.js';
import { symbolError, type SymbolError } from './watched-quotes.js';

export type CloseTarget = { readonly all: true } | { readonly symbol: string; readonly exchange?: string };

/**
 * Closes at market, one after the other, every open position of the current mode that the target
 * names. A position that cannot be closed does not stop the others; it is reported in `errors`.
 * One symbol with nothing open is a 422; when none of its positions could be closed, the first
 * refusal is the answer.
 */
export async function closeWatched(deps: ServerDeps, target: CloseTarget) {
  const mode = deps.mode();
  const open = deps.engine
    .positions(mode)
    .filter((p) => 'all' in target || (p.symbol === target.symbol && (target.exchange === undefined || p.exchange === target.exchange)));
  if (!('all' in target) && open.length === 0) {
    const where = target.exchange ? ` on ${target.exchange}` : '';
    throw new Rejection('NO_OPEN_POSITION', `no open ${target.symbol} position${where} in ${mode}`, { symbol: target.symbol });
  }
  const orders: Awaited<ReturnType<typeof closeAtMarket>>[] = [];
  const errors: SymbolError[] = [];
  let first: unknown = null;
  for (const p of open) {
    try {
      orders.push(await closeAtMarket(mainScope(deps), p.exchange, p.symbol));
    } catch (err) {
      first ??= err;
      errors.push(symbolError(p.symbol, p.exchange, err));
    }
  }
  if (!('all' in target) && orders.length === 0 && first) throw first;
  return { orders, errors };
}
