import { z } from 'zod';
import { orderId } from '../../domain/ids.js';
import type { Side } from '../../domain/ids.js';
import type { OrderType, TimeInForce } from '../../domain/order.js';
import { orderSchema } from '../response-schemas.js';
import { cancelParams, errorResponses, orderBody, ordersQuery } from '../schemas.js';
import { orderView } from '../views.js';
import { placeOrder } from '../order-flow.js';
import { durable, instrumentOf, routes, type RouteModule } from './plugin.js';

export const tradingRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.post(
      '/api/trading/order',
      {
        schema: {
          tags: ['trading'],
          summary: 'Place an order (idempotent on client_order_id)',
          description:
            'MARKET, LIMIT (time_in_force GTC, IOC or GTX = post-only), STOP_MARKET and TAKE_PROFIT_MARKET (stop_price, triggered by the last price). `take_profit` / `stop_loss` attach reduce-only exits created when the entry fills; one cancels the other. Refusals by a rule are 422 with the rule as `code`.',
          body: orderBody,
          response: { 200: orderSchema, ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body;
        const r = await placeOrder(deps, {
          exchange: b.exchange ?? deps.defaultExchange,
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
        });
        return orderView(r.order, r.fills);
      },
    );

    app.get(
      '/api/trading/orders',
      { schema: { tags: ['trading'], summary: 'Open orders, or all orders newest first', querystring: ordersQuery, response: { 200: z.object({ orders: z.array(orderSchema) }), ...errorResponses } } },
      async (req) => {
        const q = req.query;
        await durable(deps);
        const orders = deps.store.listOrders({ mode: deps.mode(), exchange: q.exchange, symbol: q.symbol, status: q.status, limit: q.limit });
        return { orders: orders.map((o) => orderView(o)) };
      },
    );

    app.delete(
      '/api/trading/order/:exchange/:symbol/:order_id',
      { schema: { tags: ['trading'], summary: 'Cancel an open order', params: cancelParams, response: { 200: orderSchema, ...errorResponses } } },
      async (req) => {
        const { exchange, symbol, order_id } = req.params;
        const inst = await instrumentOf(deps, exchange, symbol);
        const o = await deps.engine.cancelOrderRemote(exchange, inst.symbol, orderId(order_id));
        await durable(deps);
        return orderView(o, deps.engine.fillsOf(o.id));
      },
    );
  });
