import type { FastifyReply, FastifyRequest } from 'fastify';
import { Rejection } from '../../domain/rejection.js';
import type { AuthPolicy, TokenState } from './auth-policy.js';

export const WWW_AUTHENTICATE = 'Bearer realm="scalping-trainer"';

/** The refusal of a request without the token (AUTH_REQUIRED) or with a wrong one (AUTH_INVALID), both 401. */
export function authRefusal(state: TokenState): Rejection {
  return state === 'invalid'
    ? new Rejection('AUTH_INVALID', 'the API token is wrong (it may have been rotated): send the one in DATA_DIR/api-token')
    : new Rejection(
        'AUTH_REQUIRED',
        'this needs the API token: send "Authorization: Bearer <token>" (a WebSocket: the subprotocol "bearer.<token>"); it was printed when the server created DATA_DIR/api-token',
      );
}

/** For the guarded actions under REQUIRE_TOKEN=1 (under `all` every /api request was checked already). */
export function requireToken(auth: AuthPolicy | undefined, req: FastifyRequest): void {
  if (auth && auth.scope !== 'off' && req.tokenState !== 'valid') throw authRefusal(req.tokenState);
}

/** Who did it, for the audit log. */
export const actorOf = (req: FastifyRequest): 'token' | 'local' => (req.tokenState === 'valid' ? 'token' : 'local');

export function sendRefusal(reply: FastifyReply, state: TokenState): FastifyReply {
  const r = authRefusal(state);
  return reply.status(401).header('www-authenticate', WWW_AUTHENTICATE).send({ error: { code: r.code, message: r.message } });
}
