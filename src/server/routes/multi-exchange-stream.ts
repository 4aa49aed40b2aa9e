import type { WebSocket } from 'ws';
import type { ExchangeAdapter } from '../../engine/ports.js';
import type { MarketTick } from '../../sim/market/market-types.js';
import type { ServerDeps } from '../deps.js';
import { symbolInput } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

const MAX_BUFFERED = 1 << 20;

/** `trade_quantity` is the size printed at `last` (0 for a quote-only update): live candle volume. */
const tickerMessage = (exchange: string, t: MarketTick) =>
  JSON.stringify({
    type: 'ticker',
    exchange,
    symbol: t.symbol,
    bid: t.bid.toNumber(),
    ask: t.ask.toNumber(),
    last: t.last.toNumber(),
    trade_quantity: t.tradeQuantity.toNumber(),
    timestamp: t.time,
  });

/**
 * One symbol's stream, shared by every socket that watches it: one upstream subscription per
 * exchange, each message serialized once and the same text sent to every client.
 */
class SymbolChannel {
  readonly sockets = new Set<WebSocket>();
  private readonly latest = new Map<string, MarketTick>();
  private readonly states = new Map<string, string>();
  private readonly releases: (() => void)[] = [];
  private best = '';
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    readonly symbol: string,
    private readonly adapters: readonly ExchangeAdapter[],
  ) {
    for (const a of adapters) {
      this.releases.push(a.subscribe(symbol));
      this.releases.push(a.onTick((t) => t.symbol === symbol && this.onTick(a.id, t)));
      const first = a.lastTick(symbol);
      if (first) this.latest.set(a.id, first);
    }
    this.timer = setInterval(() => this.pushStatus(false), 1_000);
  }

  join(socket: WebSocket): void {
    this.sockets.add(socket);
    for (const [exchange, t] of this.latest) this.sendOne(socket, tickerMessage(exchange, t));
    const best = this.bestMessage();
    if (best) this.sendOne(socket, best.text);
    this.pushStatus(true, socket);
  }

  close(): void {
    clearInterval(this.timer);
    this.releases.forEach((r) => r());
  }

  private onTick(exchange: string, t: MarketTick): void {
    this.latest.set(exchange, t);
    this.broadcast(tickerMessage(exchange, t));
    const best = this.bestMessage();
    if (best && best.key !== this.best) {
      this.best = best.key;
      this.broadcast(best.text);
    }
  }

  private bestMessage(): { key: string; text: string } | null {
    let bid: [string, MarketTick] | null = null;
    let ask: [string, MarketTick] | null = null;
    for (const [ex, q] of this.latest) {
      if (!bid || q.bid.gt(bid[1].bid)) bid = [ex, q];
      if (!ask || q.ask.lt(ask[1].ask)) ask = [ex, q];
    }
    if (!bid || !ask) return null;
    const key = `${bid[0]}:${bid[1].bid.toString()}|${ask[0]}:${ask[1].ask.toString()}`;
    const text = JSON.stringify({
      type: 'best',
      symbol: this.symbol,
      best_bid: { exchange: bid[0], price: bid[1].bid.toNumber() },
      best_ask: { exchange: ask[0], price: ask[1].ask.toNumber() },
      spread: ask[1].ask.sub(bid[1].bid).toNumber(),
      timestamp: Math.max(bid[1].time, ask[1].time),
    });
    return { key, text };
  }

  /** Feed health is pushed as it changes: a stale or reconnecting feed is visible in the stream. */
  private pushStatus(all: boolean, only?: WebSocket): void {
    for (const a of this.adapters) {
      const s = a.status();
      if (!all && this.states.get(a.id) === s.state) continue;
      this.states.set(a.id, s.state);
      const text = JSON.stringify({ type: 'status', exchange: a.id, symbol: this.symbol, state: s.state, reason: s.reason, timestamp: Date.now() });
      if (only) this.sendOne(only, text);
      else this.broadcast(text);
    }
  }

  private broadcast(text: string): void {
    for (const s of this.sockets) this.sendOne(s, text);
  }

  /** A client that cannot keep up skips messages rather than growing our memory without bound. */
  private sendOne(socket: WebSocket, text: string): void {
    if (socket.readyState === socket.OPEN && socket.bufferedAmount <= MAX_BUFFERED) socket.send(text);
  }
}

/**
 * WS /ws/multi-exchange/{symbol}: a ticker message per update from every connected exchange that
 * lists the symbol, a `best` message whenever the best bid or ask across them changes, and a
 * `status` message when an exchange's feed changes state (live, stale, reconnecting…).
 */
export const multiExchangeStream: RouteModule = (deps: ServerDeps) =>
  routes(async (app) => {
    const channels = new Map<string, SymbolChannel>();
    app.addHook('onClose', async () => {
      for (const c of channels.values()) c.close();
      channels.clear();
    });

    app.get('/ws/multi-exchange/:symbol', { websocket: true, schema: { hide: true } }, (socket, req) => {
      const asked = String((req.params as { symbol?: string }).symbol ?? '');
      const parsed = symbolInput.safeParse(asked);
      const adapters = parsed.success ? [...deps.exchanges.values()].filter((a) => a.info().connected && a.instrument(parsed.data)) : [];
      if (!parsed.success || adapters.length === 0) {
        socket.send(JSON.stringify({ type: 'error', error: { code: 'UNKNOWN_SYMBOL', message: `no connected exchange lists ${asked}` } }));
        socket.close(1008, 'unknown symbol');
        return;
      }
      // One channel per symbol and set of exchanges: a newly connected exchange gets its own.
      const key = `${parsed.data}|${adapters.map((a) => a.id).join(',')}`;
      let channel = channels.get(key);
      if (!channel) {
        channel = new SymbolChannel(parsed.data, adapters);
        channels.set(key, channel);
      }
      const c = channel;
      c.join(socket);
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        c.sockets.delete(socket);
        if (c.sockets.size === 0) {
          c.close();
          channels.delete(key);
        }
      };
      socket.on('close', leave);
      socket.on('error', leave);
    });
  });
