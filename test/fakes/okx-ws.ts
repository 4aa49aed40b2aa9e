/**
 * The fake OKX's WebSocket endpoints (v5): `/ws/v5/public` (tickers, trades, books5, bbo-tbt),
 * `/ws/v5/business` (candle1m…candle1D) and `/ws/v5/private` (login, then the `orders` channel).
 * Text `ping` is answered `pong`; `{"op":"subscribe","args":[{channel, instId | instType}]}` with
 * `{"event":"subscribe","arg":…,"connId":…}` or `{"event":"error","code":"60018",…}`. Pushes are
 * `{"arg":…,"data":[…]}` per generator tick (none while the feed is silenced) and per order change.
 */
import type WebSocket from 'ws';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import type { Faults } from './faults.js';
import { newConnId, sendJson, type WsConn } from './bybit-ws-common.js';
import { checkWsLogin } from './okx-auth.js';
import type { OkxCore } from './okx-core.js';
import type { OkxSpec } from './okx-instruments.js';
import type { PublicTrade } from './okx-market.js';
import { wsOrderJson } from './okx-order-json.js';
import type { OkxOrder } from './okx-orders.js';
import { CODE } from './okx-wire.js';

export type WsGroup = 'public' | 'private' | 'business';

interface Sub {
  readonly arg: Record<string, unknown>;
  readonly channel: string;
  readonly spec: OkxSpec | null;
}

interface Conn extends WsConn {
  readonly group: WsGroup;
  readonly demo: boolean;
  readonly subs: Map<string, Sub>;
  loggedIn: boolean;
}

const PUBLIC = new Set(['tickers', 'trades', 'books5', 'bbo-tbt']);
const CANDLES: Readonly<Record<string, string>> = { candle1m: '1m', candle3m: '3m', candle5m: '5m', candle15m: '15m', candle30m: '30m', candle1H: '1h', candle4H: '4h', candle1D: '1d' };
const INST_TYPES = new Set(['ANY', 'SWAP', 'SPOT', 'MARGIN', 'FUTURES', 'OPTION']);

export class OkxStreams {
  private readonly conns = new Set<Conn>();

  constructor(
    private readonly core: OkxCore,
    private readonly faults: Faults,
  ) {
    core.orders.on((o) => this.onOrder(o));
  }

  attach(ws: WebSocket, group: WsGroup, demo: boolean): void {
    const conn: Conn = { ws, connId: newConnId().slice(0, 8), group, demo, subs: new Map(), loggedIn: false };
    this.conns.add(conn);
    ws.on('close', () => this.conns.delete(conn));
    ws.on('message', (data) => {
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      if (text === 'ping') {
        if (ws.readyState === ws.OPEN) ws.send('pong');
        return;
      }
      let msg: unknown;
      try {
        msg = JSON.parse(text);
      } catch {
        return this.error(conn, CODE.WS_INVALID_REQUEST, `Invalid request: ${text.slice(0, 100)}`);
      }
      if (msg && typeof msg === 'object' && !Array.isArray(msg)) this.onMessage(conn, msg as Record<string, unknown>);
      else this.error(conn, CODE.WS_INVALID_REQUEST, `Invalid request: ${text.slice(0, 100)}`);
    });
  }

  private error(conn: Conn, code: string, msg: string, id?: unknown): void {
    sendJson(conn, this.faults, { ...(id === undefined ? {} : { id }), event: 'error', code, msg, connId: conn.connId });
  }

