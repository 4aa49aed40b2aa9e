import { CHANNELS, type ChannelId, type NotificationMessage } from '../../domain/notifications/notification.js';
import type { ChannelConfigStore, ChannelTransport, OutboxStore, SendOutcome } from './ports.js';

export interface ChannelHealth {
  readonly channel: ChannelId;
  readonly enabled: boolean;
  /** `failing`: the last attempt failed (it is retried, or was given up); `disabled`: switched off. */
  readonly state: 'ok' | 'failing' | 'disabled';
  readonly pending: number;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly lastSentAt: number | null;
}

export interface SenderOptions {
  readonly outbox: OutboxStore;
  readonly config: ChannelConfigStore;
  readonly transports: Partial<Record<ChannelId, ChannelTransport>>;
  readonly now?: () => number;
  /** How often the outbox is looked at when nothing wakes the sender (ms). */
  readonly pollMs?: number;
  /** The least time between two messages of a channel (Slack: 1 message a second). */
  readonly minIntervalMs?: Partial<Record<ChannelId, number>>;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Attempts before a message is given up on that channel. */
  readonly maxAttempts?: number;
  readonly log?: (channel: ChannelId, message: string) => void;
}

/** A kick looks at the outbox this much later: a burst of fills is read in one go. */
const KICK_MS = 10;
const DEFAULT_INTERVAL: Record<ChannelId, number> = { slack: 1_000, webhook: 1_000, email: 250, browser: 0 };

/**
 * Sends the outbox in the background, on the main thread's timers: each channel one message at a
 * time, oldest first, at most one per its interval; a failure is retried with exponential back-off
 * (a 429's Retry-After holds the whole channel), given up after `maxAttempts`. Every state is in the
 * outbox, so after a restart whatever was not delivered is sent; a delivered message is marked in
 * the same turn its answer came, so it is not sent again. Never throws into its caller.
 */
export class NotificationSender {
  private readonly now: () => number;
  private readonly busy = new Set<ChannelId>();
  private readonly holdUntil = new Map<ChannelId, number>();
  private readonly status = new Map<ChannelId, { lastError: string | null; lastErrorAt: number | null; lastSentAt: number | null; failing: boolean }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private kicked = false;
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: SenderOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Something was written to the outbox: look at it soon (kicks of one burst of commits are one look). */
  kick(): void {
    if (!this.running || this.kicked) return;
    this.kicked = true;
    this.schedule(KICK_MS);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all(this.inFlight);
  }

  /** The channels that want a message of `kind` sent (the browser's are read by the page). */
  wants(kind: string): ChannelId[] {
    return CHANNELS.filter((c) => {
      if (c === 'browser' || !this.o.transports[c]) return false;
      const cfg = this.o.config.get(c);
      return cfg.enabled && (cfg.events as readonly string[]).includes(kind);
    });
  }

  health(): ChannelHealth[] {
    return CHANNELS.map((channel) => {
      const cfg = this.o.config.get(channel);
      const s = this.status.get(channel);
      const state = !cfg.enabled ? 'disabled' : s?.failing || cfg.problem ? 'failing' : 'ok';
      return {
        channel,
        enabled: cfg.enabled,
        state,
        pending: channel === 'browser' ? 0 : this.o.outbox.pending(channel),
        lastError: s?.lastError ?? cfg.problem,
        lastErrorAt: s?.lastErrorAt ?? null,
        lastSentAt: s?.lastSentAt ?? null,
      };
    });
  }

  /** Sends `m` on `channel` now, outside the outbox (the "send test" button); the answer says how it went. */
  async sendNow(channel: ChannelId, m: NotificationMessage): Promise<SendOutcome> {
    const transport = this.o.transports[channel];
    if (!transport) return { ok: false, error: `${channel} is not sent by the server`, permanent: true };
    const outcome = await transport.send(m, this.o.config.get(channel));
    this.note(channel, outcome);
    return outcome;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), ms);
    this.timer.unref?.();
  }

  private pump(): void {
    this.timer = null;
    this.kicked = false;
    if (!this.running) return;
    let next = this.o.pollMs ?? 500;
    try {
      this.o.outbox.expand((kind) => this.wants(kind));
      const now = this.now();
      for (const channel of CHANNELS) {
        if (channel === 'browser' || this.busy.has(channel)) continue;
        const cfg = this.o.config.get(channel);
        if (!cfg.enabled || !this.o.transports[channel]) {
          this.dropSwitchedOff(channel, now);
          continue;
        }
        const hold = (this.holdUntil.get(channel) ?? 0) - now;
        if (hold > 0) {
          next = Math.min(next, hold);
          continue;
        }
        const due = this.o.outbox.nextDue(channel, now);
        if (due) this.deliver(channel, due.outboxId, due.attempts, due.message);
      }
    } catch (err) {
      this.o.log?.('browser', `the notification outbox could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.schedule(next);
  }

  private dropSwitchedOff(channel: ChannelId, now: number): void {
    for (let i = 0; i < 100; i++) {
      const due = this.o.outbox.nextDue(channel, Number.MAX_SAFE_INTEGER);
      if (!due) return;
      this.o.outbox.markFailed(due.outboxId, channel, due.attempts, `the ${channel} channel was switched off at ${now}`);
    }
  }

  private deliver(channel: ChannelId, outboxId: number, attempts: number, m: NotificationMessage): void {
    this.busy.add(channel);
    const cfg = this.o.config.get(channel);
    const run = this.o.transports[channel]!.send(m, cfg)
      .catch((err: unknown): SendOutcome => ({ ok: false, error: err instanceof Error ? err.message : String(err) }))
      .then((outcome) => this.settle(channel, outboxId, attempts + 1, outcome))
      .finally(() => {
        this.busy.delete(channel);
        this.inFlight.delete(run);
        this.kick();
      });
    this.inFlight.add(run);
  }

  private settle(channel: ChannelId, outboxId: number, attempts: number, outcome: SendOutcome): void {
    const now = this.now();
    this.note(channel, outcome);
    try {
      if (outcome.ok) {
        this.o.outbox.markSent(outboxId, channel, attempts, now);
        this.holdUntil.set(channel, now + (this.o.minIntervalMs?.[channel] ?? DEFAULT_INTERVAL[channel]));
        return;
      }
      this.o.log?.(channel, `delivery ${outboxId} failed (attempt ${attempts}): ${outcome.error}`);
      if (outcome.permanent || attempts >= (this.o.maxAttempts ?? 10)) {
        this.o.outbox.markFailed(outboxId, channel, attempts, outcome.error);
        return;
      }
      const backoff = Math.min(this.o.maxBackoffMs ?? 300_000, (this.o.baseBackoffMs ?? 1_000) * 2 ** (attempts - 1));
      const wait = outcome.retryAfterMs ?? backoff;
      // A Retry-After is the whole channel's (Slack limits the webhook, not the message).
      this.holdUntil.set(channel, now + (outcome.retryAfterMs ?? this.o.minIntervalMs?.[channel] ?? DEFAULT_INTERVAL[channel]));
      this.o.outbox.markRetry(outboxId, channel, attempts, now + wait, outcome.error);
    } catch (err) {
      this.o.log?.(channel, `the outcome of delivery ${outboxId} could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private note(channel: ChannelId, outcome: SendOutcome): void {
    const s = this.status.get(channel) ?? { lastError: null, lastErrorAt: null, lastSentAt: null, failing: false };
    if (outcome.ok) this.status.set(channel, { ...s, lastSentAt: this.now(), failing: false });
    else this.status.set(channel, { ...s, lastError: outcome.error, lastErrorAt: this.now(), failing: true });
  }
}
