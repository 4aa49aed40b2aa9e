import { Decimal } from '../domain/decimal.js';
import { orderId, type Side, type TradingMode } from '../domain/ids.js';
import type { Instrument } from '../domain/instrument.js';
import { Rejection } from '../domain/rejection.js';
import type { Order, OrderType, TimeInForce } from '../domain/order.js';
import type { OrderResult, SubmitOrder } from '../engine/commands.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import type { ServerDeps } from './deps.js';
import { durable, ensureMarket, instrumentOf } from './routes/plugin.js';
import type { orderBody } from './schemas.js';
import { orderView } from './views.js';
import type { z } from 'zod';

/** An order as a route asks for it: the current mode is added here, the symbol is canonicalised. */
export type OrderRequest = Omit<SubmitOrder, 'mode'>;

/**
 * Where orders go: the main engine in the current mode, or a practice session's own engine. Every
 * trading route goes through one of these, so a session trades with the same code as the app.
 */
export interface TradingScope {
  readonly engine: ExecutionEngine;
  readonly mode: () => TradingMode;
  /** The instrument, connecting its exchange first where that is needed; throws UNKNOWN_SYMBOL. */
  readonly instrument: (exchange: string, symbol: string) => Promise<Instrument>;
  /** Makes sure the venue has a market for the symbol (a real venue's stream); nothing for a replay. */
  readonly ensureMarket: (exchange: string, symbol: string) => Promise<void>;
  /** What the exchange's own orders can be (ExchangeInfo.features); absent: every type (a simulated venue's). */
  readonly features?: (exchange: string) => readonly string[] | null;
}

/** The app's own scope: the main engine, the current mode, the exchanges. */
export const mainScope = (deps: ServerDeps): TradingScope => ({
  engine: deps.engine,
  mode: deps.mode,
  instrument: (exchange, symbol) => instrumentOf(deps, exchange, symbol),
  ensureMarket: (exchange, symbol) => ensureMarket(deps, exchange, symbol),
  features: (exchange) => deps.exchanges.get(exchange)?.info().features ?? null,
});

/** POST …/order's body as an order request. */
export function orderRequestOf(b: z.output<typeof orderBody>, defaultExchange: string): OrderRequest {
  return {
    exchange: b.exchange ?? defaultExchange,
    symbol: b.symbol,
    side: b.side as Side,
    type: b.type as OrderType,
    quantity: b.quantity,
    price: b.price ?? null,
    stopPrice: b.stop_price ?? null,
    timeInForce: b.post_only ? 'GTX' : ((b.time_in_force as TimeInForce | null | undefined) ?? null),
    clientOrderId: b.client_order_id ?? null,
    reduceOnly: b.reduce_only ?? false,
    takeProfit: b.take_profit ?? null,
    stopLoss: b.stop_loss ?? null,
  };
}

/**
 * The one way a route places an order: the instrument (connecting its exchange), the venue's
 * market, the engine (venue rules, risk, the current mode), then durable and settled — a live
 * order is answered once the exchange has answered (at once for simulated venues).
 */
export async function placeOrder(scope: TradingScope, req: OrderRequest): Promise<OrderResult> {
  const inst = await scope.instrument(req.exchange, req.symbol);
  if (scope.mode() === 'live_trading' && (req.takeProfit || req.stopLoss) && !(scope.features?.(req.exchange) ?? ['stop_orders']).includes('stop_orders')) {
    // Its exits would be sent once the entry filled, and refused then: the position unprotected.
    throw new Rejection('NOT_SUPPORTED', `${req.exchange} takes no stop-market or take-profit orders: a take_profit / stop_loss bracket cannot be placed there`, {
      exchange: req.exchange,
    });
  }
  await scope.ensureMarket(req.exchange, inst.symbol);
  const accepted = scope.engine.submitOrder({ ...req, mode: scope.mode(), symbol: inst.symbol });
  await durable(scope);
  const r = await scope.engine.settle(accepted);
  await durable(scope);
  return r;
}

/** Cancels an open order (on a remote venue first); the answer's view. */
export async function cancelOrder(scope: TradingScope, exchange: string, symbol: string, id: string): Promise<ReturnType<typeof orderView>> {
  const inst = await scope.instrument(exchange, symbol);
  const o: Order = await scope.engine.cancelOrderRemote(exchange, inst.symbol, orderId(id));
  await durable(scope);
  return orderView(o, scope.engine.fillsOf(o.id));
}

/** Closes a position (or `quantity` of it) at market in the current mode; the answer's view with its realized PnL. */
export async function closeAtMarket(scope: TradingScope, exchange: string, symbol: string, quantity: Decimal | null = null) {
  const inst = await scope.instrument(exchange, symbol);
  await scope.ensureMarket(exchange, inst.symbol);
  const accepted = scope.engine.closePosition({ mode: scope.mode(), exchange, symbol: inst.symbol, quantity });
  await durable(scope);
  const r = await scope.engine.settle(accepted); // a live close is answered once the exchange has
  await durable(scope);
  return closeView(r, inst);
}

function closeView(r: OrderResult, inst: Instrument) {
  const realized = r.fills.reduce((sum, f) => sum.add(f.realizedPnl), Decimal.ZERO);
  return { ...orderView(r.order, r.fills), realized_pnl: realized.rescale(inst.quoteScale).toNumber() };
}
