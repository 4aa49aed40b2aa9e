import { z } from 'zod';
import { errorResponses } from '../schemas.js';
import type { WatchList } from '../symbols/watch-list.js';
import { addSymbolBody, removeSymbolQuery, symbolParams, watchEntrySchema } from '../symbols/symbol-schemas.js';
import { watchEntryView } from '../views.js';
import { routes } from './plugin.js';

/** The watch list: GET /api/symbols, POST /api/symbols/add, DELETE /api/symbols/{symbol}. */
export const symbolRoutes = (watch: WatchList) =>
  routes(async (app) => {
    app.get(
      '/api/symbols',
      { schema: { tags: ['symbols'], summary: 'The watch list: each symbol and the exchanges picked for it', response: { 200: z.object({ symbols: z.array(watchEntrySchema) }) } } },
      async () => ({ symbols: watch.list().map(watchEntryView) }),
    );

    app.post(
      '/api/symbols/add',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Watch a symbol on these exchanges (each must list it; adding again adds exchanges)',
          description:
            'Each exchange is connected if it is not, and must list the symbol: an unknown exchange or one that does not list the symbol is a 404 naming it. Open `/ws/multi-symbol` streams start streaming it at once.',
          body: addSymbolBody,
          response: { 200: watchEntrySchema, ...errorResponses },
        },
      },
      async (req) => watchEntryView(await watch.add(req.body.symbol, req.body.exchanges)),
    );

    app.delete(
      '/api/symbols/:symbol',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Stop watching a symbol (422 while a position in it is open, unless ?force=true)',
          description: '`force=true` removes it from the watch list only: an open position stays open (close it with POST /api/position/close).',
          params: symbolParams,
          querystring: removeSymbolQuery,
          response: { 200: z.object({ symbol: z.string(), removed: z.literal(true) }), ...errorResponses },
        },
      },
      async (req) => {
        watch.remove(req.params.symbol, req.query.force);
        return { symbol: req.params.symbol, removed: true as const };
      },
    );
  });
