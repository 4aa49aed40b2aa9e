import type { FastifyInstance } from 'fastify';
import { errorBody } from '../error-catalogue.js';

/**
 * At most `max` open WebSockets per client address: an upgrade beyond it is refused before the
 * handshake with 429 TOO_MANY_CONNECTIONS. A connection counts from its upgrade request until its
 * TCP socket closes, so upgrades in flight count too and a refused or failed one frees its place.
 */
export function installWsConnectionCap(app: FastifyInstance, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  // A callback hook, not an async one: every HTTP request passes here, and an async hook costs it a promise.
  app.addHook('onRequest', (req, reply, done) => {
    if (!req.ws) {
      done();
      return;
    }
    const client = req.ip;
    const count = open.get(client) ?? 0;
    if (count >= max) {
      reply
        .status(429)
        .header('retry-after', '1')
        .send(errorBody('TOO_MANY_CONNECTIONS', `this address already has ${count} WebSocket connections open (at most ${max})`, { limit: max }));
      return;
    }
    open.set(client, count + 1);
    req.raw.socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
    done();
  });
}
