import { sessionParams } from '../replay-schemas.js';
import { journalRoutes } from './journal.js';
import type { RouteModule } from './plugin.js';
import { replayOf } from './replay-sessions.js';

/**
 * A practice session's journal and review: GET /api/replay/sessions/{id}/journal, …/journal/review
 * and PATCH …/journal/{trade_id}, the main journal's handlers on the session's own ledger. A
 * re-watch's are the original session's, up to the re-watch's clock: its trades appear (and can be
 * annotated) as the market reaches their exits.
 */
export const replayJournalRoutes: RouteModule = (deps) =>
  journalRoutes({
    prefix: '/api/replay/sessions/:id/journal',
    params: { id: sessionParams.shape.id },
    tags: ['replay'],
    source: (params) => {
      const replay = replayOf(deps);
      const s = replay.get(params.id as string);
      const original = s.info.rewatchOf === null ? undefined : replay.list().find((x) => x.info.id === s.info.rewatchOf);
      return original ? { ...original.journal, until: () => s.session.state().clock } : s.journal;
    },
  });
