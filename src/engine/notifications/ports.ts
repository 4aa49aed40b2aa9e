import type { ChannelId, NotificationKind, NotificationMessage } from '../../domain/notifications/notification.js';

/** A message waiting to go out on one channel. */
export interface OutboxDelivery {
  readonly outboxId: number;
  readonly channel: ChannelId;
  readonly attempts: number;
  readonly message: NotificationMessage;
}

/** The outbox's port (SQLite: persistence/sqlite/sqlite-outbox.ts). Each write is one transaction. */
export interface OutboxStore {
  /** Writes `m` in its own transaction; false when its dedup key was already there (nothing written). */
  add(m: NotificationMessage): boolean;
  /** Gives every new row its deliveries (`wants`: the channels its kind is switched on for); a row none wants is done. */
  expand(wants: (kind: string) => readonly ChannelId[]): number;
  /** The oldest pending delivery of `channel` due at `now`. */
  nextDue(channel: ChannelId, now: number): OutboxDelivery | null;
  markSent(outboxId: number, channel: ChannelId, attempts: number, now: number): void;
  markRetry(outboxId: number, channel: ChannelId, attempts: number, nextAt: number, error: string): void;
  markFailed(outboxId: number, channel: ChannelId, attempts: number, error: string): void;
  /** Messages after `afterId`, oldest first (the page's browser notifications). */
  recent(afterId: number, limit: number): { id: number; message: NotificationMessage }[];
  /** The id of the newest message (0 when none). */
  lastId(): number;
  pending(channel: ChannelId): number;
}

/** One channel's settings; `secret` is the decrypted webhook URL or SMTP password (never shown). */
export interface ChannelConfig {
  readonly channel: ChannelId;
  readonly enabled: boolean;
  readonly events: readonly NotificationKind[];
  readonly settings: Readonly<Record<string, string | number | boolean | null>>;
  readonly secret: string | null;
  readonly secretMasked: string | null;
  /** Why a stored secret cannot be used (the master key changed), or null. */
  readonly problem: string | null;
}

export interface ChannelPatch {
  readonly enabled?: boolean;
  readonly events?: readonly NotificationKind[];
  readonly settings?: Readonly<Record<string, string | number | boolean | null>>;
  /** A new secret; null removes it. */
  readonly secret?: string | null;
}

export interface ChannelConfigStore {
  get(channel: ChannelId): ChannelConfig;
  save(channel: ChannelId, patch: ChannelPatch): ChannelConfig;
}

export type SendOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: string;
      readonly retryAfterMs?: number;
      readonly permanent?: boolean;
      /** The channel lacks what it needs to send (a URL, a host): nothing was tried. */
      readonly unconfigured?: boolean;
    };

/** Sends one message on one channel (Slack, a webhook, SMTP); never throws. */
export interface ChannelTransport {
  send(message: NotificationMessage, config: ChannelConfig): Promise<SendOutcome>;
}
