/**
 * The fake Coinbase's Advanced Trade WebSocket (`wss://advanced-trade-ws.coinbase.com`):
 * `{"type":"subscribe","product_ids":[…],"channel":…,"jwt"?}` for `ticker`, `ticker_batch`,
 * `level2` (pushed as `l2_data`: a snapshot, then changed levels, 0 for a level gone),
 * `market_trades`, `heartbeats` (every second) and `user` (JWT required: a snapshot of open orders,
 * then every order change). Each message is `{channel, client_id, timestamp, sequence_num, events}`;
 * a refused subscription is `{"type":"error","message":…}`. Market pushes stop while the feed is
 * silenced.
 */
import type WebSocket from 'ws';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import type { Faults } from './faults.js';
import { parseFrame, sendJson, type WsConn } from './bybit-ws-common.js';
import { checkJwt, type CoinbaseKeys } from './coinbase-auth.js';
import { wsOrderJson } from './coinbase-json.js';
import type { CoinbaseMarket, CoinbaseProduct, PublicTrade } from './coinbase-market.js';
import type { CoinbaseOrder, CoinbaseOrders } from './coinbase-orders.js';
import { iso, txt } from './coinbase-wire.js';

const MARKET = new Set(['ticker', 'ticker_batch', 'level2', 'market_trades', 'heartbeats']);

interface Conn extends WsConn {
  /** channel → product ids ('' for user without products). */
  readonly subs: Map<string, Set<string>>;
  /** The book levels last sent, per product: `side:price` → size. */
  readonly books: Map<string, Map<string, string>>;
  seq: number;
  heartbeat: ReturnType<typeof setInterval> | null;
  beats: number;
}

export class CoinbaseStreams {
  private readonly conns = new Set<Conn>();

  constructor(
    private readonly market: CoinbaseMarket,
    private readonly orders: CoinbaseOrders,
    private readonly keys: CoinbaseKeys,
    private readonly faults: Faults,
    private readonly now: () => number,
  ) {
    orders.on((o) => this.onOrder(o));
  }

  attach(ws: WebSocket): void {
    const conn: Conn = { ws, connId: '', subs: new Map(), books: new Map(), seq: 0, heartbeat: null, beats: 0 };
    this.conns.add(conn);
    ws.on('close', () => {
      if (conn.heartbeat) clearInterval(conn.heartbeat);
      this.conns.delete(conn);
    });
    ws.on('message', (data) => {
      const msg = parseFrame(data);
      if (!msg) return this.error(conn, 'failure to parse the message');
      this.onMessage(conn, msg);
    });
  }

  private send(conn: Conn, channel: string, events: unknown[]): void {
    sendJson(conn, this.faults, { channel, client_id: '', timestamp: iso(this.now()), sequence_num: conn.seq++, events });
  }

  private error(conn: Conn, message: string): void {
    sendJson(conn, this.faults, { type: 'error', message });
  }

  private onMessage(conn: Conn, msg: Record<string, unknown>): void {
    const type = msg.type;
    const channel = typeof msg.channel === 'string' ? msg.channel : '';
    if (type !== 'subscribe' && type !== 'unsubscribe') return this.error(conn, `unknown message type ${String(type)}`);
    if (!MARKET.has(channel) && channel !== 'user') return this.error(conn, `Failed to subscribe: unknown channel ${channel}`);
    const ids = Array.isArray(msg.product_ids) ? msg.product_ids.map(String) : [];
    const products = ids.map((id) => this.market.find(id));
    if (products.some((p) => p === null)) return this.error(conn, 'Failed to subscribe: invalid product_ids');
    if (channel !== 'user' && channel !== 'heartbeats' && ids.length === 0) return this.error(conn, 'Failed to subscribe: product_ids is required');
    if (channel === 'user') {
      const refused = checkJwt(typeof msg.jwt === 'string' ? msg.jwt : undefined, this.keys, this.now(), null);
      if (refused) return this.error(conn, 'authentication failure');
    }
    const set = conn.subs.get(channel) ?? new Set<string>();
    if (type === 'unsubscribe') {
      for (const id of ids) set.delete(id);
      if (set.size === 0 || ids.length === 0) conn.subs.delete(channel);
    } else {
      for (const id of ids.length ? ids : ['']) set.add(id);
      conn.subs.set(channel, set);
    }
    this.send(conn, 'subscriptions', [{ subscriptions: Object.fromEntries([...conn.subs].map(([c, s]) => [c, [...s].filter((x) => x !== '')])) }]);
    if (type === 'unsubscribe') return;
    if (channel === 'heartbeats' && !conn.heartbeat) {
      conn.heartbeat = setInterval(() => {
        if (this.faults.silent) return;
        this.send(conn, 'heartbeats', [{ current_time: new Date(this.now()).toISOString(), heartbeat_counter: String(++conn.beats) }]);
      }, 1_000);
      conn.heartbeat.unref();
    }
    if (channel === 'user') {
      const open = this.orders.all().filter((o) => o.status === 'OPEN' && (ids.length === 0 || ids.includes(o.product.id)));
      return this.send(conn, 'user', [{ type: 'snapshot', orders: open.map(wsOrderJson), positions: { perpetual_futures_positions: [], expiring_futures_positions: [] } }]);
    }
    for (const p of products as CoinbaseProduct[]) {
      if (!this.market.feed.lastTick(p.symbol)) continue;
      if (channel === 'ticker' || channel === 'ticker_batch') this.send(conn, channel, [{ type: 'snapshot', tickers: [this.tickerJson(p)] }]);
      if (channel === 'level2') this.pushBook(conn, p, true);
      if (channel === 'market_trades') {
        const recent = (this.market.ticker(p, 50).trades as unknown[]) ?? [];
        this.send(conn, 'market_trades', [{ type: 'snapshot', trades: recent }]);
      }
    }
  }

