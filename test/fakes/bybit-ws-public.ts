/**
 * Bybit v5 public streams (`/v5/public/linear`, `/v5/public/spot`): subscribe / unsubscribe / ping,
 * and per generator tick the subscribed `tickers.*` (linear: snapshot then deltas of changed fields;
 * spot: snapshots), `publicTrade.*`, `kline.{interval}.*` (the closed bar confirmed when a new one
 * opens) and `orderbook.{depth}.*` (snapshot then level deltas, size "0" removes a level).
 */
import type WebSocket from 'ws';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import type { Faults } from './faults.js';
import type { BybitCore } from './bybit-core.js';
import type { BybitSpec } from './bybit-instruments.js';
import { klineInterval, type PublicTrade } from './bybit-market-data.js';
import { levels, wsKline, wsTrade } from './bybit-market-json.js';
import type { Category } from './bybit-wire.js';
import { newConnId, parseFrame, sendJson, topicArgs, type WsConn } from './bybit-ws-common.js';

type Book = Map<string, string>;

interface Topic {
  readonly name: string;
  readonly kind: 'tickers' | 'publicTrade' | 'kline' | 'orderbook';
  readonly spec: BybitSpec;
  readonly interval?: string;
  readonly depth?: number;
  lastTicker?: Record<string, unknown>;
  book?: { b: Book; a: Book };
  klineStart?: number;
}

interface PublicConn extends WsConn {
  readonly category: Category;
  readonly topics: Map<string, Topic>;
}

const DEPTHS: Readonly<Record<Category, readonly number[]>> = { linear: [1, 50, 200, 500, 1000], spot: [1, 50, 200, 1000] };

export class BybitPublicStreams {
  private readonly conns = new Set<PublicConn>();
  private cs = 1;
  private updateId = 1;

  constructor(
    private readonly core: BybitCore,
    private readonly faults: Faults,
  ) {}

  attach(ws: WebSocket, category: Category): void {
    const conn: PublicConn = { ws, connId: newConnId(), category, topics: new Map() };
    this.conns.add(conn);
    ws.on('close', () => this.conns.delete(conn));
    ws.on('message', (data) => {
      const msg = parseFrame(data);
      if (msg) this.onMessage(conn, msg);
    });
  }

  private onMessage(conn: PublicConn, msg: Record<string, unknown>): void {
    const op = msg.op;
    const reqId = msg.req_id;
    const reply = (success: boolean, retMsg: string): void =>
      sendJson(conn, this.faults, { success, ret_msg: retMsg, conn_id: conn.connId, ...(reqId === undefined ? {} : { req_id: reqId }), op });
    if (op === 'ping') return reply(true, 'pong');
    if (op !== 'subscribe' && op !== 'unsubscribe') return reply(false, `error:invalid op ${String(op)}`);
    const args = topicArgs(msg);
    if (args === null) return reply(false, 'error:args invalid');
    if (op === 'unsubscribe') {
      for (const a of args) conn.topics.delete(a);
      return reply(true, '');
    }
    const parsed: Topic[] = [];
    for (const a of args) {
      const t = this.parseTopic(conn.category, a);
      if (t === null) return reply(false, `error:handler not found,topic:${a}`);
      if (conn.topics.has(a)) return reply(false, `error:already subscribed,topic:${a}`);
      parsed.push(t);
    }
    for (const t of parsed) conn.topics.set(t.name, t);
    reply(true, '');
    for (const t of parsed) if (t.kind === 'tickers' || t.kind === 'orderbook') this.push(conn, t, null);
  }

  private parseTopic(category: Category, name: string): Topic | null {
    const parts = name.split('.');
    const symbol = parts[parts.length - 1] ?? '';
    const spec = this.core.inst.find(category, symbol);
    if (!spec) return null;
    if (parts.length === 2 && (parts[0] === 'tickers' || parts[0] === 'publicTrade')) return { name, kind: parts[0], spec };
    if (parts.length !== 3) return null;
    const arg = parts[1] ?? '';
    if (parts[0] === 'kline') {
      try {
        klineInterval(arg);
      } catch {
        return null;
      }
      return { name, kind: 'kline', spec, interval: arg };
    }
    if (parts[0] === 'orderbook' && DEPTHS[category].includes(Number(arg))) return { name, kind: 'orderbook', spec, depth: Number(arg) };
    return null;
  }

  /** Pushes a generator tick to every subscribed topic of its symbol (unless the feed is silenced). */
  onTick(tick: MarketTick, trade: PublicTrade | null): void {
    if (this.faults.silent) return;
    for (const conn of this.conns) {
      for (const t of conn.topics.values()) if (t.spec.symbol === tick.symbol) this.push(conn, t, trade);
    }
  }

  private push(conn: PublicConn, t: Topic, trade: PublicTrade | null): void {
    const { inst, market } = this.core;
    const now = this.core.now();
    const tick = market.tick(t.spec.symbol);
    const send = (msg: Record<string, unknown>): void => sendJson(conn, this.faults, { topic: t.name, ...msg });
    if (t.kind === 'tickers') {
      const data = this.core.ticker(conn.category, t.spec, true);
      if (conn.category === 'spot' || t.lastTicker === undefined) {
        send({ type: 'snapshot', data, cs: this.cs++, ts: now });
      } else {
        const prev = t.lastTicker;
        const delta = Object.fromEntries(Object.entries(data).filter(([k, v]) => k === 'symbol' || prev[k] !== v));
        if (Object.keys(delta).length > 1) send({ type: 'delta', data: delta, cs: this.cs++, ts: now });
      }
      t.lastTicker = data;
    } else if (t.kind === 'publicTrade') {
      if (trade) send({ type: 'snapshot', ts: now, data: [wsTrade(inst, t.spec, trade)] });
    } else if (t.kind === 'kline') {
      const interval = t.interval ?? '1';
      const bars = market.klines(t.spec.symbol, interval, 2);
      const current = bars[bars.length - 1];
      if (!current) return;
      const data: Record<string, unknown>[] = [];
      const previous = bars[bars.length - 2];
      if (t.klineStart !== undefined && t.klineStart !== current.openTime && previous && previous.openTime === t.klineStart) {
        data.push(wsKline(inst, t.spec, interval, previous, true, now));
      }
      data.push(wsKline(inst, t.spec, interval, current, false, now));
      t.klineStart = current.openTime;
      send({ type: 'snapshot', ts: now, data });
    } else {
      const depth = t.depth ?? 1;
      const b = new Map(levels(inst, t.spec, tick.bids, depth));
      const a = new Map(levels(inst, t.spec, tick.asks, depth));
      const u = this.updateId++;
      const body = (bids: [string, string][], asks: [string, string][]): Record<string, unknown> => ({ s: t.spec.symbol, b: bids, a: asks, u, seq: tick.time });
      if (t.book === undefined) {
        send({ type: 'snapshot', ts: now, data: body([...b], [...a]), cts: tick.time });
      } else {
        const db = diff(t.book.b, b);
        const da = diff(t.book.a, a);
        if (db.length + da.length > 0) send({ type: 'delta', ts: now, data: body(db, da), cts: tick.time });
      }
      t.book = { b, a };
    }
  }
}

/** Level changes from `before` to `after`; a level gone is sent with size "0". */
function diff(before: Book, after: Book): [string, string][] {
  const out: [string, string][] = [];
  for (const [p, q] of after) if (before.get(p) !== q) out.push([p, q]);
  for (const p of before.keys()) if (!after.has(p)) out.push([p, '0']);
  return out;
}
