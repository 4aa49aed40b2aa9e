import type { WebSocket } from 'ws';
import type { BookLevel } from '../../src/sim/market/market-types.js';
import type { Faults } from './faults.js';
import type { SymbolSpec, Venue } from './binance-format.js';
import type { ListenKeys } from './binance-listen-keys.js';
import type { BinanceMarket, MarketEvent } from './binance-market.js';
import {
  bookTickerEvent,
  diffDepthEvent,
  klineEvent,
  markPriceEvent,
  partialDepthEvent,
  STREAM_RE,
  tickerEvent,
  tradeEvent,
} from './binance-stream-payloads.js';

type Json = Record<string, unknown>;

interface Conn {
  readonly ws: WebSocket;
  readonly venue: Venue;
  /** `/stream` connections wrap every message as {"stream": name, "data": payload}. */
  readonly combined: boolean;
  readonly streams: Set<string>;
  /** The listen key of a user data stream carried by this connection, if any. */
  userKey: string | null;
}

/**
 * Binance's WebSocket streams (`/ws/...` raw, `/stream?streams=...` combined) for both venues:
 * SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY requests, market
 * pushes on every generator tick, and user data events for connections opened with a listen key.
 */
export class StreamHub {
  private readonly conns = new Set<Conn>();
  private readonly prevBook = new Map<string, { bids: readonly BookLevel[]; asks: readonly BookLevel[] }>();
  private readonly lastKlineOpen = new Map<string, number>();
  /** When each mark-price stream last pushed: Binance sends it every 1 s (`@1s`) or 3 s, not per trade. */
  private readonly lastMarkPush = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly market: BinanceMarket,
    private readonly faults: Faults,
    private readonly keys: ListenKeys,
    private readonly now: () => number,
  ) {
    this.unsubscribe = market.onEvent((e) => this.onMarket(e));
    keys.onClose = (key) => this.expire(key);
  }

  /** Adopts an upgraded socket; `initial` are the streams (or a listen key) named in the URL. */
  open(ws: WebSocket, venue: Venue, combined: boolean, initial: string[]): void {
    const conn: Conn = { ws, venue, combined, streams: new Set(), userKey: null };
    for (const name of initial) {
      if (STREAM_RE.test(name)) conn.streams.add(name);
      else if (this.keys.venueOf(name, this.now()) === venue) conn.userKey = name;
    }
    this.conns.add(conn);
    this.faults.track(ws);
    const ping = setInterval(() => ws.ping(), venue === 'spot' ? 20_000 : 180_000);
    ping.unref();
    ws.on('close', () => {
      clearInterval(ping);
      this.conns.delete(conn);
    });
    ws.on('message', (data) => this.request(conn, String(data)));
  }

  /** Pushes a user data event to the connections holding a live listen key of `venue`. */
  pushUser(venue: Venue, event: Json): void {
    for (const c of this.conns) {
      if (c.venue !== venue || c.userKey === null) continue;
      this.send(c, c.userKey, event);
    }
  }

  close(): void {
    this.unsubscribe();
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
  }

  private expire(key: string): void {
    for (const c of this.conns) {
      if (c.userKey !== key) continue;
      this.send(c, key, { e: 'listenKeyExpired', E: this.now(), listenKey: key });
      c.userKey = null;
    }
  }

  private request(c: Conn, text: string): void {
    let msg: { method?: unknown; params?: unknown; id?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      c.ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null }));
      return;
    }
    const id = msg.id ?? null;
    const params = Array.isArray(msg.params) ? (msg.params as unknown[]) : [];
    const reply = (result: unknown) => c.ws.send(JSON.stringify({ result, id }));
    const invalid = (m: string) => c.ws.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: ${m}` }, id }));
    switch (msg.method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        const names = params.filter((p): p is string => typeof p === 'string');
        if (names.length !== params.length || names.some((n) => !STREAM_RE.test(n) && this.keys.venueOf(n, this.now()) !== c.venue)) {
          invalid('invalid stream');
          return;
        }
        for (const n of names) {
          const isKey = !STREAM_RE.test(n);
          if (msg.method === 'SUBSCRIBE') {
            if (isKey) c.userKey = n;
            else c.streams.add(n);
          } else if (isKey) c.userKey = null;
          else c.streams.delete(n);
        }
        reply(null);
        return;
      }
      case 'LIST_SUBSCRIPTIONS':
        reply([...c.streams, ...(c.userKey === null ? [] : [c.userKey])]);
        return;
      case 'SET_PROPERTY':
        reply(null);
        return;
      case 'GET_PROPERTY':
        reply(c.combined);
        return;
      default:
        invalid('unknown method');
    }
  }

  private send(c: Conn, stream: string, data: unknown): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (this.faults.malformed) {
      c.ws.send('{"stream":' + JSON.stringify(stream).slice(0, 4));
      return;
    }
    c.ws.send(JSON.stringify(c.combined ? { stream, data } : data));
  }

  private onMarket(e: MarketEvent): void {
    const symbol = e.tick.symbol;
    const spec = this.market.spec(symbol);
    const prev = this.prevBook.get(symbol);
    this.prevBook.set(symbol, { bids: e.tick.bids, asks: e.tick.asks });
    if (!spec || this.faults.silent) return;
    const lower = symbol.toLowerCase();
    const cache = new Map<string, Json[]>();
    for (const c of this.conns) {
      for (const name of c.streams) {
        if (!name.startsWith(lower + '@') && !name.startsWith('!')) continue;
        const key = `${c.venue}|${name}`;
        let payloads = cache.get(key);
        if (!payloads) {
          payloads = this.payloads(c.venue, spec, name, e, prev);
          cache.set(key, payloads);
        }
        for (const p of payloads) this.send(c, name, p);
      }
    }
  }

  private payloads(v: Venue, s: SymbolSpec, name: string, e: MarketEvent, prev: { bids: readonly BookLevel[]; asks: readonly BookLevel[] } | undefined): Json[] {
    const now = e.tick.time;
    const one = (x: Json | null): Json[] => (x === null ? [] : [x]);
    const channel = name.startsWith('!') ? name.slice(1) : name.slice(name.indexOf('@') + 1);
    if (channel === 'bookTicker') return [bookTickerEvent(v, s, e)];
    if (channel === 'trade') return one(tradeEvent(v, s, e, false));
    if (channel === 'aggTrade') return one(tradeEvent(v, s, e, true));
    if (channel === 'ticker' || channel === 'miniTicker') return one(tickerEvent(v, this.market, s, now, channel === 'miniTicker'));
    if (channel === 'ticker@arr' || channel === 'miniTicker@arr') {
      const t = tickerEvent(v, this.market, s, now, channel === 'miniTicker@arr');
      return t === null ? [] : [[t] as unknown as Json];
    }
    if (channel.startsWith('markPrice')) {
      if (v !== 'futures') return [];
      const key = `${s.symbol}|${channel}`;
      const last = this.lastMarkPush.get(key);
      if (last !== undefined && now - last < (channel.includes('@1s') ? 1_000 : 3_000)) return [];
      this.lastMarkPush.set(key, now);
      const mp = markPriceEvent(this.market, s, now);
      return channel.includes('@arr') ? [[mp] as unknown as Json] : [mp];
    }
    if (channel.startsWith('kline_')) return this.klines(v, s, channel.slice(6), now);
    const depth = /^depth(5|10|20)?/.exec(channel);
    if (depth) return [depth[1] ? partialDepthEvent(v, s, e, Number(depth[1])) : diffDepthEvent(v, s, e, prev)];
    return [];
  }

  /** The bar in progress; when a new bar has begun, first the previous one once more, closed (x: true). */
  private klines(v: Venue, s: SymbolSpec, interval: string, now: number): Json[] {
    const rows = this.market.klines(s.symbol, interval, 2);
    const current = rows[rows.length - 1];
    if (!current) return [];
    const key = `${v}|${s.symbol}|${interval}`;
    const seen = this.lastKlineOpen.get(key);
    this.lastKlineOpen.set(key, current.openTime);
    const out: Json[] = [];
    const before = rows[rows.length - 2];
    if (seen !== undefined && seen !== current.openTime && before) out.push(klineEvent(v, s, before, interval, true, now));
    out.push(klineEvent(v, s, current, interval, false, now));
    return out;
  }
}
