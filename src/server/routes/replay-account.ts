import { z } from 'zod';
import type { Fill } from '../../domain/fill.js';
import type { OpenReplaySession } from '../replay-port.js';
import { sessionParams } from '../replay-schemas.js';
import { fillSchema } from '../response-schemas.js';
import { errorResponses } from '../schemas.js';
import { fillView } from '../views.js';
import { durable, routes, type RouteModule } from './plugin.js';
import { replayOf } from './replay-sessions.js';
import { riskAnswer, riskStatusView, limitsView } from './risk.js';
import { statsSchema, statsView } from './stats.js';

const tags = ['replay'];

/** Every fill of a session's ledger at or before `clock`, oldest first. */
function fillsUpTo(s: OpenReplaySession, clock: number): Fill[] {
  const orders = s.store.listOrders({ mode: 'simulation', status: 'all', limit: 1_000_000 });
  const fills = orders.filter((o) => o.filledQuantity.sign() > 0).flatMap((o) => s.store.fillsOf(o.id));
  return fills.filter((f) => f.time <= clock).sort((a, b) => a.time - b.time || Number(a.id) - Number(b.id));
}

/**
 * A practice session's own account beside its positions and orders (replay-trading.ts): its
 * statistics, its risk state, and its fills (a re-watch's are the original's, up to the clock).
 */
export const replayAccountRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const session = (id: string) => replayOf(deps).get(id);

    app.get(
      '/api/replay/sessions/:id/stats',
      { schema: { tags, summary: "A session's statistics over its closed positions (as GET /api/trading/stats)", params: sessionParams, response: { 200: statsSchema, ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        await durable(s);
        return statsView(s, 'simulation');
      },
    );

    app.get(
      '/api/replay/sessions/:id/risk',
      {
        schema: {
          tags,
          summary: "A session's risk limits and trading state (as GET /api/trading/config/risk)",
          description: "A session's risk state is its own (its day is the session clock's UTC day); its limits are the defaults.",
          params: sessionParams,
          response: { 200: riskAnswer, ...errorResponses },
        },
      },
      async (req) => {
        const s = session(req.params.id);
        await durable(s);
        return { limits: limitsView(s.risk.currentLimits()), state: riskStatusView(s, 'simulation') };
      },
    );

    app.get(
      '/api/replay/sessions/:id/fills',
      {
        schema: {
          tags,
          summary: "A session's fills up to its clock, oldest first (a re-watch: the original session's)",
          description:
            'For the chart\'s markers. A re-watch (POST /api/replay/sessions/{id}/rewatch) answers the fills of the session it re-watches, at or before its own clock: what was traded appears as the market reaches it. `source_session_id` says whose fills they are; a re-watch whose original was deleted has none.',
          params: sessionParams,
          response: { 200: z.object({ source_session_id: z.string(), fills: z.array(fillSchema.extend({ symbol: z.string() })) }), ...errorResponses },
        },
      },
      async (req) => {
        const s = session(req.params.id);
        const clock = s.session.state().clock;
        const sourceId = s.info.rewatchOf ?? s.info.id;
        const source = replayOf(deps).list().find((x) => x.info.id === sourceId);
        if (!source) return { source_session_id: sourceId, fills: [] };
        await durable(source);
        return { source_session_id: sourceId, fills: fillsUpTo(source, clock).map((f) => ({ ...fillView(f), symbol: f.symbol })) };
      },
    );
  });
