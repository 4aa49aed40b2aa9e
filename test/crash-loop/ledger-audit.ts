import Database from 'better-sqlite3';
import { Decimal } from '../../src/domain/decimal.js';
import type { FillJson, OrderJson } from '../server/harness.js';
import type { Sent } from './trader-load.js';

interface OrderRow { id: number; client_order_id: string; mode: string; symbol: string; side: string; type: string; quantity: string; price: string | null; status: string; filled_quantity: string; parent_id: number | null; reduce_only: number }
interface FillRow { id: number; order_id: number; side: string; price: string; quantity: string; fee: string; liquidity: string; realized_pnl: string; position_id: number; time: number }
interface PositionRow { id: number; mode: string; exchange: string; symbol: string; quantity: string; realized_pnl: string; fees_paid: string; closed_at: number | null }

export interface Ledger {
  readonly orders: Map<string, OrderRow>;
  readonly fills: FillRow[];
  readonly positions: PositionRow[];
}

const D = (x: string | number) => Decimal.parse(x);
const sum = (xs: Iterable<Decimal>) => [...xs].reduce((a, b) => a.add(b), Decimal.ZERO);
const signed = (side: string, q: string) => (side === 'BUY' ? D(q) : D(q).neg());

/** The simulation-mode ledger as the SQLite file holds it (read-only; exact decimal strings). */
export function readLedger(file: string): Ledger {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const orders = db.prepare("SELECT * FROM orders WHERE mode = 'simulation'").all() as OrderRow[];
    const fills = db.prepare("SELECT * FROM fills WHERE mode = 'simulation' ORDER BY id").all() as FillRow[];
    const positions = db.prepare("SELECT * FROM positions WHERE mode = 'simulation' ORDER BY id").all() as PositionRow[];
    return { orders: new Map(orders.map((o) => [String(o.id), o])), fills, positions };
  } finally {
    db.close();
  }
}

/** Σ realized − Σ fees over every fill: what the cash moved by, exactly. */
export const cashMove = (l: Ledger): Decimal => sum(l.fills.map((f) => D(f.realized_pnl))).sub(sum(l.fills.map((f) => D(f.fee))));

