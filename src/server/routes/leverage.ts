import { z } from 'zod';
import { Decimal } from '../../domain/decimal.js';
import { Rejection } from '../../domain/rejection.js';
import type { ServerDeps } from '../deps.js';
import { errorResponses, exchangeInput, symbolInput } from '../schemas.js';
import { durable, instrumentOf, routes, type RouteModule } from './plugin.js';

const entrySchema = z.object({ exchange: z.string(), symbol: z.string(), leverage: z.number() });
const leverageBody = z.strictObject({
  exchange: exchangeInput,
  symbol: symbolInput,
  leverage: z.number({ error: 'must be a whole number from 1 to 125' }).int('must be a whole number').min(1, 'must be at least 1').max(125, 'must be at most 125'),
});

function store(deps: ServerDeps): NonNullable<ServerDeps['leverage']> {
  if (!deps.leverage) throw new Rejection('NOT_SUPPORTED', 'this server keeps no leverage settings');
  return deps.leverage;
}

/**
 * Leverage of the simulated accounts (simulation and paper trading) per exchange and symbol: an
 * order that adds exposure needs |quantity| × price / leverage (+ its fee) of free margin, or it is
 * refused with 422 INSUFFICIENT_MARGIN. Spot trades at 1×; live trading uses the exchange's own.
 */
export const leverageRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/trading/config/leverage',
      {
        schema: {
          tags: ['risk'],
          summary: 'Leverage of the simulated accounts: the default and every symbol set to another',
          response: { 200: z.object({ default: z.number(), symbols: z.array(entrySchema) }) },
        },
      },
      async () => {
        const { store: s, default: fallback } = store(deps);
        return { default: fallback.toNumber(), symbols: s.list().map((e) => ({ exchange: e.exchange, symbol: e.symbol, leverage: e.leverage.toNumber() })) };
      },
    );

    app.post(
      '/api/trading/config/leverage',
      {
        schema: {
          tags: ['risk'],
          summary: 'Set the leverage (1–125×) a perpetual symbol is traded at in simulation and paper trading; open positions keep their size, new orders need the margin',
          body: leverageBody,
          response: { 200: entrySchema, ...errorResponses },
        },
      },
      async (req) => {
        const { exchange, symbol, leverage } = req.body;
        const s = store(deps).store;
        const inst = await instrumentOf(deps, exchange, symbol);
        if (inst.marketType === 'spot' && leverage !== 1) {
          throw new Rejection('LEVERAGE_NOT_AVAILABLE', `${symbol} on ${exchange} is a spot market: it is traded at 1×`, { exchange, symbol });
        }
        s.set(inst.exchange, inst.symbol, Decimal.fromInt(leverage));
        await durable(deps);
        return { exchange: inst.exchange, symbol: inst.symbol, leverage };
      },
    );
  });
