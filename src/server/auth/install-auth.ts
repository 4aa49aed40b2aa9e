import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthPolicy, TokenState } from './auth-policy.js';
import { sendRefusal, WWW_AUTHENTICATE } from './require-token.js';
import { checkToken, presentedToken } from './token-check.js';
import { closeUpgradeAfterAnswer } from '../security/request-guard.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the request showed of the API token (always `none` when no token is in use). */
    tokenState: TokenState;
  }
}

/** /api/… and /ws/…, by the route matched or, for an unknown one, by the path asked. */
const GUARDED = /^\/(api|ws)(\/|\?|$)/;
const guarded = (req: FastifyRequest): boolean => GUARDED.test(req.url) || GUARDED.test(req.routeOptions.url ?? '');

/**
 * The bearer token check (an onRequest hook, before any body is read): under `all` every /api
 * route and WebSocket upgrade without the token in force is a 401; under `sensitive` the request's
 * token state is only noted, for the guarded routes (require-token.ts). Every 401 says
 * `WWW-Authenticate: Bearer`.
 */
export function installAuth(app: FastifyInstance, auth: AuthPolicy | undefined): void {
  app.decorateRequest('tokenState', 'none');
  if (!auth || auth.scope === 'off') return;
  app.addHook('onRequest', async (req, reply) => {
    const presented = presentedToken(req.headers);
    req.tokenState = presented === null ? 'none' : checkToken(presented, auth.token());
    if (auth.scope !== 'all' || req.tokenState === 'valid' || !guarded(req)) return;
    closeUpgradeAfterAnswer(req, reply);
    return sendRefusal(reply, req.tokenState);
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode === 401) reply.header('www-authenticate', WWW_AUTHENTICATE);
    return payload;
  });
}