/** Every way the ledger disagrees with itself or with what the clients were told; empty when it is whole. */
export function auditLedger(l: Ledger, log: readonly Sent[]): string[] {
  const problems: string[] = [];
  const fail = (p: string) => problems.length < 30 && problems.push(p);
  const fillsById = new Map(l.fills.map((f) => [String(f.id), f]));
  const byOrder = new Map<string, FillRow[]>();
  for (const f of l.fills) byOrder.set(String(f.order_id), [...(byOrder.get(String(f.order_id)) ?? []), f]);

  // What the clients were told: each acknowledged order (and close, and cancel) is there, as told.
  for (const s of log) {
    if (s.status === null || s.status < 200 || s.status > 299 || s.op === 'read') continue;
    const ack = s.json as OrderJson;
    const row = l.orders.get(ack.order_id);
    if (!row) {
      fail(`acknowledged ${s.op} ${ack.order_id} (${ack.client_order_id}) is not in the ledger`);
      continue;
    }
    const same = row.client_order_id === ack.client_order_id && row.symbol === ack.symbol && row.side === ack.side && row.type === ack.type && D(row.quantity).eq(D(ack.quantity)) && (row.price === null ? ack.price === null : ack.price !== null && D(row.price).eq(D(ack.price)));
    if (!same) fail(`order ${ack.order_id} differs from its acknowledgement: ${JSON.stringify(row)} vs ${JSON.stringify(ack).slice(0, 300)}`);
    if (ack.status === 'FILLED' || ack.status === 'CANCELED') {
      if (row.status !== ack.status || !D(row.filled_quantity).eq(D(ack.filled_quantity))) fail(`order ${ack.order_id} was acknowledged ${ack.status} ${ack.filled_quantity}, the ledger says ${row.status} ${row.filled_quantity}`);
    } else if (D(row.filled_quantity).lt(D(ack.filled_quantity))) fail(`order ${ack.order_id} lost fills: acknowledged ${ack.filled_quantity}, ledger ${row.filled_quantity}`);
    for (const f of ack.fills ?? []) {
      const r = fillsById.get(f.fill_id);
      const eq = (a: string, b: number) => D(a).eq(D(b));
      if (!r || String(r.order_id) !== ack.order_id || r.side !== f.side || !eq(r.price, f.price) || !eq(r.quantity, f.quantity) || !eq(r.fee, f.fee) || !eq(r.realized_pnl, f.realized_pnl) || r.liquidity !== f.liquidity || r.time !== f.time) {
        fail(`acknowledged fill ${f.fill_id} of order ${ack.order_id} is not in the ledger as told: ${JSON.stringify(r ?? null)} vs ${JSON.stringify(f satisfies FillJson)}`);
      }
    }
    if (s.op === 'close') {
      const told = D((s.json as { realized_pnl: number }).realized_pnl);
      const booked = sum((byOrder.get(ack.order_id) ?? []).map((f) => D(f.realized_pnl)));
      if (!told.eq(booked.rescale(8))) fail(`close ${ack.order_id} was told realized ${told.toString()}, its fills book ${booked.toString()}`);
    }
  }

  // The ledger with itself: every order is the sum of its fills, exactly.
  const sentCids = new Set(log.flatMap((s) => (typeof s.body?.client_order_id === 'string' ? [s.body.client_order_id] : [])));
  for (const [id, o] of l.orders) {
    const filled = sum((byOrder.get(id) ?? []).map((f) => D(f.quantity)));
    if (!filled.eq(D(o.filled_quantity))) fail(`order ${id}: filled_quantity ${o.filled_quantity}, Σ fills ${filled.toString()}`);
    if (o.status === 'FILLED' && !filled.eq(D(o.quantity))) fail(`order ${id} FILLED with ${filled.toString()} of ${o.quantity}`);
    if (!sentCids.has(o.client_order_id) && o.parent_id === null && o.reduce_only !== 1) fail(`order ${id} (${o.client_order_id}) is neither one a client sent, a bracket leg nor a close`);
  }
  const positionIds = new Set(l.positions.map((p) => p.id));
  for (const f of l.fills) if (!positionIds.has(f.position_id)) fail(`fill ${f.id} belongs to no position (${f.position_id})`);
  for (const p of l.positions) if (p.closed_at !== null && !D(p.quantity).isZero()) fail(`position ${p.id} is closed with quantity ${p.quantity}`);
  // A fill that reverses a position closes one and opens the next (its fee split between them), so
  // the sums hold per symbol: the open position is the net of every fill; realized and fees add up.
  for (const symbol of new Set(l.positions.map((p) => p.symbol))) {
    const fills = l.fills.filter((f) => l.positions.find((p) => p.id === f.position_id)?.symbol === symbol);
    const positions = l.positions.filter((p) => p.symbol === symbol);
    const open = positions.filter((p) => p.closed_at === null);
    if (open.length > 1) fail(`${symbol} has ${open.length} open positions`);
    const net = sum(fills.map((f) => signed(f.side, f.quantity)));
    const openQty = open.length ? D(open[0]!.quantity) : Decimal.ZERO;
    if (!net.eq(openQty)) fail(`${symbol}: open position ${openQty.toString()}, Σ signed fills ${net.toString()}`);
    const realized = [sum(positions.map((p) => D(p.realized_pnl))), sum(fills.map((f) => D(f.realized_pnl)))];
    if (!realized[0]!.eq(realized[1]!)) fail(`${symbol}: Σ positions' realized ${realized[0]!.toString()}, Σ fills' ${realized[1]!.toString()}`);
    const fees = [sum(positions.map((p) => D(p.fees_paid))), sum(fills.map((f) => D(f.fee)))];
    if (!fees[0]!.eq(fees[1]!)) fail(`${symbol}: Σ positions' fees ${fees[0]!.toString()}, Σ fills' ${fees[1]!.toString()}`);
  }
  return problems;
}
