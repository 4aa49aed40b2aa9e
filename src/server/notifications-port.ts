import type { Decimal } from '../domain/decimal.js';
import type { AlertDirection, PriceAlert } from '../domain/notifications/alert-book.js';
import type { ChannelId, NotificationMessage } from '../domain/notifications/notification.js';
import type { ChannelHealth } from '../engine/notifications/notification-sender.js';
import type { ChannelConfig, ChannelPatch, SendOutcome } from '../engine/notifications/ports.js';

export type StoredAlert = PriceAlert & { readonly createdAt: number; readonly firedAt: number | null };

/** What the HTTP layer may do with notifications; the secrets reach it only masked (`secretMasked`). */
export interface NotificationsPort {
  channels(): Omit<ChannelConfig, 'secret'>[];
  configure(channel: ChannelId, patch: ChannelPatch): Omit<ChannelConfig, 'secret'>;
  test(channel: ChannelId): Promise<SendOutcome>;
  health(): ChannelHealth[];
  /** Messages after `afterId` (the page's browser notifications), and the newest id. */
  recent(afterId: number, limit: number): { id: number; message: NotificationMessage }[];
  lastId(): number;
  alerts(): StoredAlert[];
  addAlert(a: { exchange: string; symbol: string; direction: AlertDirection; price: Decimal; repeat: boolean }): StoredAlert;
  moveAlert(id: number, price: Decimal): StoredAlert | null;
  removeAlert(id: number): boolean;
}
