import { z } from 'zod';
import { routes, type RouteModule } from './plugin.js';

export const healthRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness with the database and every feed',
          description: 'Open to all; where the API token is required on every route (`REQUIRE_TOKEN=all`, a non-loopback HOST), a request without it gets only `status`.',
          response: {
            200: z.object({
              status: z.enum(['ok', 'degraded']),
              mode: z.string().optional(),
              database: z.object({ ok: z.boolean(), error: z.string().optional() }).optional(),
              feeds: z
                .array(z.object({ exchange: z.string(), state: z.string(), last_tick_at: z.number().nullable(), source: z.string(), reason: z.string().nullable() }))
                .optional(),
              notifications: z
                .array(z.object({ channel: z.string(), state: z.enum(['ok', 'failing', 'disabled']), pending: z.number(), last_error: z.string().nullable(), last_error_at: z.number().nullable() }))
                .optional()
                .describe('each notification channel; a failing one makes the status degraded'),
            }),
          },
        },
      },
      async (req) => {
        let database: { ok: boolean; error?: string } = { ok: true };
        try {
          deps.pingDatabase();
        } catch (err) {
          database = { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        const feeds = [...deps.exchanges.values()]
          .filter((a) => a.info().connected)
          .map((a) => {
            const s = a.status();
            return { exchange: a.id, state: s.state, last_tick_at: s.lastTickAt, source: s.source, reason: s.reason };
          });
        const notifications = deps.notifications?.health().map((h) => ({ channel: h.channel, state: h.state, pending: h.pending, last_error: h.lastError, last_error_at: h.lastErrorAt }));
        const ok = database.ok && feeds.every((f) => f.state === 'live') && !notifications?.some((n) => n.state === 'failing');
        // The mode, the feeds and a database error say more than a stranger needs.
        if (deps.auth?.scope === 'all' && req.tokenState !== 'valid') return { status: ok ? ('ok' as const) : ('degraded' as const) };
        return { status: ok ? ('ok' as const) : ('degraded' as const), mode: deps.mode(), database, feeds, ...(notifications ? { notifications } : {}) };
      },
    );
  });
