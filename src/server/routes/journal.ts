import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { errorResponses } from '../schemas.js';
import { annotationBody, annotationSchema, journalEntrySchema, journalQuery, tradeIdParam } from '../journal/journal-schemas.js';
import { annotateTrade, listJournal, reviewJournal, type JournalSource } from '../journal/journal-handlers.js';
import { reviewSchema } from '../journal/review-schema.js';
import { routes, type RouteModule } from './plugin.js';

/** Where a ledger's journal is mounted: `/api/journal`, or a practice session's (`/api/replay/sessions/:id/journal`). */
export interface JournalMount {
  readonly prefix: string;
  /** Path parameters of the prefix (e.g. { id: z.string() }). */
  readonly params?: z.ZodRawShape;
  readonly tags?: string[];
  /** The ledger the request is about; throws a Rejection (e.g. 404) when there is none. */
  readonly source: (params: Record<string, string>) => JournalSource;
}

export function journalRoutes(mount: JournalMount): FastifyPluginAsync {
  const tags = mount.tags ?? ['journal'];
  const params = mount.params ?? {};
  return routes(async (app) => {
    app.get(
      mount.prefix,
      {
        schema: {
          tags,
          summary: 'The journal: every closed trade (flat → position → flat) with its figures and annotations, newest exit first',
          params: z.object(params),
          querystring: journalQuery,
          response: { 200: z.object({ mode: z.string(), trades: z.array(journalEntrySchema), open_trades: z.number() }), ...errorResponses },
        },
      },
      async (req) => listJournal(mount.source(req.params as Record<string, string>), req.query),
    );
    app.get(
      `${mount.prefix}/review`,
      {
        schema: {
          tags,
          summary: 'The review of the journal\'s trades (same filters): statistics, and the equity curve with its drawdown',
          params: z.object(params),
          querystring: journalQuery,
          response: { 200: reviewSchema, ...errorResponses },
        },
      },
      async (req) => reviewJournal(mount.source(req.params as Record<string, string>), req.query),
    );
    app.patch(
      `${mount.prefix}/:trade_id`,
      {
        schema: {
          tags,
          summary: 'Annotate a trade: notes (≤ 10 kB), tags, setup, rating 1-5, mistake labels; the fields given replace, null clears',
          params: z.object({ ...params, trade_id: tradeIdParam }),
          body: annotationBody,
          response: { 200: annotationSchema, ...errorResponses },
        },
      },
      async (req) => annotateTrade(mount.source(req.params as Record<string, string>), req.params.trade_id, req.body),
    );
  });
}

/** The main ledger's journal (its modes), at /api/journal. */
export const mainJournalRoutes: RouteModule = (deps) => {
  const source = deps.journal!;
  return journalRoutes({ prefix: '/api/journal', source: () => source });
};
