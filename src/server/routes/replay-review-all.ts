import { z } from 'zod';
import { reviewJournals } from '../journal/journal-handlers.js';
import { journalQuery } from '../journal/journal-schemas.js';
import { reviewSchema } from '../journal/review-schema.js';
import { errorResponses } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';
import { replayOf } from './replay-sessions.js';

/**
 * GET /api/replay/journal/review: every practice session's closed trades reviewed as one record,
 * with the filters of a session's review (the figures of …/sessions/{id}/journal/review).
 */
export const replayReviewAllRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/replay/journal/review',
      {
        schema: {
          tags: ['replay'],
          summary: 'The review of every practice session at once (same filters and figures as a session\'s review)',
          description:
            'The trades of every session matching the filters, in order of exit (each session\'s simulated clock), as one record. `starting_equity` (where the curve starts) is the mean of the sessions\' starting cash; `open_trades` counts the positions still open in all of them.',
          querystring: journalQuery,
          response: { 200: reviewSchema.extend({ sessions: z.number().describe('practice sessions reviewed (all of them, with a trade or not)') }), ...errorResponses },
        },
      },
      async (req) => {
        const all = replayOf(deps).list();
        return { ...(await reviewJournals(all.map((s) => s.journal), req.query, 'simulation')), sessions: all.length };
      },
    );
  });
