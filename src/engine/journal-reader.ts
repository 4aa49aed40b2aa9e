import type { Fill } from '../domain/fill.js';
import type { OrderId, TradingMode } from '../domain/ids.js';
import { journalTrades, type JournalTrade } from '../domain/journal.js';
import type { Order } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { ExcursionReader } from './excursion-tracker.js';
import type { LedgerStore } from './ports.js';

export interface JournalRead {
  /** Closed trades, oldest exit first. */
  readonly trades: JournalTrade[];
  /** Positions still open: not entries yet. */
  readonly open: Position[];
}

const ALL = 1_000_000_000;

/** The journal of one mode (and symbol) of any ledger, from its store and its excursions. */
export function readJournal(store: LedgerStore, excursions: ExcursionReader, filter: { mode: TradingMode; symbol?: string }): JournalRead {
  const positions = store.listPositions({ mode: filter.mode, symbol: filter.symbol, status: 'all', limit: ALL });
  const closed = positions.filter((p) => p.closedAt !== null);
  const orderList = store.listOrders({ mode: filter.mode, symbol: filter.symbol, status: 'all', limit: ALL });
  // Loops, not map/filter/flatMap: a ledger's every order passes here (a backtest's tens of thousands).
  const orders = new Map<OrderId, Order>();
  const fills: Fill[] = [];
  for (const o of orderList) {
    orders.set(o.id, o);
    if (o.filledQuantity.sign() > 0) for (const f of store.fillsOf(o.id)) fills.push(f);
  }
  fills.sort((a, b) => Number(a.id) - Number(b.id));
  const trades = journalTrades({ positions: closed, fills, orders, excursions: excursions.excursions(closed.map((p) => p.id)) });
  return { trades, open: positions.filter((p) => p.closedAt === null) };
}
