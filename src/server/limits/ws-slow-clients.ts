import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

export interface SlowClientLimits {
  /** More than this many bytes waiting in the socket… */
  readonly maxBufferedBytes: number;
  /** …at every look for this long drops the client. */
  readonly graceMs: number;
}

/** Close code and reason a dropped client sees (if it ever reads them). */
export const SLOW_CLIENT_CLOSE = { code: 1008, reason: 'the client does not read its messages' } as const;

/**
 * Drops WebSocket clients that stop reading: a socket whose send buffer stays above the limit at
 * every look (once a second at most) for the grace period is closed with 1008 and, since a client
 * that reads nothing will not read a close frame either, destroyed a second later. What it held
 * is freed; a client that is merely slow drains below the limit now and then and stays.
 */
export class SlowClientGuard {
  private readonly since = new Map<WebSocket, number | null>();
  private readonly everyMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  dropped = 0;

  constructor(
    private readonly limits: SlowClientLimits,
    private readonly onDrop: (socket: WebSocket, bufferedBytes: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.everyMs = Math.max(10, Math.min(1_000, Math.floor(limits.graceMs / 4)));
  }

  watch(socket: WebSocket): void {
    this.since.set(socket, null);
    socket.once('close', () => this.forget(socket));
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.everyMs);
      this.timer.unref();
    }
  }

  /** Sockets watched now. */
  size(): number {
    return this.since.size;
  }

  check(): void {
    const now = this.now();
    for (const [socket, since] of this.since) {
      if (socket.readyState !== socket.OPEN) continue;
      const waiting = socket.bufferedAmount;
      if (waiting <= this.limits.maxBufferedBytes) this.since.set(socket, null);
      else if (since === null) this.since.set(socket, now);
      else if (now - since >= this.limits.graceMs) this.drop(socket, waiting);
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.since.clear();
  }

  private drop(socket: WebSocket, waiting: number): void {
    this.forget(socket);
    this.dropped++;
    this.onDrop(socket, waiting);
    socket.close(SLOW_CLIENT_CLOSE.code, SLOW_CLIENT_CLOSE.reason);
    setTimeout(() => socket.terminate(), 1_000).unref();
  }

  private forget(socket: WebSocket): void {
    this.since.delete(socket);
    if (this.since.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

/** Every WebSocket the server accepts, on any route, is watched; the guard stops with the server. */
export function installSlowClientGuard(app: FastifyInstance, limits: SlowClientLimits): SlowClientGuard {
  const guard = new SlowClientGuard(limits, (_socket, bytes) =>
    app.log.warn({ buffered_bytes: bytes, grace_ms: limits.graceMs }, 'dropped a WebSocket client that stopped reading'),
  );
  app.websocketServer.on('connection', (socket: WebSocket) => guard.watch(socket));
  app.addHook('onClose', async () => guard.close());
  return guard;
}
