import type { DomainEvent } from '../../domain/events.js';
import type { Fill } from '../../domain/fill.js';
import type { ClientOrderId, OrderId, TradingMode } from '../../domain/ids.js';
import type { Order } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { CommitBatch, LedgerStore, OrderFilter, PositionFilter } from '../../engine/ports.js';
import type { SqliteDb } from './database.js';
import { fillToRow, orderToRow, positionToRow, rowToFill, rowToOrder, rowToPosition, type FillRow, type OrderRow, type PositionRow } from './rows.js';

const upsert = (table: string, cols: string[]): string =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})
   ON CONFLICT (id) DO UPDATE SET ${cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;

function where(filter: Record<string, unknown>, extra: string[] = []): { sql: string; params: unknown[] } {
  const clauses = [...extra];
  const params: unknown[] = [];
  for (const [col, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    clauses.push(`${col} = ?`);
    params.push(value);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The ledger in SQLite: one transaction per engine unit of work. */
export class SqliteLedgerStore implements LedgerStore {
  private readonly commitTx: (batch: CommitBatch) => void;
  private readonly stmts;

  constructor(private readonly db: SqliteDb) {
    const orderCols = ['id', 'seq', 'client_order_id', 'mode', 'exchange', 'symbol', 'side', 'type', 'time_in_force', 'quantity', 'price', 'stop_price', 'reduce_only', 'take_profit', 'stop_loss', 'has_bracket', 'parent_id', 'status', 'filled_quantity', 'cum_quote', 'triggered', 'reject_code', 'reject_reason', 'created_at', 'updated_at'];
    const fillCols = ['id', 'seq', 'order_id', 'mode', 'exchange', 'symbol', 'side', 'price', 'quantity', 'fee', 'fee_asset', 'liquidity', 'realized_pnl', 'position_id', 'time'];
    const positionCols = ['id', 'seq', 'mode', 'exchange', 'symbol', 'quantity', 'cost', 'realized_pnl', 'fees_paid', 'open_side', 'entry_quantity', 'entry_value', 'exit_quantity', 'exit_value', 'opened_at', 'updated_at', 'closed_at'];
    this.stmts = {
      order: db.prepare(upsert('orders', orderCols)),
      fill: db.prepare(`INSERT INTO fills (${fillCols.join(', ')}) VALUES (${fillCols.map((c) => '@' + c).join(', ')})`),
      position: db.prepare(upsert('positions', positionCols)),
      event: db.prepare('INSERT INTO events (type, time, payload) VALUES (?, ?, ?)'),
      findOrder: db.prepare('SELECT * FROM orders WHERE id = ?'),
      findByClient: db.prepare('SELECT * FROM orders WHERE mode = ? AND exchange = ? AND client_order_id = ?'),
      fillsOf: db.prepare('SELECT * FROM fills WHERE order_id = ? ORDER BY seq'),
    };
    this.commitTx = db.transaction((batch: CommitBatch) => {
      // Orders first: fills reference them.
      for (const o of batch.orders) this.stmts.order.run(orderToRow(o));
      for (const p of batch.positions) this.stmts.position.run(positionToRow(p));
      for (const f of batch.fills) this.stmts.fill.run(fillToRow(f));
      for (const e of batch.events) this.stmts.event.run(e.type, e.time, JSON.stringify(e));
    });
  }

  commit(batch: CommitBatch): void {
    this.commitTx(batch);
  }

  loadOpenOrders(): Order[] {
    return (this.db.prepare("SELECT * FROM orders WHERE status IN ('NEW', 'PARTIALLY_FILLED') ORDER BY seq").all() as OrderRow[]).map(rowToOrder);
  }

  loadOpenPositions(): Position[] {
    return (this.db.prepare('SELECT * FROM positions WHERE closed_at IS NULL ORDER BY seq').all() as PositionRow[]).map(rowToPosition);
  }

  lastIds(): { order: number; fill: number; position: number } {
    const max = (table: string): number => (this.db.prepare(`SELECT COALESCE(MAX(seq), 0) FROM ${table}`).pluck().get() as number) ?? 0;
    return { order: max('orders'), fill: max('fills'), position: max('positions') };
  }

  findOrder(id: OrderId): Order | null {
    const row = this.stmts.findOrder.get(id) as OrderRow | undefined;
    return row ? rowToOrder(row) : null;
  }

  findOrderByClientId(mode: TradingMode, exchange: string, id: ClientOrderId): Order | null {
    const row = this.stmts.findByClient.get(mode, exchange, id) as OrderRow | undefined;
    return row ? rowToOrder(row) : null;
  }

  listOrders(filter: OrderFilter): Order[] {
    const w = where({ mode: filter.mode, exchange: filter.exchange, symbol: filter.symbol }, filter.status === 'open' ? ["status IN ('NEW', 'PARTIALLY_FILLED')"] : []);
    const rows = this.db.prepare(`SELECT * FROM orders ${w.sql} ORDER BY seq DESC LIMIT ?`).all(...w.params, filter.limit ?? 500) as OrderRow[];
    return rows.map(rowToOrder);
  }

  fillsOf(orderId: OrderId): Fill[] {
    return (this.stmts.fillsOf.all(orderId) as FillRow[]).map(rowToFill);
  }

  listPositions(filter: PositionFilter): Position[] {
    const status = filter.status ?? 'open';
    const extra = status === 'open' ? ['closed_at IS NULL'] : status === 'closed' ? ['closed_at IS NOT NULL'] : [];
    const w = where({ mode: filter.mode, exchange: filter.exchange, symbol: filter.symbol }, extra);
    const rows = this.db.prepare(`SELECT * FROM positions ${w.sql} ORDER BY seq DESC LIMIT ?`).all(...w.params, filter.limit ?? 500) as PositionRow[];
    return rows.map(rowToPosition);
  }

  /** The journal, oldest first (for audits and tests). */
  events(afterSeq = 0, limit = 1000): { seq: number; event: DomainEvent }[] {
    const rows = this.db.prepare('SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as { seq: number; payload: string }[];
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as DomainEvent }));
  }
}
