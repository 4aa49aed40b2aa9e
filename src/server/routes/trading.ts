import { z } from 'zod';
import { orderSchema } from '../response-schemas.js';
import { cancelParams, errorResponses, orderBody, ordersQuery } from '../schemas.js';
import { orderView } from '../views.js';
import { cancelOrder, mainScope, orderRequestOf, placeOrder } from '../order-flow.js';
import { durable, routes, type RouteModule } from './plugin.js';

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
        const r = await placeOrder(mainScope(deps), orderRequestOf(req.body, deps.defaultExchange));
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
        return cancelOrder(mainScope(deps), exchange, symbol, order_id);
      },
    );
  });
