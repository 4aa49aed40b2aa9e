import { Decimal } from '../../domain/decimal.js';
import type { Fill } from '../../domain/fill.js';
import type { FundingPayment } from '../../domain/funding.js';
import { positionId, type ClientOrderId, type OrderId, type TradingMode } from '../../domain/ids.js';
import type { Order } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import type { CommitBatch, LedgerStore, OrderFilter, PositionFilter } from '../../engine/ports.js';
import type { SqliteDb } from './database.js';
import { SqliteWriterThread, type WriteOp } from './writer-thread.js';
import { messagesOfEvents } from '../../domain/notifications/event-messages.js';
import { DELIVERY_INSERT, OUTBOX_INSERT, outboxRow } from './sqlite-outbox.js';
import {
  fillToRow,
  journalEntry,
  orderToRow,
  positionToRow,
  rowToFill,
  rowToOrder,
  rowToPosition,
  type FillRow,
  type JournalEntry,
  type OrderRow,
  type PositionRow,
} from './rows.js';

// Positional parameters: better-sqlite3 binds them about 3× faster than named ones.
const upsert = (table: string, cols: readonly string[]): string =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
   ON CONFLICT (id) DO UPDATE SET ${cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;
const values = <R extends object>(row: R, cols: readonly (keyof R & string)[]): unknown[] => cols.map((c) => row[c]);

const ORDER_COLS: readonly (keyof OrderRow & string)[] = ['id', 'client_order_id', 'mode', 'exchange', 'symbol', 'side', 'type', 'time_in_force', 'quantity', 'price', 'stop_price', 'reduce_only', 'take_profit', 'stop_loss', 'has_bracket', 'parent_id', 'status', 'filled_quantity', 'cum_quote', 'triggered', 'reject_code', 'reject_reason', 'created_at', 'updated_at'];
const FILL_COLS: readonly (keyof FillRow & string)[] = ['id', 'order_id', 'mode', 'exchange', 'symbol', 'side', 'price', 'quantity', 'fee', 'fee_asset', 'liquidity', 'realized_pnl', 'position_id', 'time'];
const POSITION_COLS: readonly (keyof PositionRow & string)[] = ['id', 'mode', 'exchange', 'symbol', 'quantity', 'cost', 'realized_pnl', 'fees_paid', 'open_side', 'entry_quantity', 'entry_value', 'exit_quantity', 'exit_value', 'opened_at', 'updated_at', 'closed_at'];

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

interface FundingRow {
  position_id: number;
  time: number;
  mode: TradingMode;
  exchange: string;
  symbol: string;
  rate: string;
  mark_price: string;
  quantity: string;
  amount: string;
}

/** The statements a commit runs, in the order of `WriteOp`'s index. */
const WRITE_SQL: readonly string[] = [
  upsert('orders', ORDER_COLS),
  upsert('positions', POSITION_COLS),
  `INSERT INTO fills (${FILL_COLS.join(', ')}) VALUES (${FILL_COLS.map(() => '?').join(', ')})`,
  'INSERT INTO journal (time, events) VALUES (?, ?)',
  OUTBOX_INSERT,
  DELIVERY_INSERT,
  'INSERT INTO funding_payments (position_id, time, mode, exchange, symbol, rate, mark_price, quantity, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
];
const [ORDER, POSITION, FILL, JOURNAL, OUTBOX, DELIVERY, FUNDING] = [0, 1, 2, 3, 4, 5, 6] as const;

/** The channels that send a notification of `kind`; null: nobody wants it (not even the browser), so it is not written. */
export type OutboxRouting = (kind: string) => readonly string[] | null;

/**
 * The rows of one group commit, in the order they are written (orders first: fills reference them).
 * A group commit may touch the same row many times (one position, many fills): only the last
 * version of each order and position is written, every fill once, and one journal row.
 */
function writeOps(batches: readonly CommitBatch[], outbox: OutboxRouting | null): WriteOp[] {
  const orders = new Map<string, Order>();
  const positions = new Map<string, Position>();
  for (const b of batches) {
    for (const o of b.orders) orders.set(o.id, o);
    for (const p of b.positions) positions.set(p.id, p);
  }
  const fills: unknown[][] = [];
  for (const b of batches) for (const f of b.fills) fills.push(values(fillToRow(f), FILL_COLS));
  const events = batches.flatMap((b) => b.events);
  const notes: unknown[][] = [];
  const deliveries: unknown[][] = [];
  if (outbox) {
    for (const m of messagesOfEvents(events)) {
      const channels = outbox(m.kind);
      if (channels === null) continue;
      notes.push(outboxRow(m, channels.length ? 'sending' : 'done'));
      for (const c of channels) deliveries.push([c, m.dedupKey]);
    }
  }
  return [
    [ORDER, [...orders.values()].map((o) => values(orderToRow(o), ORDER_COLS))],
    [POSITION, [...positions.values()].map((p) => values(positionToRow(p), POSITION_COLS))],
    [FILL, fills],
    [JOURNAL, events.length ? [[events[0]!.time, JSON.stringify(events.map(journalEntry))]] : []],
    // The notifications these events give, with their deliveries, in the same transaction: a fill is
    // told exactly when it is booked, and the main thread writes nothing before sending it.
    [OUTBOX, notes],
    [DELIVERY, deliveries],
    [FUNDING, batches.flatMap((b) => (b.funding ?? []).map((f) => [Number(f.positionId), f.time, f.mode, f.exchange, f.symbol, f.rate.toString(), f.markPrice.toString(), f.quantity.toString(), f.amount.toString()]))],
  ];
}

/**
 * The ledger in SQLite: one transaction per engine unit of work (or per group commit). With a
 * writer thread, `commitLater` runs that transaction on the thread's own connection and the
 * main thread only builds its rows; reads stay on `db` (WAL: they see every committed transaction).
 */
export class SqliteLedgerStore implements LedgerStore {
  private readonly commitTx: (ops: readonly WriteOp[]) => void;
  private readonly stmts;
  private readonly writer: SqliteWriterThread | null;
  /**
   * Which notifications of their events commits write (a kind some channel is switched on for): the
   * main ledger's; a practice session's writes none. Null: none.
   */
  private readonly outbox: OutboxRouting | null;

  constructor(
    private readonly db: SqliteDb,
    opts: { writerThread?: boolean; sync?: 'NORMAL' | 'FULL'; outbox?: OutboxRouting } = {},
  ) {
    this.outbox = opts.outbox ?? null;
    const write = WRITE_SQL.map((sql) => db.prepare(sql));
    this.stmts = {
      findOrder: db.prepare('SELECT * FROM orders WHERE id = ?'),
      findByClient: db.prepare('SELECT * FROM orders WHERE mode = ? AND exchange = ? AND client_order_id = ?'),
      fillsOf: db.prepare('SELECT * FROM fills WHERE order_id = ? ORDER BY id'),
    };
    this.commitTx = db.transaction((ops: readonly WriteOp[]) => {
      for (const [k, rows] of ops) for (const r of rows) write[k]!.run(r);
    });
    this.writer = opts.writerThread ? new SqliteWriterThread(db, WRITE_SQL, opts.sync) : null;
    if (!this.writer) this.commitLater = undefined;
  }

  commit(batches: readonly CommitBatch[]): void {
    this.commitTx(writeOps(batches, this.outbox));
  }

  commitLater?: (batches: readonly CommitBatch[]) => Promise<void> = (batches) => this.writer!.run(writeOps(batches, this.outbox));

  /** Waits for the writer thread's transactions in flight and stops it (nothing when there is none). */
  async closeWriter(): Promise<void> {
    await this.writer?.stop();
  }

  loadOpenOrders(): Order[] {
    return (this.db.prepare("SELECT * FROM orders WHERE status IN ('NEW', 'PARTIALLY_FILLED') ORDER BY id").all() as OrderRow[]).map(rowToOrder);
  }

  loadOpenPositions(): Position[] {
    return (this.db.prepare('SELECT * FROM positions WHERE closed_at IS NULL ORDER BY id').all() as PositionRow[]).map(rowToPosition);
  }

  lastIds(): { order: number; fill: number; position: number } {
    const max = (table: string): number => (this.db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number) ?? 0;
    return { order: max('orders'), fill: max('fills'), position: max('positions') };
  }

  findOrder(id: OrderId): Order | null {
    if (!/^\d{1,15}$/.test(id)) return null;
    const row = this.stmts.findOrder.get(Number(id)) as OrderRow | undefined;
    return row ? rowToOrder(row) : null;
  }

  findOrderByClientId(mode: TradingMode, exchange: string, id: ClientOrderId): Order | null {
    const row = this.stmts.findByClient.get(mode, exchange, id) as OrderRow | undefined;
    return row ? rowToOrder(row) : null;
  }

  listOrders(filter: OrderFilter): Order[] {
    const w = where({ mode: filter.mode, exchange: filter.exchange, symbol: filter.symbol }, filter.status === 'open' ? ["status IN ('NEW', 'PARTIALLY_FILLED')"] : []);
    const rows = this.db.prepare(`SELECT * FROM orders ${w.sql} ORDER BY id DESC LIMIT ?`).all(...w.params, filter.limit ?? 500) as OrderRow[];
    return rows.map(rowToOrder);
  }

  fillsOf(orderId: OrderId): Fill[] {
    return (this.stmts.fillsOf.all(Number(orderId)) as FillRow[]).map(rowToFill);
  }

  listPositions(filter: PositionFilter): Position[] {
    const status = filter.status ?? 'open';
    const extra = status === 'open' ? ['closed_at IS NULL'] : status === 'closed' ? ['closed_at IS NOT NULL'] : [];
    const w = where({ mode: filter.mode, exchange: filter.exchange, symbol: filter.symbol }, extra);
    const rows = this.db.prepare(`SELECT * FROM positions ${w.sql} ORDER BY id DESC LIMIT ?`).all(...w.params, filter.limit ?? 500) as PositionRow[];
    return rows.map(rowToPosition);
  }

  ledgerTotals(): { mode: TradingMode; realized: Decimal; fees: Decimal }[] {
    const sums = new Map<TradingMode, { mode: TradingMode; realized: Decimal; fees: Decimal }>();
    const rows = this.db.prepare('SELECT mode, realized_pnl, fees_paid FROM positions').iterate() as Iterable<{ mode: TradingMode; realized_pnl: string; fees_paid: string }>;
    for (const r of rows) {
      const t = sums.get(r.mode) ?? { mode: r.mode, realized: Decimal.ZERO, fees: Decimal.ZERO };
      sums.set(r.mode, { ...t, realized: t.realized.add(Decimal.parse(r.realized_pnl)), fees: t.fees.add(Decimal.parse(r.fees_paid)) });
    }
    const funding = new Map<TradingMode, Decimal>();
    for (const r of this.db.prepare('SELECT mode, amount FROM funding_payments').iterate() as Iterable<{ mode: TradingMode; amount: string }>) {
      funding.set(r.mode, (funding.get(r.mode) ?? Decimal.ZERO).add(Decimal.parse(r.amount)));
    }
    return [...sums.values()].map((t) => ({ ...t, funding: funding.get(t.mode) ?? Decimal.ZERO }));
  }

  listFunding(filter: { mode?: TradingMode; symbol?: string; limit?: number }): FundingPayment[] {
    const w = where({ mode: filter.mode, symbol: filter.symbol }, []);
    const rows = this.db.prepare(`SELECT * FROM funding_payments ${w.sql} ORDER BY time, position_id LIMIT ?`).all(...w.params, filter.limit ?? 10_000) as FundingRow[];
    return rows.map((r) => ({
      mode: r.mode,
      exchange: r.exchange,
      symbol: r.symbol,
      positionId: positionId(String(r.position_id)),
      time: r.time,
      rate: Decimal.parse(r.rate),
      markPrice: Decimal.parse(r.mark_price),
      quantity: Decimal.parse(r.quantity),
      amount: Decimal.parse(r.amount),
    }));
  }

  /** The journal's events, oldest first, each with the seq of the unit of work it was part of. */
  events(afterSeq = 0, limit = 1000): { seq: number; event: JournalEntry }[] {
    const rows = this.db.prepare('SELECT seq, events FROM journal WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as { seq: number; events: string }[];
    return rows.flatMap((r) => (JSON.parse(r.events) as JournalEntry[]).map((event) => ({ seq: r.seq, event })));
  }
}