  private onMessage(conn: Conn, msg: Record<string, unknown>): void {
    const op = msg.op;
    if (op === 'login') {
      if (conn.group === 'public') return this.error(conn, CODE.WS_INVALID_REQUEST, 'Invalid request: login on a public channel');
      const refused = checkWsLogin(msg.args, this.core.keys, this.core.now()) ?? (conn.demo !== this.core.keys.demo ? { code: CODE.WS_LOGIN_FAILED, msg: 'Login failed.' } : null);
      if (refused) return this.error(conn, refused.code, refused.msg);
      conn.loggedIn = true;
      return sendJson(conn, this.faults, { event: 'login', code: '0', msg: '', connId: conn.connId });
    }
    if (op !== 'subscribe' && op !== 'unsubscribe') return this.error(conn, CODE.WS_INVALID_REQUEST, `Invalid request: {"op":"${String(op)}"}`, msg.id);
    const args = msg.args;
    if (!Array.isArray(args) || args.length === 0) return this.error(conn, CODE.WS_INVALID_REQUEST, 'Invalid request: args', msg.id);
    for (const a of args as Record<string, unknown>[]) {
      const key = JSON.stringify(a);
      if (op === 'unsubscribe') {
        conn.subs.delete(key);
        sendJson(conn, this.faults, { event: 'unsubscribe', arg: a, connId: conn.connId });
        continue;
      }
      const sub = this.parse(conn, a);
      if (typeof sub === 'string') {
        this.error(conn, sub === CODE.WS_NOT_LOGGED_IN ? sub : CODE.WS_CHANNEL_UNKNOWN, sub === CODE.WS_NOT_LOGGED_IN ? 'Please log in' : `Wrong URL or channel:${String(a?.channel)},instId:${String(a?.instId)} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`, msg.id);
        continue;
      }
      conn.subs.set(key, sub);
      sendJson(conn, this.faults, { ...(msg.id === undefined ? {} : { id: msg.id }), event: 'subscribe', arg: a, connId: conn.connId });
      if (sub.spec && sub.channel !== 'trades') this.push(conn, sub, null);
    }
  }

  /** The subscription, or the error code that refuses it. */
  private parse(conn: Conn, a: Record<string, unknown>): Sub | string {
    const channel = typeof a?.channel === 'string' ? a.channel : '';
    if (conn.group === 'private') {
      if (!conn.loggedIn) return CODE.WS_NOT_LOGGED_IN;
      if (channel !== 'orders' || !INST_TYPES.has(String(a.instType))) return CODE.WS_CHANNEL_UNKNOWN;
      const spec = a.instId === undefined ? null : (this.core.inst.find(String(a.instId)) ?? null);
      if (a.instId !== undefined && !spec) return CODE.WS_CHANNEL_UNKNOWN;
      return { arg: { ...a, uid: '44705892343619584' }, channel, spec };
    }
    const spec = this.core.inst.find(typeof a.instId === 'string' ? a.instId : undefined);
    if (!spec) return CODE.WS_CHANNEL_UNKNOWN;
    const ok = conn.group === 'public' ? PUBLIC.has(channel) : channel in CANDLES;
    return ok ? { arg: a, channel, spec } : CODE.WS_CHANNEL_UNKNOWN;
  }

  /** Each generator tick: every public and business subscription of its symbol. */
  onTick(tick: MarketTick, trade: PublicTrade | null): void {
    if (this.faults.silent) return;
    for (const conn of this.conns) {
      if (conn.group === 'private') continue;
      for (const s of conn.subs.values()) if (s.spec?.symbol === tick.symbol) this.push(conn, s, trade);
    }
  }

  private push(conn: Conn, s: Sub, trade: PublicTrade | null): void {
    const spec = s.spec!;
    const m = this.core.market;
    const send = (data: unknown[]) => sendJson(conn, this.faults, { arg: s.arg, data });
    if (s.channel === 'tickers') return send([m.ticker(spec)]);
    if (s.channel === 'trades') return trade ? send([m.tradeJson(spec, trade)]) : undefined;
    if (s.channel === 'books5' || s.channel === 'bbo-tbt') {
      const depth = s.channel === 'books5' ? 5 : 1;
      const t = m.tick(spec.symbol);
      return send([{ asks: m.levels(spec, t.asks, depth), bids: m.levels(spec, t.bids, depth), instId: spec.instId, ts: String(t.time), seqId: t.time }]);
    }
    const bar = Object.entries({ candle1m: '1m', candle3m: '3m', candle5m: '5m', candle15m: '15m', candle30m: '30m', candle1H: '1H', candle4H: '4H', candle1D: '1Dutc' }).find(([c]) => c === s.channel)?.[1];
    if (bar) send(m.candles(spec, bar, 1));
  }

  private onOrder(o: OkxOrder): void {
    for (const conn of this.conns) {
      if (conn.group !== 'private') continue;
      for (const s of conn.subs.values()) {
        const type = String(s.arg.instType);
        if ((type === 'ANY' || type === o.spec.instType) && (!s.spec || s.spec === o.spec)) sendJson(conn, this.faults, { arg: s.arg, data: [wsOrderJson(o)] });
      }
    }
  }
}
