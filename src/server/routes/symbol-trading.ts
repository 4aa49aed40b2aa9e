import { z } from 'zod';
import type { Side } from '../../domain/ids.js';
import type { ServerDeps } from '../deps.js';
import { mainScope, placeOrder } from '../order-flow.js';
import { positionSchema } from '../response-schemas.js';
import { errorResponses } from '../schemas.js';
import { closeAllSchema, symbolCloseBody, symbolOrderBody, symbolOrderSchema } from '../symbols/symbol-schemas.js';
import type { WatchList } from '../symbols/watch-list.js';
import { closeWatched } from '../symbols/close-watched.js';
import { orderView } from '../views.js';
import { positionAt } from './positions.js';
import { durable, routes } from './plugin.js';

/**
 * Trading by symbol: POST /api/symbols/order, GET /api/symbols/positions, POST /api/symbols/close.
 * The same order path, engine, risk checks and current mode as /api/trading/*.
 */
export const symbolTradingRoutes = (deps: ServerDeps, watch: WatchList) =>
  routes(async (app) => {
    app.post(
      '/api/symbols/order',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Order a watched symbol: with a price LIMIT, without MARKET',
          description:
            'Goes to `exchange` when given (one of the symbol\'s exchanges), else to the symbol\'s first exchange; answered as POST /api/trading/order, with the same risk checks (422 naming the rule).',
          body: symbolOrderBody,
          response: { 200: symbolOrderSchema, ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body;
        const price = b.price ?? null;
        const r = await placeOrder(mainScope(deps), {
          exchange: watch.exchangeFor(b.symbol, b.exchange),
          symbol: b.symbol,
          side: b.side as Side,
          type: price ? 'LIMIT' : 'MARKET',
          quantity: b.quantity,
          price,
          clientOrderId: b.client_order_id ?? null,
        });
        return orderView(r.order, r.fills);
      },
    );

    app.get(
      '/api/symbols/positions',
      {
        schema: {
          tags: ['symbols'],
          summary: 'The position of every watched symbol on each of its exchanges, in the current mode (FLAT when none is open)',
          response: { 200: z.object({ positions: z.array(positionSchema) }), ...errorResponses },
        },
      },
      async () => {
        await durable(deps);
        const mode = deps.mode();
        return { positions: watch.list().flatMap((e) => e.exchanges.map((exchange) => positionAt(deps, { mode, exchange, symbol: e.symbol }))) };
      },
    );

    app.post(
      '/api/symbols/close',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Close a symbol\'s positions at market ({"symbol"}, optionally on one `exchange`), or every open position ({"all": true})',
          description: 'In the current mode. `orders` are the closing orders; `errors` the positions that could not be closed and why.',
          body: symbolCloseBody,
          response: { 200: closeAllSchema, ...errorResponses },
        },
      },
      async (req) => closeWatched(deps, req.body.all ? { all: true } : { symbol: req.body.symbol!, exchange: req.body.exchange }),
    );
  });
