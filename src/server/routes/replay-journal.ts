import { sessionParams } from '../replay-schemas.js';
import { journalRoutes } from './journal.js';
import type { RouteModule } from './plugin.js';
import { replayOf } from './replay-sessions.js';

/**
 * A practice session's journal and review: GET /api/replay/sessions/{id}/journal, …/journal/review
 * and PATCH …/journal/{trade_id}, the main journal's handlers on the session's own ledger.
 */
export const replayJournalRoutes: RouteModule = (deps) =>
  journalRoutes({
    prefix: '/api/replay/sessions/:id/journal',
    params: { id: sessionParams.shape.id },
    tags: ['replay'],
    source: (params) => replayOf(deps).get(params.id as string).journal,
  });
