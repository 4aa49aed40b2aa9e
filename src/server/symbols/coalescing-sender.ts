import type { WebSocket } from 'ws';

export interface SenderLimits {
  /** Above this many bytes waiting in the socket, messages wait here instead. */
  readonly maxBufferedBytes: number;
  /** At most this many keys wait; beyond it the oldest waiting message is dropped. */
  readonly maxPending: number;
  /** How often a backed-up socket is looked at again. */
  readonly retryMs: number;
}

export const DEFAULT_SENDER_LIMITS: SenderLimits = { maxBufferedBytes: 256 * 1024, maxPending: 1024, retryMs: 25 };

/**
 * One socket's outbox, bounded: while the client keeps up every message goes straight out; once
 * `maxBufferedBytes` are waiting in the socket, messages are held one per key (a symbol's price on
 * an exchange, a position) and a newer one replaces the older (coalesced), so a slow client gets
 * the latest state of everything, late, and the server's memory stays bounded.
 */
export class CoalescingSender {
  private readonly pending = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  coalesced = 0;
  dropped = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: SenderLimits = DEFAULT_SENDER_LIMITS,
  ) {}

  send(key: string, text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.pending.size === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.socket.send(text);
      return;
    }
    if (this.pending.delete(key)) this.coalesced++;
    else if (this.pending.size >= this.limits.maxPending) {
      this.pending.delete(this.pending.keys().next().value!);
      this.dropped++;
    }
    this.pending.set(key, text); // (re)inserted last: the queue keeps the order of the latest messages
    this.arm();
  }

  /** Messages waiting for the socket to drain. */
  waiting(): number {
    return this.pending.size;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.limits.retryMs);
  }

  private flush(): void {
    this.timer = null;
    if (this.socket.readyState !== this.socket.OPEN) return this.close();
    for (const [key, text] of this.pending) {
      if (this.socket.bufferedAmount >= this.limits.maxBufferedBytes) break;
      this.pending.delete(key);
      this.socket.send(text);
    }
    if (this.pending.size) this.arm();
  }
}
