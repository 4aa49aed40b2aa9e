import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import type { BacktestPort } from '../backtests/backtest-port.js';
import { backtestParams, backtestSchema, backtestView, backtestWithResultSchema, newBacktestBody, strategySchema } from '../backtests/backtest-schemas.js';
import { errorResponses } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

const tags = ['backtests'];

/** POST/GET /api/backtests, GET /api/backtests/{id}, GET /api/backtests/strategies. */
export const backtestRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const port = (): BacktestPort => {
      if (!deps.backtests) throw new Rejection('NOT_SUPPORTED', 'this server runs no backtests');
      return deps.backtests;
    };

    app.post(
      '/api/backtests',
      {
        schema: {
          tags,
          summary: 'Run a strategy over a dataset through the trading engine, on a worker thread (202; poll GET /api/backtests/{id})',
          description:
            'Checked before anything is recorded: the dataset (404 `UNKNOWN_DATASET`), the built-in strategy (404 `UNKNOWN_STRATEGY`), its parameters (400 `INVALID_FIELD`, `details.field` `params`, e.g. sma_cross\'s fast must be shorter than slow), that the range holds bars (400). Then the backtest is kept (`status` queued) and run on a worker thread through the same runner as `npm run cli -- backtest` (one at a time; at most 20 waiting, then 429 `BACKTEST_QUEUE_FULL`). Its progress is in GET /api/backtests/{id} while it runs; its result is kept in SQLite and survives a restart (a backtest a stopped server left unfinished is marked failed).',
          body: newBacktestBody,
          response: { 202: backtestSchema, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(202).send(backtestView(await port().submit(req.body))),
    );

    app.get(
      '/api/backtests',
      { schema: { tags, summary: 'Every backtest, oldest first, with its summary (not its trades)', response: { 200: z.object({ backtests: z.array(backtestSchema) }), ...errorResponses } } },
      async () => ({ backtests: port().list().map(backtestView) }),
    );

    app.get(
      '/api/backtests/strategies',
      { schema: { tags, summary: 'The built-in strategies a backtest can use, with their parameters', response: { 200: z.object({ strategies: z.array(strategySchema) }), ...errorResponses } } },
      async () => ({ strategies: await port().strategies() }),
    );

    app.get(
      '/api/backtests/:id',
      {
        schema: {
          tags,
          summary: 'One backtest: its state and progress, and once done its whole result (404 BACKTEST_NOT_FOUND)',
          params: backtestParams,
          response: { 200: backtestWithResultSchema, ...errorResponses },
        },
      },
      async (req) => {
        const job = port().get(req.params.id);
        if (job === null) throw new Rejection('BACKTEST_NOT_FOUND', `there is no backtest ${req.params.id}; GET /api/backtests lists them`, { id: req.params.id });
        return { ...backtestView(job), result: job.record.result as Record<string, unknown> | null };
      },
    );
  });
