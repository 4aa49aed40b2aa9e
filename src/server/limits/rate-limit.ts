import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { Rejection } from '../../domain/rejection.js';

/**
 * At most `perMinute` requests per client address in a fixed window of a minute (WebSocket upgrades
 * included); beyond it a 429 RATE_LIMITED with `Retry-After` (seconds until the window ends).
 * `0` registers nothing, so a disabled limit costs nothing per request. Routes are limited as
 * they are declared; the answer is the hook that limits the not-found handler too (same count).
 */
export async function installRateLimit(app: FastifyInstance, perMinute: number, windowMs = 60_000): Promise<preHandlerAsyncHookHandler | null> {
  if (perMinute <= 0) return null;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: windowMs,
    // The default key: the socket's address (no proxy is trusted), an IPv6 one by its /56.
    cache: 10_000,
    // Headers only on the refusal: the answers a client gets within its limit stay as they were.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
    errorResponseBuilder: (_req, ctx) => {
      const retryAfter = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new Rejection('RATE_LIMITED', `more than ${ctx.max} requests a minute from this address; try again in ${retryAfter} s`, {
        limit_per_minute: ctx.max,
        retry_after_s: retryAfter,
      });
    },
  });
  return app.rateLimit() as unknown as preHandlerAsyncHookHandler;
}
