import { expect } from 'vitest';
import { waitFor } from '../wait-for.js';
import type { client, OrderJson } from './harness.js';

/** What the live-trading tests do over HTTP on any venue (Binance, Bybit, OKX, Coinbase), as a trader would. */
type Api = ReturnType<typeof client>;

/** An order as POST /api/trading/order answers it once filled: with its fills. */
export type Filled = OrderJson & { fills: { price: number; quantity: number; fee: number; fee_asset: string; liquidity: string }[] };

/** GET /api/trading/positions/{exchange}: the local positions, the exchange's, and where they differ. */
export interface Recon {
  positions: { symbol: string }[];
  exchange_positions: { symbol: string; quantity: number }[];
  differences: { symbol: string; exchange_quantity: number; local_quantity: number }[];
}

/**
 * Stores an exchange's keys and switches the server to live trading; both are answered 200.
 *
 * @example
 *   await goLive(api, 'okx', { api_key, api_secret, api_passphrase, enabled: true });
 */
export async function goLive(api: Api, exchange: string, keys: Record<string, unknown>): Promise<void> {
  const saved = await api.post(`/api/trading/config/exchange/${exchange}`, keys);
  expect(saved.status, saved.text).toBe(200);
  const mode = await api.post('/api/trading/config/mode', { mode: 'live_trading', confirm: true });
  expect(mode.status, mode.text).toBe(200);
}

export const reconciliation = async (api: Api, exchange: string): Promise<Recon> => (await api.get(`/api/trading/positions/${exchange}`)).json as Recon;

/** The venue's side of the local position in `symbol` (LONG, SHORT or FLAT). */
export const positionSide = async (api: Api, exchange: string, symbol: string): Promise<string> =>
  ((await api.get(`/api/position?symbol=${symbol}&exchange=${exchange}`)).json as { side: string }).side;

/** The status of our order `clientOrderId` among all orders, open or not (undefined: no such order). */
export const statusOf = async (api: Api, clientOrderId: string): Promise<string | undefined> =>
  ((await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] }).orders.find((x) => x.client_order_id === clientOrderId)?.status;

/** A price `factor` of the venue's bid, rounded down to `decimals` places. */
export async function underBid(api: Api, exchange: string, symbol: string, factor: number, decimals = 1): Promise<number> {
  const t = (await api.get(`/api/exchanges/${exchange}/ticker/${symbol}`)).json as { bid: number };
  const per = 10 ** decimals;
  return Math.floor(t.bid * factor * per) / per;
}

/** A limit buy of 0.01 at `price`, resting on the venue (NEW). */
export async function restingBuy(api: Api, exchange: string, symbol: string, price: number, extra: Record<string, unknown> = {}): Promise<OrderJson> {
  const placed = (await api.post('/api/trading/order', { exchange, symbol, side: 'BUY', type: 'LIMIT', price, quantity: 0.01, ...extra })).json as OrderJson;
  expect(placed.status).toBe('NEW');
  return placed;
}

/** Cancels our order here; answered 200 with the order CANCELED. */
export async function cancelHere(api: Api, exchange: string, symbol: string, id: string): Promise<void> {
  const canceled = await api.del(`/api/trading/order/${exchange}/${symbol}/${id}`);
  expect(canceled.status, canceled.text).toBe(200);
  expect((canceled.json as OrderJson).status).toBe('CANCELED');
}

/** Waits until the order `pick` finds among all orders is FILLED; that order. */
export function filled(api: Api, pick: (o: OrderJson) => boolean, ms: number, what: string): Promise<OrderJson> {
  return waitFor(async () => {
    const all = (await api.get('/api/trading/orders?status=all')).json as { orders: OrderJson[] };
    const o = all.orders.find(pick);
    return o?.status === 'FILLED' ? o : null;
  }, ms, what);
}

/** Trades on the venue behind the trainer's back (another app, the venue's own UI) with a ccxt client of its own, closed after. */
export async function tradeElsewhere<E extends { close(): Promise<unknown> }>(ex: E, trade: (ex: E) => Promise<unknown>): Promise<void> {
  try {
    await trade(ex);
  } finally {
    await ex.close();
  }
}