  private tickerJson(p: CoinbaseProduct): Record<string, unknown> {
    const t = this.market.tick(p);
    const day = this.market.dayStats(p);
    return {
      type: 'ticker',
      product_id: p.id,
      price: txt(t.last),
      volume_24_h: txt(day.volume),
      low_24_h: txt(day.low),
      high_24_h: txt(day.high),
      low_52_w: txt(day.low),
      high_52_w: txt(day.high),
      price_percent_chg_24_h: '0',
      best_bid: txt(t.bid),
      best_bid_quantity: txt(t.bids[0]?.quantity),
      best_ask: txt(t.ask),
      best_ask_quantity: txt(t.asks[0]?.quantity),
    };
  }

  /** level2: the whole book as a snapshot, then only the levels that changed (0: gone). */
  private pushBook(conn: Conn, p: CoinbaseProduct, snapshot: boolean): void {
    const t = this.market.tick(p);
    const at = iso(t.time);
    const now = new Map<string, string>();
    for (const l of t.bids) now.set(`bid:${txt(l.price)}`, txt(l.quantity));
    for (const l of t.asks) now.set(`offer:${txt(l.price)}`, txt(l.quantity));
    const before = snapshot ? new Map<string, string>() : (conn.books.get(p.id) ?? new Map<string, string>());
    const updates: Record<string, string>[] = [];
    const level = (key: string, qty: string) => {
      const [side, price] = key.split(':') as [string, string];
      updates.push({ side, event_time: at, price_level: price, new_quantity: qty });
    };
    for (const [k, q] of now) if (before.get(k) !== q) level(k, q);
    for (const k of before.keys()) if (!now.has(k)) level(k, '0');
    conn.books.set(p.id, now);
    if (snapshot || updates.length) this.send(conn, 'l2_data', [{ type: snapshot ? 'snapshot' : 'update', product_id: p.id, updates }]);
  }

  /** Each generator tick: every market subscription of a product trading at its prices. */
  onTick(tick: MarketTick, trade: PublicTrade | null): void {
    if (this.faults.silent) return;
    for (const conn of this.conns) {
      for (const [channel, ids] of conn.subs) {
        if (channel === 'user' || channel === 'heartbeats') continue;
        for (const id of ids) {
          const p = this.market.find(id);
          if (!p || p.symbol !== tick.symbol) continue;
          if (channel === 'ticker' || channel === 'ticker_batch') this.send(conn, channel, [{ type: 'update', tickers: [this.tickerJson(p)] }]);
          else if (channel === 'level2') this.pushBook(conn, p, false);
          else if (channel === 'market_trades' && trade) this.send(conn, 'market_trades', [{ type: 'update', trades: [this.market.tradeJson(p, trade)] }]);
        }
      }
    }
  }

  private onOrder(o: CoinbaseOrder): void {
    for (const conn of this.conns) {
      const ids = conn.subs.get('user');
      if (ids && (ids.has('') || ids.has(o.product.id))) this.send(conn, 'user', [{ type: 'update', orders: [wsOrderJson(o)] }]);
    }
  }
}

