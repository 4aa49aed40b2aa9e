import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import { errorResponses } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

const entrySchema = z.object({
  seq: z.number().int(),
  time: z.number().int(),
  action: z.enum(['mode_switch', 'credentials_store', 'credentials_remove', 'resume']),
  actor: z.enum(['token', 'local']).describe('`token`: the request carried the valid API token; `local`: it did not'),
  address: z.string().describe('the client address the server saw'),
  exchange: z.string().nullable(),
  from_mode: z.string().describe('the mode in force when it was asked'),
  to_mode: z.string().nullable().describe('the mode asked for (mode_switch)'),
  outcome: z.enum(['done', 'refused']),
  code: z.string().nullable().describe("the refusal's error code"),
  detail: z.string().nullable().describe('the refusal\'s message, or what was done ("HALTED → ACTIVE", the masked key)'),
});

const limit = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1000, 'must be at most 1000')
  .default(100);

/** GET /api/audit: the append-only record of live switches, key changes and resumes, newest first. */
export const auditRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['trading'],
          summary: 'The audit log: switches into and out of live trading, stored and removed keys, resumes (newest first)',
          description:
            'Each attempt, done or refused (with the code and message), with who (`token` or `local`), when and from which address. The table is append-only: SQLite triggers refuse any UPDATE or DELETE.',
          querystring: z.object({ limit }),
          response: { 200: z.object({ entries: z.array(entrySchema) }), ...errorResponses },
        },
      },
      async (req) => {
        if (!deps.audit) throw new Rejection('NOT_SUPPORTED', 'this server keeps no audit log');
        const entries = deps.audit.recent(req.query.limit).map((e) => ({
          seq: e.seq,
          time: e.time,
          action: e.action,
          actor: e.actor,
          address: e.address,
          exchange: e.exchange,
          from_mode: e.fromMode,
          to_mode: e.toMode,
          outcome: e.outcome,
          code: e.code,
          detail: e.detail,
        }));
        return { entries };
      },
    );
  });
