import type { ExchangeInfo, Kline, Mode, Order, OrderRequest, Position, RiskView, Stats, SymbolInfo } from './core/api-types.js';
import type { Interval } from './core/intervals.js';
import type { WatchEntry } from './core/watch.js';
import { apiToken, authHeaders, setApiToken } from './api-token.js';
import { UNREACHABLE_EVENT } from './pwa/offline-banner.js';
import { askForToken } from './ui/token-dialog.js';

/** A non-2xx answer: the server's own code and message (shared/API.md error shape). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every POST and DELETE says application/json, a bodiless one too (the server refuses others). */
function send(method: string, path: string, body?: unknown): Promise<Response> {
  const json: Record<string, string> = method === 'GET' ? {} : { 'content-type': 'application/json' };
  return fetch(path, { method, headers: { ...json, ...authHeaders() }, body: body === undefined ? undefined : JSON.stringify(body) }).catch((err: unknown) => {
    window.dispatchEvent(new Event(UNREACHABLE_EVENT)); // the offline banner asks /health
    throw new ApiError(0, 'NETWORK', `the server cannot be reached (${err instanceof Error ? err.message : String(err)})`);
  });
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await send(method, path, body);
  // A server that wants the API token: ask for it (once for every call waiting), keep it, send again.
  while (res.status === 401) {
    const token = await askForToken(apiToken() !== null);
    if (token === null) break;
    setApiToken(token);
    res = await send(method, path, body);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `${method} ${path} answered ${res.status}`);
  }
  return json as T;
}

const q = encodeURIComponent;

/** The practice session the page trades and charts instead of the live market, or null. */
let replay: string | null = null;
export const replayTarget = (): string | null => replay;
export function setReplayTarget(id: string | null): void {
  replay = id;
}
/** The session's own route for `tail` when a practice session is open, else the live one. */
const at = (tail: string, live: string) => (replay === null ? live : `/api/replay/sessions/${q(replay)}${tail}`);

/** Every route the page uses; nothing else talks to the server over HTTP. */
export const api = {
  exchanges: () => call<{ exchanges: ExchangeInfo[] }>('GET', '/api/exchanges').then((r) => r.exchanges),
  symbols: (exchange: string) => call<{ symbols: SymbolInfo[] }>('GET', `/api/exchanges/${q(exchange)}/symbols`).then((r) => r.symbols),
  klines: (exchange: string, symbol: string, interval: Interval, limit = 500) =>
    call<{ klines: Kline[] }>('GET', `${at('/klines', `/api/exchanges/${q(exchange)}/klines/${q(symbol)}`)}?interval=${interval}&limit=${limit}`).then((r) => r.klines),
  mode: () => call<{ mode: Mode }>('GET', '/api/trading/config').then((r) => r.mode),
  setMode: (mode: Mode, confirm: boolean) => call<{ mode: Mode }>('POST', '/api/trading/config/mode', confirm ? { mode, confirm } : { mode }),
  /** Open positions of one mode (without `mode` the route answers every mode's). */
  positions: (mode: Mode) => call<{ positions: Position[] }>('GET', `${at('/positions', '/api/positions')}?status=open&mode=${q(mode)}`).then((r) => r.positions),
  openOrders: () => call<{ orders: Order[] }>('GET', `${at('/orders', '/api/trading/orders')}?status=open`).then((r) => r.orders),
  recentOrders: (exchange: string, symbol: string) =>
    call<{ orders: Order[] }>('GET', `${at('/orders', '/api/trading/orders')}?status=all&limit=200&exchange=${q(exchange)}&symbol=${q(symbol)}`).then((r) => r.orders),
  placeOrder: (o: OrderRequest) => call<Order>('POST', at('/order', '/api/trading/order'), o),
  cancelOrder: (o: Pick<Order, 'exchange' | 'symbol' | 'order_id'>) => call<Order>('DELETE', at(`/orders/${q(o.order_id)}`, `/api/trading/order/${q(o.exchange)}/${q(o.symbol)}/${q(o.order_id)}`)),
  closePosition: (exchange: string, symbol: string) => call<Order & { realized_pnl: number }>('POST', at('/close', '/api/position/close'), { exchange, symbol }),
  stats: () => call<Stats>('GET', at('/stats', '/api/trading/stats')),
  risk: () => call<RiskView>('GET', at('/risk', '/api/trading/config/risk')),
  /** A practice session's fills up to its clock (a re-watch: the original's); null on the live market. */
  sessionFills: () => (replay === null ? Promise.resolve(null) : call<{ fills: { side: 'BUY' | 'SELL'; quantity: number; time: number }[] }>('GET', at('/fills', '')).then((r) => r.fills)),
  /** A practice session's closed trades up to its clock (a re-watch: the original's); null on the live market. */
  sessionTrades: () =>
    replay === null
      ? Promise.resolve(null)
      : call<{ trades: { side: 'LONG' | 'SHORT'; exit_time: number; net_pnl: number; r_multiple: number | null }[] }>('GET', at('/journal', '')).then((r) => r.trades),
  watch: (symbol: string, exchanges: readonly string[]) => call<WatchEntry>('POST', '/api/symbols/add', { symbol, exchanges }),
};
