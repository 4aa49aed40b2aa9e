import type { MarketTick } from '../../sim/market/market-types.js';
import { symbolInput } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

const MAX_BUFFERED = 1 << 20;

const tickerMessage = (exchange: string, t: MarketTick) =>
  JSON.stringify({ type: 'ticker', exchange, symbol: t.symbol, bid: t.bid.toNumber(), ask: t.ask.toNumber(), last: t.last.toNumber(), timestamp: t.time });

/**
 * WS /ws/multi-exchange/{symbol}: a ticker message per update from every exchange that lists the
 * symbol, and a `best` message whenever the best bid or ask across them changes.
 */
export const multiExchangeStream: RouteModule = (deps) =>
  routes(async (app) => {
    app.get('/ws/multi-exchange/:symbol', { websocket: true, schema: { hide: true } }, (socket, req) => {
      const parsed = symbolInput.safeParse((req.params as { symbol?: string }).symbol);
      const adapters = parsed.success ? [...deps.exchanges.values()].filter((a) => a.info().connected && a.instrument(parsed.data)) : [];
      if (!parsed.success || adapters.length === 0) {
        const asked = String((req.params as { symbol?: string }).symbol ?? '');
        socket.send(JSON.stringify({ type: 'error', error: { code: 'UNKNOWN_SYMBOL', message: `no connected exchange lists ${asked}` } }));
        socket.close(1008, 'unknown symbol');
        return;
      }
      const symbol = parsed.data;
      const latest = new Map<string, MarketTick>();
      let best = '';
      const send = (exchange: string, t: MarketTick) => {
        // A client that cannot keep up skips ticks rather than growing our memory without bound.
        if (socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_BUFFERED) return;
        latest.set(exchange, t);
        socket.send(tickerMessage(exchange, t));
        let bid: [string, MarketTick] | null = null;
        let ask: [string, MarketTick] | null = null;
        for (const [ex, q] of latest) {
          if (!bid || q.bid.gt(bid[1].bid)) bid = [ex, q];
          if (!ask || q.ask.lt(ask[1].ask)) ask = [ex, q];
        }
        const key = `${bid![0]}:${bid![1].bid.toString()}|${ask![0]}:${ask![1].ask.toString()}`;
        if (key === best) return;
        best = key;
        socket.send(
          JSON.stringify({
            type: 'best',
            symbol,
            best_bid: { exchange: bid![0], price: bid![1].bid.toNumber() },
            best_ask: { exchange: ask![0], price: ask![1].ask.toNumber() },
            spread: ask![1].ask.sub(bid![1].bid).toNumber(),
            timestamp: t.time,
          }),
        );
      };
      // Feed health is pushed as it changes: a stale or reconnecting feed is visible in the stream.
      const states = new Map<string, string>();
      const pushStatus = () => {
        for (const a of adapters) {
          const s = a.status();
          if (states.get(a.id) === s.state || socket.readyState !== socket.OPEN) continue;
          states.set(a.id, s.state);
          socket.send(JSON.stringify({ type: 'status', exchange: a.id, symbol, state: s.state, reason: s.reason, timestamp: Date.now() }));
        }
      };
      const releases = adapters.flatMap((a) => {
        const release = a.subscribe(symbol);
        const first = a.lastTick(symbol);
        if (first) send(a.id, first);
        const off = a.onTick((t) => {
          if (t.symbol === symbol) send(a.id, t);
        });
        return [release, off];
      });
      pushStatus();
      const timer = setInterval(pushStatus, 1_000);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        releases.forEach((r) => r());
      };
      socket.on('close', close);
      socket.on('error', close);
    });
  });
