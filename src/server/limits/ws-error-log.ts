import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/** ws names the protocol errors of a client's frames WS_ERR_* (bad UTF-8, too big, bad opcode, unmasked…). */
const isProtocolError = (err: Error): boolean => String((err as NodeJS.ErrnoException).code ?? '').startsWith('WS_ERR_');
/** A peer that vanished mid-frame is a network event, not our bug. */
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

/**
 * At most one log line per client address per window; the lines held back are counted and the
 * next line says how many. A client sending bad frames in a loop cannot flood the log.
 */
export class PerClientLogThrottle {
  private readonly seen = new Map<string, { until: number; held: number }>();

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {}

  /** Null: hold this line back; else log it, with how many were held back before it. */
  admit(client: string): { suppressed: number } | null {
    const now = this.now();
    const s = this.seen.get(client);
    if (s && now < s.until) {
      s.held++;
      return null;
    }
    if (this.seen.size >= this.maxClients) this.prune(now);
    this.seen.set(client, { until: now + this.windowMs, held: 0 });
    return { suppressed: s?.held ?? 0 };
  }

  private prune(now: number): void {
    for (const [k, s] of this.seen) if (now >= s.until) this.seen.delete(k);
    if (this.seen.size >= this.maxClients) this.seen.clear();
  }
}

/**
 * The `errorHandler` of @fastify/websocket. A client's bad frame (which ws answers by closing the
 * connection with 1002/1007/1009) and a dropped network connection are logged at warn, one line
 * without a stack trace, throttled per client address; any other error is ours and is logged
 * whole at error. The socket is terminated in every case.
 */
export function wsErrorHandler(throttle = new PerClientLogThrottle()) {
  return (err: Error, socket: WebSocket, req: FastifyRequest): void => {
    const code = (err as NodeJS.ErrnoException).code;
    const path = req.url.split('?')[0];
    const protocol = isProtocolError(err);
    if (protocol || NETWORK_CODES.has(String(code))) {
      const admitted = throttle.admit(req.ip);
      if (admitted) {
        const line = { client: req.ip, path, code, reason: err.message, ...(admitted.suppressed ? { suppressed: admitted.suppressed } : {}) };
        req.log.warn(line, protocol ? 'a WebSocket client sent a bad frame; its connection was closed' : 'a WebSocket connection failed');
      }
    } else {
      req.log.error({ err, client: req.ip, path }, 'WebSocket handler failed');
    }
    socket.terminate();
  };
}
