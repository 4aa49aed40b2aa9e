import type { Logger } from 'pino';
import { emailTransport } from '../adapters/notify/email-transport.js';
import { slackTransport, webhookTransport } from '../adapters/notify/webhook-transports.js';
import { Decimal } from '../domain/decimal.js';
import type { TradingMode } from '../domain/ids.js';
import { AlertBook, type PriceAlert } from '../domain/notifications/alert-book.js';
import { dailyLossMessage, feedMessage, priceAlertMessage, reconciliationMessage, testMessage, type Difference } from '../domain/notifications/state-messages.js';
import { NotificationSender } from '../engine/notifications/notification-sender.js';
import type { ExchangeAdapter } from '../engine/ports.js';
import type { RiskEngine } from '../engine/risk-engine.js';
import type { MarketTick } from '../sim/market/market-types.js';
import type { SqliteDb } from '../persistence/sqlite/database.js';
import { SqliteNotificationConfig } from '../persistence/sqlite/sqlite-notification-config.js';
import { SqliteOutbox } from '../persistence/sqlite/sqlite-outbox.js';
import { SqlitePriceAlerts } from '../persistence/sqlite/sqlite-price-alerts.js';
import type { NotificationsPort, StoredAlert } from '../server/notifications-port.js';

export interface NotificationsDeps {
  readonly db: SqliteDb;
  readonly masterKey: Buffer;
  readonly logger: Logger;
  readonly exchanges: ReadonlyMap<string, ExchangeAdapter>;
  readonly mode: () => TradingMode;
  readonly knownEquity: (mode: TradingMode) => Decimal | null;
  readonly watchMs?: number;
}

/** How long a delivered message is kept in the outbox. */
const KEEP_MS = 30 * 86_400_000;
const utcDay = (t: number): string => new Date(t).toISOString().slice(0, 10);
const strip = <T extends { secret: unknown }>(c: T): Omit<T, 'secret'> => {
  const { secret: _, ...rest } = c;
  return rest;
};

/**
 * Notifications in the composition root: the outbox, the channels, the sender, the price alerts
 * on ticks, and the watchers of what is no ledger event (feeds, the day's loss), each message
 * written in its own transaction.
 */
export function notifications(d: NotificationsDeps) {
  const outbox = new SqliteOutbox(d.db);
  const config = new SqliteNotificationConfig(d.db, d.masterKey);
  const alerts = new SqlitePriceAlerts(d.db, outbox);
  const sender = new NotificationSender({
    outbox,
    config,
    transports: { slack: slackTransport, webhook: webhookTransport, email: emailTransport },
    log: (channel, message) => d.logger.warn({ channel }, message),
  });
  let risk: RiskEngine | null = null;
  const books = new Map<string, AlertBook>();
  const keyOf = (exchange: string, symbol: string): string => `${exchange}:${symbol}`;
  const bookAdd = (a: PriceAlert): void => {
    const k = keyOf(a.exchange, a.symbol);
    const b = books.get(k) ?? new AlertBook();
    b.add(a);
    books.set(k, b);
  };
  const bookRemove = (a: PriceAlert): void => {
    const b = books.get(keyOf(a.exchange, a.symbol));
    b?.remove(a.id);
    if (b && b.size === 0) books.delete(keyOf(a.exchange, a.symbol));
  };
  for (const a of alerts.live()) bookAdd(a);

  const write = (m: Parameters<SqliteOutbox['add']>[0]): void => {
    try {
      if (outbox.add(m)) sender.kick();
    } catch (err) {
      d.logger.error({ err, key: m.dedupKey }, 'a notification could not be written to the outbox');
    }
  };

  // What is no ledger event is watched: each feed's state, and the day's loss against its limit.
  const feeds = new Map<string, { live: boolean; since: number }>();
  const watch = setInterval(() => {
    const now = Date.now();
    for (const [id, a] of d.exchanges) {
      if (!a.info().connected) continue;
      const s = a.status();
      const live = s.state === 'live';
      const was = feeds.get(id);
      if (was && was.live !== live && (s.state === 'live' || s.state === 'stale' || s.state === 'reconnecting')) {
        write(feedMessage(id, live ? 'live' : 'stale', s.reason, now, now));
      }
      if (!was || was.live !== live) feeds.set(id, { live, since: now });
    }
    const limit = risk?.currentLimits().maxDailyLoss;
    if (risk && limit && limit.gt(Decimal.ZERO)) {
      const mode = d.mode();
      const st = risk.status(mode, d.knownEquity(mode));
      const loss = st.dailyPnl.neg();
      if (loss.gte(limit)) write(dailyLossMessage(mode, utcDay(now), 100, loss, limit, now));
      else if (loss.mul(Decimal.fromInt(10)).gte(limit.mul(Decimal.fromInt(8)))) write(dailyLossMessage(mode, utcDay(now), 80, loss, limit, now));
    }
  }, d.watchMs ?? 2_000);
  watch.unref();

  const port: NotificationsPort = {
    channels: () => config.all().map(strip),
    configure: (channel, patch) => {
      const c = strip(config.save(channel, patch));
      sender.kick();
      return c;
    },
    test: (channel) => sender.sendNow(channel, testMessage(channel, Date.now(), `${Date.now()}-${Math.random().toString(36).slice(2)}`)),
    health: () => sender.health(),
    recent: (after, limit) => outbox.recent(after, limit),
    lastId: () => outbox.lastId(),
    alerts: () => alerts.list(),
    addAlert: (a) => {
      const stored = alerts.add(a, Date.now());
      bookAdd(stored);
      return alerts.list().find((x) => x.id === stored.id)!;
    },
    moveAlert: (id, price) => {
      const old = alerts.get(id);
      if (!old) return null;
      bookRemove(old);
      const moved = alerts.move(id, price)!;
      bookAdd(moved);
      return alerts.list().find((x) => x.id === id) ?? null;
    },
    removeAlert: (id) => {
      const old = alerts.get(id);
      if (old) bookRemove(old);
      return alerts.remove(id);
    },
  };

  return {
    outbox,
    port,
    /** The risk engine, once built on this module's outbox: the day's loss is watched from then on. */
    setRisk(r: RiskEngine): void {
      risk = r;
    },
    sender,
    /** The channels that send `kind` (written with the ledger's commit); null when none wants it, the browser's included (not written). */
    routing(kind: string): readonly string[] | null {
      const browser = config.get('browser');
      const channels = sender.wants(kind);
      return channels.length || (browser.enabled && (browser.events as readonly string[]).includes(kind)) ? channels : null;
    },
    /** Every tick of every exchange: one map lookup when the symbol has no alert. */
    onTick(exchange: string, tick: MarketTick): void {
      const book = books.get(keyOf(exchange, tick.symbol));
      if (!book) return;
      for (const a of book.onPrice(tick.last)) {
        try {
          alerts.fired(a, priceAlertMessage(a, tick.last, tick.time), tick.time);
          sender.kick();
        } catch (err) {
          d.logger.error({ err, alert: a.id }, 'a price alert could not be written');
        }
      }
    },
    reconciliation(exchange: string, differences: readonly Difference[]): void {
      write(reconciliationMessage(exchange, differences, Date.now()));
    },
    /** The ledger committed (its outbox rows with it): look at the outbox now. */
    committed(): void {
      sender.kick();
    },
    start(): void {
      try {
        outbox.prune(Date.now() - KEEP_MS);
      } catch (err) {
        d.logger.warn({ err }, 'old notifications could not be pruned');
      }
      sender.start();
    },
    async stop(): Promise<void> {
      clearInterval(watch);
      await sender.stop();
    },
  };
}
export type { StoredAlert };
