import { z } from 'zod';
import { errorResponses } from '../schemas.js';
import { pricesByExchange, symbolErrorSchema, symbolParams } from '../symbols/symbol-schemas.js';
import type { WatchList } from '../symbols/watch-list.js';
import { watchedQuotes } from '../symbols/watched-quotes.js';
import type { ServerDeps } from '../deps.js';
import { routes } from './plugin.js';

const errorsField = z.array(symbolErrorSchema).describe('exchanges that could not give a price, and why');

/** GET /api/symbols/prices and GET /api/symbols/{symbol}/prices: every watched symbol on each of its exchanges. */
export const symbolPriceRoutes = (deps: ServerDeps, watch: WatchList) =>
  routes(async (app) => {
    app.get(
      '/api/symbols/prices',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Bid, ask and last of every watched symbol on each of its exchanges',
          response: { 200: z.object({ prices: z.record(z.string(), pricesByExchange), errors: errorsField }), ...errorResponses },
        },
      },
      async () => watchedQuotes(deps, watch.list()),
    );

    app.get(
      '/api/symbols/:symbol/prices',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Bid, ask and last of one watched symbol on each of its exchanges',
          params: symbolParams,
          response: { 200: z.object({ symbol: z.string(), prices: pricesByExchange, errors: errorsField }), ...errorResponses },
        },
      },
      async (req) => {
        const entry = watch.require(req.params.symbol);
        const q = await watchedQuotes(deps, [entry]);
        return { symbol: entry.symbol, prices: q.prices[entry.symbol]!, errors: q.errors };
      },
    );
  });
