/** What the trader can be told of; each switchable per channel. */
export const NOTIFICATION_KINDS = [
  'order_filled',
  'tp_sl_hit',
  'liquidation',
  'margin_warning',
  'order_rejected',
  'risk_state',
  'daily_loss',
  'feed_status',
  'reconciliation',
  'price_alert',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The channels a message can go out on; `browser` is read by the page, the others are sent. */
export const CHANNELS = ['slack', 'webhook', 'email', 'browser'] as const;
export type ChannelId = (typeof CHANNELS)[number];

/**
 * One message for the outbox. `dedupKey` is unique: the same happening told twice (a replayed
 * commit, a second alert check of one crossing) is one row, so it is delivered once.
 */
export interface NotificationMessage {
  readonly dedupKey: string;
  /** `test`: the "send test" button's message, never from the outbox. */
  readonly kind: NotificationKind | 'test';
  readonly title: string;
  readonly body: string;
  readonly time: number;
}

export const isKind = (k: string): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k);
