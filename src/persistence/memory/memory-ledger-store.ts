import { Decimal } from '../../domain/decimal.js';
import type { Fill } from '../../domain/fill.js';
import type { FundingPayment } from '../../domain/funding.js';
import type { ClientOrderId, OrderId, TradingMode } from '../../domain/ids.js';
import { isTerminal, type Order } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { CommitBatch, LedgerStore, OrderFilter, PositionFilter } from '../../engine/ports.js';

/**
 * Newest first, up to `limit`. The engine numbers orders and positions as it creates them and a
 * Map keeps the order keys were first set in, so the maps are in id order already: no sort.
 */
function newestFirst<T>(source: Iterable<T>, keep: (x: T) => boolean, limit: number): T[] {
  const all = [...source];
  const out: T[] = [];
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) if (keep(all[i]!)) out.push(all[i]!);
  return out;
}

/**
 * The LedgerStore port in memory, for a run that needs no file (a backtest): the same commits the
 * SQLite store takes, kept in maps. Durable for the life of the process only, which is what a
 * backtest asks; the engine above it is the one engine, unchanged.
 */
export class MemoryLedgerStore implements LedgerStore {
  private readonly orders = new Map<OrderId, Order>();
  private readonly open = new Map<OrderId, Order>();
  private readonly byClient = new Map<string, Order>();
  private readonly fills = new Map<OrderId, Fill[]>();
  private readonly positions = new Map<string, Position>();
  private readonly openPositions = new Map<string, Position>();
  private lastFill = 0;
  private readonly funding: FundingPayment[] = [];

  commit(batches: readonly CommitBatch[]): void {
    for (const b of batches) {
      for (const o of b.orders) {
        this.orders.set(o.id, o);
        // The engine's own client ids (st-<id>) are found by the id itself (compared in place: no text built per order).
        if (!isOwnClientId(o)) this.byClient.set(`${o.mode}|${o.exchange}|${o.clientOrderId}`, o);
        if (!isTerminal(o.status)) this.open.set(o.id, o);
        else if (this.open.size !== 0) this.open.delete(o.id);
      }
      for (const p of b.positions) {
        this.positions.set(p.id, p);
        if (p.closedAt === null) this.openPositions.set(p.id, p);
        else this.openPositions.delete(p.id);
      }
      for (const f of b.fills) {
        const list = this.fills.get(f.orderId);
        if (list) list.push(f);
        else this.fills.set(f.orderId, [f]);
        this.lastFill = Math.max(this.lastFill, Number(f.id));
      }
      for (const f of b.funding ?? []) this.funding.push(f);
    }
  }

  loadOpenOrders(): Order[] {
    return newestFirst(this.open.values(), () => true, Infinity).reverse();
  }

  loadOpenPositions(): Position[] {
    return newestFirst(this.openPositions.values(), () => true, Infinity).reverse();
  }

  lastIds(): { order: number; fill: number; position: number } {
    // Read at start-up and after a failed commit only: the maps' last keys are the highest ids.
    const last = (m: Map<string, unknown>): number => {
      let id = 0;
      for (const k of m.keys()) id = Math.max(id, Number(k));
      return id;
    };
    return { order: last(this.orders), fill: this.lastFill, position: last(this.positions) };
  }

  findOrder(id: OrderId): Order | null {
    return this.orders.get(id) ?? null;
  }

  findOrderByClientId(mode: TradingMode, exchange: string, id: ClientOrderId): Order | null {
    const found = this.byClient.get(`${mode}|${exchange}|${id}`);
    if (found) return found;
    const own = /^st-(\d+)$/.exec(id);
    const o = own ? this.orders.get(own[1] as OrderId) : undefined;
    return o && o.clientOrderId === id && o.mode === mode && o.exchange === exchange ? o : null;
  }

  listOrders(filter: OrderFilter): Order[] {
    const source = filter.status === 'open' ? this.open.values() : this.orders.values();
    return newestFirst(source, (o) => matches(o, filter), filter.limit ?? 500);
  }

  fillsOf(orderId: OrderId): Fill[] {
    return [...(this.fills.get(orderId) ?? [])];
  }

  listPositions(filter: PositionFilter): Position[] {
    const status = filter.status ?? 'open';
    const source = status === 'open' ? this.openPositions.values() : this.positions.values();
    return newestFirst(source, (p) => matches(p, filter) && (status !== 'closed' || p.closedAt !== null), filter.limit ?? 500);
  }

  ledgerTotals(): { mode: TradingMode; realized: Decimal; fees: Decimal }[] {
    const sums = new Map<TradingMode, { mode: TradingMode; realized: Decimal; fees: Decimal }>();
    for (const p of this.positions.values()) {
      const t = sums.get(p.mode) ?? { mode: p.mode, realized: Decimal.ZERO, fees: Decimal.ZERO };
      sums.set(p.mode, { mode: p.mode, realized: t.realized.add(p.realizedPnl), fees: t.fees.add(p.feesPaid) });
    }
    const paid = new Map<TradingMode, Decimal>();
    for (const f of this.funding) paid.set(f.mode, (paid.get(f.mode) ?? Decimal.ZERO).add(f.amount));
    return [...sums.values()].map((t) => ({ ...t, funding: paid.get(t.mode) ?? Decimal.ZERO }));
  }

  listFunding(filter: { mode?: TradingMode; symbol?: string; limit?: number }): FundingPayment[] {
    return this.funding.filter((f) => (filter.mode === undefined || f.mode === filter.mode) && (filter.symbol === undefined || f.symbol === filter.symbol)).slice(0, filter.limit ?? 10_000);
  }
}

/** clientOrderId === `st-${id}`. */
function isOwnClientId(o: Order): boolean {
  const c = o.clientOrderId;
  return c.length === o.id.length + 3 && c.startsWith('st-') && c.endsWith(o.id);
}

function matches(x: { mode: TradingMode; exchange: string; symbol: string }, f: { mode?: TradingMode; exchange?: string; symbol?: string }): boolean {
  return (f.mode === undefined || x.mode === f.mode) && (f.exchange === undefined || x.exchange === f.exchange) && (f.symbol === undefined || x.symbol === f.symbol);
}
