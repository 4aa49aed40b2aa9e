import { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { OrderResult, SubmitOrder } from '../engine/commands.js';
import type { ServerDeps } from './deps.js';
import { durable, ensureMarket, instrumentOf } from './routes/plugin.js';
import { orderView } from './views.js';

/** An order as a route asks for it: the current mode is added here, the symbol is canonicalised. */
export type OrderRequest = Omit<SubmitOrder, 'mode'>;

/**
 * The one way a route places an order: the instrument (connecting its exchange), the venue's
 * market, the engine (venue rules, risk, the current mode), then durable and settled — a live
 * order is answered once the exchange has answered (at once for simulated venues).
 */
export async function placeOrder(deps: ServerDeps, req: OrderRequest): Promise<OrderResult> {
  const inst = await instrumentOf(deps, req.exchange, req.symbol);
  await ensureMarket(deps, req.exchange, inst.symbol);
  const accepted = deps.engine.submitOrder({ ...req, mode: deps.mode(), symbol: inst.symbol });
  await durable(deps);
  const r = await deps.engine.settle(accepted);
  await durable(deps);
  return r;
}

/** Closes a position (or `quantity` of it) at market in the current mode; the answer's view with its realized PnL. */
export async function closeAtMarket(deps: ServerDeps, exchange: string, symbol: string, quantity: Decimal | null = null) {
  const inst = await instrumentOf(deps, exchange, symbol);
  await ensureMarket(deps, exchange, inst.symbol);
  const accepted = deps.engine.closePosition({ mode: deps.mode(), exchange, symbol: inst.symbol, quantity });
  await durable(deps);
  const r = await deps.engine.settle(accepted); // a live close is answered once the exchange has
  await durable(deps);
  return closeView(r, inst);
}

function closeView(r: OrderResult, inst: Instrument) {
  const realized = r.fills.reduce((sum, f) => sum.add(f.realizedPnl), Decimal.ZERO);
  return { ...orderView(r.order, r.fills), realized_pnl: realized.rescale(inst.quoteScale).toNumber() };
}
