import type { ChannelId, NotificationKind, NotificationMessage } from '../../domain/notifications/notification.js';
import type { OutboxDelivery, OutboxStore } from '../../engine/notifications/ports.js';
import type { SqliteDb } from './database.js';

/** The outbox insert, also run by the ledger's writer thread in a commit's transaction. A known key is ignored. */
export const OUTBOX_INSERT = 'INSERT OR IGNORE INTO notification_outbox (dedup_key, kind, title, body, created_at, state) VALUES (?, ?, ?, ?, ?, ?)';
/**
 * A message's delivery on one channel, by its key (the writer thread does not know the row's id);
 * written with its row, so the main thread has nothing to write before sending it.
 */
export const DELIVERY_INSERT =
  "INSERT OR IGNORE INTO notification_deliveries (outbox_id, channel, status) SELECT id, ?, 'pending' FROM notification_outbox WHERE dedup_key = ? AND state = 'sending'";
/** `new`: its channels are chosen later (expand); `sending` with its deliveries; `done`: none sends it (the browser reads it). */
export const outboxRow = (m: NotificationMessage, state: 'new' | 'sending' | 'done' = 'new'): unknown[] => [m.dedupKey, m.kind, m.title, m.body, m.time, state];

interface Row {
  id: number;
  dedup_key: string;
  kind: string;
  title: string;
  body: string;
  created_at: number;
}
const message = (r: Row): NotificationMessage => ({ dedupKey: r.dedup_key, kind: r.kind as NotificationKind, title: r.title, body: r.body, time: r.created_at });

/** The outbox and its deliveries in SQLite (migration 15): each method is one transaction. */
export class SqliteOutbox implements OutboxStore {
  private readonly st;
  private readonly finish: (outboxId: number, channel: ChannelId, status: 'sent' | 'failed', attempts: number, error: string | null, at: number | null) => void;
  private readonly expandTx: (wants: (kind: string) => readonly ChannelId[]) => number;

  constructor(private readonly db: SqliteDb) {
    this.st = {
      insert: db.prepare(OUTBOX_INSERT),
      // `state <> 'done'` as in the partial index's WHERE, or SQLite does not use it (a scan of every row per look).
      fresh: db.prepare("SELECT id, kind FROM notification_outbox WHERE state <> 'done' AND state = 'new' ORDER BY id LIMIT 500"),
      state: db.prepare('UPDATE notification_outbox SET state = ? WHERE id = ?'),
      delivery: db.prepare("INSERT OR IGNORE INTO notification_deliveries (outbox_id, channel, status) VALUES (?, ?, 'pending')"),
      due: db.prepare(
        `SELECT o.*, d.attempts FROM notification_deliveries d JOIN notification_outbox o ON o.id = d.outbox_id
         WHERE d.channel = ? AND d.status = 'pending' AND d.next_at <= ? ORDER BY d.outbox_id LIMIT 1`,
      ),
      end: db.prepare('UPDATE notification_deliveries SET status = ?, attempts = ?, last_error = ?, sent_at = ? WHERE outbox_id = ? AND channel = ?'),
      done: db.prepare(
        "UPDATE notification_outbox SET state = 'done' WHERE id = ? AND NOT EXISTS (SELECT 1 FROM notification_deliveries WHERE outbox_id = ? AND status = 'pending')",
      ),
      retry: db.prepare('UPDATE notification_deliveries SET attempts = ?, next_at = ?, last_error = ? WHERE outbox_id = ? AND channel = ?'),
      recent: db.prepare('SELECT * FROM notification_outbox WHERE id > ? ORDER BY id LIMIT ?'),
      lastId: db.prepare('SELECT COALESCE(MAX(id), 0) FROM notification_outbox').pluck(),
      pending: db.prepare("SELECT COUNT(*) FROM notification_deliveries WHERE channel = ? AND status = 'pending'").pluck(),
    };
    this.finish = db.transaction((outboxId, channel, status, attempts, error, at) => {
      this.st.end.run(status, attempts, error, at, outboxId, channel);
      this.st.done.run(outboxId, outboxId);
    });
    this.expandTx = db.transaction((wants) => {
      const rows = this.st.fresh.all() as { id: number; kind: string }[];
      for (const r of rows) {
        const channels = wants(r.kind);
        for (const c of channels) this.st.delivery.run(r.id, c);
        this.st.state.run(channels.length ? 'sending' : 'done', r.id);
      }
      return rows.length;
    });
  }

  add(m: NotificationMessage): boolean {
    return this.st.insert.run(...outboxRow(m)).changes === 1;
  }

  expand(wants: (kind: string) => readonly ChannelId[]): number {
    return this.expandTx(wants);
  }

  nextDue(channel: ChannelId, now: number): OutboxDelivery | null {
    const r = this.st.due.get(channel, now) as (Row & { attempts: number }) | undefined;
    return r ? { outboxId: r.id, channel, attempts: r.attempts, message: message(r) } : null;
  }

  markSent(outboxId: number, channel: ChannelId, attempts: number, now: number): void {
    this.finish(outboxId, channel, 'sent', attempts, null, now);
  }

  markRetry(outboxId: number, channel: ChannelId, attempts: number, nextAt: number, error: string): void {
    this.st.retry.run(attempts, nextAt, error, outboxId, channel);
  }

  markFailed(outboxId: number, channel: ChannelId, attempts: number, error: string): void {
    this.finish(outboxId, channel, 'failed', attempts, error, null);
  }

  recent(afterId: number, limit: number): { id: number; message: NotificationMessage }[] {
    return (this.st.recent.all(afterId, limit) as Row[]).map((r) => ({ id: r.id, message: message(r) }));
  }

  lastId(): number {
    return this.st.lastId.get() as number;
  }

  pending(channel: ChannelId): number {
    return this.st.pending.get(channel) as number;
  }

  /**
   * Forgets delivered (or given up) messages created before `before` (the app keeps 30 days): the
   * outbox stays small, and no commit that old can come again to need its key.
   */
  prune(before: number): number {
    return this.db.transaction(() => {
      const old = "SELECT id FROM notification_outbox WHERE state = 'done' AND created_at < ?";
      this.db.prepare(`DELETE FROM notification_deliveries WHERE outbox_id IN (${old})`).run(before);
      return this.db.prepare(`DELETE FROM notification_outbox WHERE id IN (${old})`).run(before).changes;
    })();
  }

  /** Runs `write` and adds `m` in one transaction (a state change and its notification). */
  withMessage<T>(write: () => T, m: NotificationMessage | null): T {
    return this.db.transaction(() => {
      const out = write();
      if (m) this.add(m);
      return out;
    })();
  }
}
