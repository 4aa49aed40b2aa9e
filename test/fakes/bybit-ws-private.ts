/**
 * Bybit v5 private streams: `/v5/private` (auth, then `order`, `execution`, `position`, `wallet`
 * topics, also their `.spot` / `.linear` forms, pushed whenever the fake's orders change) and
 * `/v5/trade` (auth, then `order.create` / `order.cancel` over the socket).
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import type { Faults } from './faults.js';
import { positionJson, walletJson } from './bybit-account-json.js';
import { checkWsAuth } from './bybit-auth.js';
import type { BybitCore } from './bybit-core.js';
import { executionJson, orderJson } from './bybit-order-json.js';
import type { OrderEvent } from './bybit-orders.js';
import { BybitError, type Params } from './bybit-wire.js';
import { newConnId, parseFrame, sendJson, topicArgs, type WsConn } from './bybit-ws-common.js';

interface PrivateConn extends WsConn {
  readonly trade: boolean;
  authed: boolean;
  readonly topics: Set<string>;
}

const BASE_TOPICS = ['order', 'execution', 'execution.fast', 'position', 'wallet', 'greeks', 'dcp'];
const CATEGORY_TOPICS = ['order', 'execution', 'position'].flatMap((t) => ['spot', 'linear', 'inverse', 'option'].map((c) => `${t}.${c}`));
const TOPICS = new Set([...BASE_TOPICS, ...CATEGORY_TOPICS]);

export class BybitPrivateStreams {
  private readonly conns = new Set<PrivateConn>();

  constructor(
    private readonly core: BybitCore,
    private readonly faults: Faults,
  ) {
    core.orders.on((e) => this.onEvent(e));
  }

  attach(ws: WebSocket, trade: boolean): void {
    const conn: PrivateConn = { ws, connId: newConnId(), trade, authed: false, topics: new Set() };
    this.conns.add(conn);
    ws.on('close', () => this.conns.delete(conn));
    ws.on('message', (data) => {
      const msg = parseFrame(data);
      if (msg) this.onMessage(conn, msg);
    });
  }

  private onMessage(conn: PrivateConn, msg: Record<string, unknown>): void {
    const op = msg.op;
    const reqId = msg.req_id;
    const withReq = reqId === undefined ? {} : { req_id: reqId };
    const reply = (success: boolean, retMsg: string): void =>
      sendJson(conn, this.faults, { success, ret_msg: retMsg, conn_id: conn.connId, ...withReq, op });
    if (op === 'ping') {
      if (conn.trade) return sendJson(conn, this.faults, { retCode: 0, retMsg: 'OK', op: 'pong', data: [String(this.core.now())], connId: conn.connId });
      return sendJson(conn, this.faults, { ...withReq, op: 'pong', args: [String(this.core.now())], conn_id: conn.connId });
    }
    if (op === 'auth') {
      const refused = checkWsAuth(msg.args, this.core.keys, this.core.now());
      conn.authed = refused === null;
      if (conn.trade) return sendJson(conn, this.faults, { retCode: refused === null ? 0 : 10004, retMsg: refused ?? 'OK', op: 'auth', connId: conn.connId });
      return reply(refused === null, refused ?? '');
    }
    if (conn.trade && (op === 'order.create' || op === 'order.cancel')) return this.tradeOp(conn, op, msg);
    if (conn.trade || (op !== 'subscribe' && op !== 'unsubscribe')) return reply(false, `error:invalid op ${String(op)}`);
    if (!conn.authed) return reply(false, 'Request not authorized');
    const args = topicArgs(msg);
    if (args === null) return reply(false, 'error:args invalid');
    const bad = args.find((a) => !TOPICS.has(a));
    if (bad !== undefined) return reply(false, `error:handler not found,topic:${bad}`);
    for (const a of args) {
      if (op === 'subscribe') conn.topics.add(a);
      else conn.topics.delete(a);
    }
    reply(true, '');
  }

  private tradeOp(conn: PrivateConn, op: 'order.create' | 'order.cancel', msg: Record<string, unknown>): void {
    const reqId = msg.reqId;
    const now = this.core.now();
    const header = { 'X-Bapi-Limit': '10', 'X-Bapi-Limit-Status': '9', 'X-Bapi-Limit-Reset-Timestamp': String(now + 1000), Traceid: randomUUID(), Timenow: String(now) };
    const answer = (retCode: number, retMsg: string, data: Record<string, unknown>): void =>
      sendJson(conn, this.faults, { reqId, retCode, retMsg, op, data, header, connId: conn.connId });
    if (!conn.authed) return answer(10003, 'Request not authorized', {});
    const args = msg.args;
    const params = Array.isArray(args) && args[0] !== null && typeof args[0] === 'object' ? (args[0] as Params) : null;
    if (params === null) return answer(10001, 'params error: args invalid', {});
    try {
      const o = op === 'order.create' ? this.core.orders.create(params) : this.core.orders.cancel(params);
      answer(0, 'OK', { orderId: o.orderId, orderLinkId: o.orderLinkId });
    } catch (e) {
      if (!(e instanceof BybitError)) throw e;
      answer(e.retCode, e.retMsg, {});
    }
  }

  private onEvent(e: OrderEvent): void {
    const { inst, account } = this.core;
    let base: string;
    let category: string | null = null;
    let data: () => Record<string, unknown>[];
    if (e.type === 'order') {
      base = 'order';
      category = e.order.category;
      data = () => [orderJson(inst, e.order, true)];
    } else if (e.type === 'execution') {
      base = 'execution';
      category = e.execution.category;
      data = () => [executionJson(inst, e.execution, true)];
    } else if (e.type === 'position') {
      base = 'position';
      category = 'linear';
      const spec = inst.get('linear', e.symbol);
      data = () => [positionJson(account, inst, spec, account.position(e.symbol), this.core.mark(e.symbol), true)];
    } else {
      base = 'wallet';
      data = () => [walletJson(account, (c) => this.core.usd(c))];
    }
    const names = category === null ? [base] : [base, `${base}.${category}`];
    if (base === 'execution') names.push('execution.fast');
    let payload: Record<string, unknown>[] | null = null;
    for (const conn of this.conns) {
      if (!conn.authed) continue;
      for (const topic of names) {
        if (!conn.topics.has(topic)) continue;
        payload ??= data();
        sendJson(conn, this.faults, { id: randomUUID(), topic, creationTime: this.core.now(), data: payload });
      }
    }
  }
}
