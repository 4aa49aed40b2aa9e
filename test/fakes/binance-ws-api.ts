import type { WebSocket } from 'ws';
import type { Faults } from './faults.js';
import { authorizeWsParams, type Credentials } from './binance-auth.js';
import { BinanceError } from './binance-errors.js';

type Json = Record<string, unknown>;

interface ApiConn {
  readonly ws: WebSocket;
  /** Active user data stream subscriptions of this connection. */
  readonly subscriptions: Set<number>;
}

const RATE_LIMITS = [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 }];

/**
 * The spot WebSocket API (`/ws-api/v3`), as far as the user data stream needs it: since Binance
 * retired spot listen keys, ccxt subscribes with `userDataStream.subscribe.signature` (signed params)
 * and receives events as {"subscriptionId": n, "event": {...}}. Also `ping`, `time` and
 * `userDataStream.unsubscribe`.
 */
export class SpotWsApi {
  private readonly conns = new Set<ApiConn>();
  private nextSubscription = 0;

  constructor(
    private readonly creds: Credentials,
    private readonly faults: Faults,
    private readonly now: () => number,
  ) {}

  open(ws: WebSocket): void {
    const conn: ApiConn = { ws, subscriptions: new Set() };
    this.conns.add(conn);
    this.faults.track(ws);
    ws.on('close', () => this.conns.delete(conn));
    ws.on('message', (data) => this.request(conn, String(data)));
  }

  pushUser(event: Json): void {
    for (const c of this.conns) {
      for (const id of c.subscriptions) {
        if (c.ws.readyState !== c.ws.OPEN) continue;
        c.ws.send(this.faults.malformed ? '{"subscriptionId":' : JSON.stringify({ subscriptionId: id, event }));
      }
    }
  }

  close(): void {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
  }

  private request(c: ApiConn, text: string): void {
    let msg: { id?: unknown; method?: unknown; params?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      c.ws.send(JSON.stringify({ id: null, status: 400, error: { code: -1100, msg: 'Illegal characters found in a parameter.' } }));
      return;
    }
    const id = msg.id ?? null;
    const ok = (result: unknown) => c.ws.send(JSON.stringify({ id, status: 200, result, rateLimits: RATE_LIMITS }));
    const fail = (e: BinanceError) => c.ws.send(JSON.stringify({ id, status: e.status, error: e.body(), rateLimits: RATE_LIMITS }));
    const params = (typeof msg.params === 'object' && msg.params !== null ? msg.params : {}) as Json;
    try {
      switch (msg.method) {
        case 'ping':
          ok({});
          return;
        case 'time':
          ok({ serverTime: this.now() });
          return;
        case 'userDataStream.subscribe.signature': {
          authorizeWsParams(params, this.creds, this.now());
          const sub = this.nextSubscription++;
          c.subscriptions.add(sub);
          ok({ subscriptionId: sub });
          return;
        }
        case 'userDataStream.unsubscribe': {
          const sub = params['subscriptionId'];
          if (typeof sub === 'number') c.subscriptions.delete(sub);
          else c.subscriptions.clear();
          ok({});
          return;
        }
        case 'userDataStream.subscribe':
          throw new BinanceError(-1002, 'You are not authorized to execute this request.', 401);
        default:
          throw new BinanceError(-1100, `Illegal characters found in parameter 'method'; legal range is 'known method names'.`);
      }
    } catch (error) {
      fail(error instanceof BinanceError ? error : new BinanceError(-1000, String(error), 500));
    }
  }
}
