import { Decimal } from '../domain/decimal.js';
import type { Position } from '../domain/position.js';
import type { AccountView } from './risk-engine.js';

export interface AccountSummary extends AccountView {
  readonly realized: Decimal;
  readonly fees: Decimal;
  readonly unrealized: Decimal;
}

/**
 * One mode's account from the ledger: equity = starting cash + Σ realized − Σ fees + Σ funding + the open
 * positions' unrealized PnL at their marks (a position without a mark counts no unrealized PnL).
 * Where the venues report the account's cash themselves (live trading: the exchanges' wallets),
 * `cash` replaces starting cash + realized − fees; null: they have not reported it yet
 * (`equityKnown` false, the ledger's figure stands in); undefined: the ledger is the account.
 */
export function accountSummary(
  start: Decimal,
  totals: { readonly realized: Decimal; readonly fees: Decimal; readonly funding?: Decimal },
  open: Iterable<Position>,
  mark: (exchange: string, symbol: string) => Decimal | null,
  cash?: Decimal | null,
): AccountSummary {
  const positions = new Map<string, { quantity: Decimal; mark: Decimal | null }>();
  let unrealized = Decimal.ZERO;
  for (const p of open) {
    const m = mark(p.exchange, p.symbol);
    positions.set(`${p.exchange}|${p.symbol}`, { quantity: p.quantity, mark: m });
    if (m) unrealized = unrealized.add(p.quantity.mul(m).sub(p.cost));
  }
  return {
    equity: (cash ?? start.add(totals.realized).sub(totals.fees).add(totals.funding ?? Decimal.ZERO)).add(unrealized),
    equityKnown: cash !== null,
    positions,
    realized: totals.realized,
    fees: totals.fees,
    unrealized,
  };
}
