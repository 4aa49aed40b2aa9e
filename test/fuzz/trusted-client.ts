import type { RawReply, rawClient } from './raw-http.js';
import type { LiveState } from './render.js';

type Client = ReturnType<typeof rawClient>;

/** A well-behaved client: JSON content type on every POST/DELETE, and a 2xx or an exception. */
export function trusted(http: Client) {
  async function call(method: string, path: string, json?: unknown): Promise<unknown> {
    const res: RawReply = await http.send({ method, path, headers: method === 'GET' ? {} : { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(json ?? {}) });
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} ${JSON.stringify(json ?? null)} → ${res.status} ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text) as unknown;
  }
  return {
    call,
    /** Market mids and tick decimals of the sim symbols, for prices near the market. */
    async refreshMarkets(state: LiveState): Promise<void> {
      const info = (await call('GET', '/api/exchanges/sim/symbols')) as { symbols: { symbol: string; tick_size: number }[] };
      for (const s of info.symbols) {
        const t = (await call('GET', `/api/exchanges/sim/ticker/${s.symbol}`)) as { bid: number; ask: number };
        const decimals = Math.max(0, -Math.floor(Math.log10(s.tick_size) + 1e-9));
        state.markets.set(s.symbol, { mid: (t.bid + t.ask) / 2, decimals });
      }
    },
    /**
     * Nothing left that the market could move: no halt, no limits, no open order, no open position
     * in either local mode, the default watch list, back in simulation. A ledger digest taken now
     * changes only if a request changes it.
     */
    async quiesce(): Promise<void> {
      await call('POST', '/api/trading/resume');
      await call('POST', '/api/trading/config/risk', Object.fromEntries(['max_position_size', 'max_position_notional', 'max_daily_loss', 'max_open_positions', 'max_leverage', 'max_orders_per_minute', 'max_drawdown'].map((k) => [k, null])));
      for (const mode of ['paper_trading', 'simulation']) {
        await call('POST', '/api/trading/config/mode', { mode });
        await call('POST', '/api/trading/resume');
        await call('DELETE', '/api/trading/orders');
        await call('POST', '/api/symbols/close', { all: true });
        const open = (await call('GET', '/api/trading/orders?status=open')) as { orders: unknown[] };
        const positions = (await call('GET', `/api/positions?status=open&mode=${mode}`)) as { positions: unknown[] };
        if (open.orders.length || positions.positions.length) throw new Error(`${mode} not quiet: ${JSON.stringify({ open, positions }).slice(0, 500)}`);
      }
      for (const symbol of ['BTCUSDT', 'ETHUSDT']) await call('POST', '/api/symbols/add', { symbol, exchanges: ['sim'] });
      await call('GET', '/api/trading/config/risk');
    },
  };
}

/** Order ids in an answer (an order, a list of orders, closing orders), to aim later requests at. */
export function orderIdsIn(json: unknown, out: string[]): void {
  if (Array.isArray(json)) for (const x of json) orderIdsIn(x, out);
  else if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (typeof o.order_id === 'string') out.push(o.order_id);
    for (const k of ['orders', 'canceled', 'order']) if (o[k] !== undefined) orderIdsIn(o[k], out);
  }
}
