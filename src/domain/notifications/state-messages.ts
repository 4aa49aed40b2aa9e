import type { Decimal } from '../decimal.js';
import type { PriceAlert } from './alert-book.js';
import type { NotificationMessage } from './notification.js';

/** Messages of what is not a ledger event (pure); each key names the happening once. */

export function riskStateMessage(mode: string, from: string, to: string, reason: string | null, time: number): NotificationMessage {
  return {
    dedupKey: `risk:${mode}:${to}:${time}`,
    kind: 'risk_state',
    title: `Trading ${to} (${mode})`,
    body: `The ${mode} account went from ${from} to ${to}${reason ? `: ${reason}` : ''}`,
    time,
  };
}

/** `level` 80 or 100 (% of the day's loss limit); once per mode, level and UTC day. */
export function dailyLossMessage(mode: string, day: string, level: 80 | 100, loss: Decimal, limit: Decimal, time: number): NotificationMessage {
  return {
    dedupKey: `daily-loss:${mode}:${day}:${level}`,
    kind: 'daily_loss',
    title: level === 100 ? `Daily loss limit reached (${mode})` : `Daily loss at ${level} % of the limit (${mode})`,
    body: `Today's loss is ${loss.toString()} of a ${limit.toString()} limit on the ${mode} account`,
    time,
  };
}

export function feedMessage(exchange: string, state: 'stale' | 'live', reason: string | null, since: number, time: number): NotificationMessage {
  return {
    dedupKey: `feed:${exchange}:${state}:${since}`,
    kind: 'feed_status',
    title: state === 'stale' ? `Feed stale: ${exchange}` : `Feed back: ${exchange}`,
    body: state === 'stale' ? `No market data from ${exchange}${reason ? ` (${reason})` : ''}` : `Market data from ${exchange} is live again`,
    time,
  };
}

export interface Difference {
  readonly symbol: string;
  readonly exchange: string;
  readonly local: string;
}

/** One message per exchange and set of differences per hour (a reconnect storm tells it once). */
export function reconciliationMessage(exchange: string, differences: readonly Difference[], time: number): NotificationMessage {
  const list = differences.map((d) => `${d.symbol}: exchange ${d.exchange}, local ${d.local}`);
  return {
    dedupKey: `reconcile:${exchange}:${Math.floor(time / 3_600_000)}:${list.join(';')}`,
    kind: 'reconciliation',
    title: `Live positions differ: ${exchange}`,
    body: list.join('\n'),
    time,
  };
}

export function priceAlertMessage(a: PriceAlert, price: Decimal, time: number): NotificationMessage {
  return {
    dedupKey: `alert:${a.id}:${a.fired}`,
    kind: 'price_alert',
    title: `Price alert: ${a.symbol} ${a.direction} ${a.price.toString()}`,
    body: `${a.symbol} on ${a.exchange} traded at ${price.toString()} (${a.direction} ${a.price.toString()}${a.repeat ? ', repeating' : ''})`,
    time,
  };
}

export function testMessage(channel: string, time: number, nonce: string): NotificationMessage {
  return { dedupKey: `test:${channel}:${nonce}`, kind: 'test', title: 'Scalping Trainer test', body: `A test message to the ${channel} channel`, time };
}
