import { Decimal } from '../../domain/decimal.js';
import type { AlertDirection, PriceAlert } from '../../domain/notifications/alert-book.js';
import type { NotificationMessage } from '../../domain/notifications/notification.js';
import type { SqliteDb } from './database.js';
import { SqliteOutbox } from './sqlite-outbox.js';

interface Row {
  id: number;
  exchange: string;
  symbol: string;
  direction: string;
  price: string;
  repeat: number;
  fired: number;
  armed: number;
}
const alert = (r: Row): PriceAlert => ({
  id: r.id,
  exchange: r.exchange,
  symbol: r.symbol,
  direction: r.direction as AlertDirection,
  price: Decimal.parse(r.price),
  repeat: r.repeat === 1,
  fired: r.fired,
  armed: r.armed === 1,
});

export interface NewAlert {
  readonly exchange: string;
  readonly symbol: string;
  readonly direction: AlertDirection;
  readonly price: Decimal;
  readonly repeat: boolean;
}

/** The price alerts (migration 15). A firing is written with its notification in one transaction. */
export class SqlitePriceAlerts {
  constructor(
    private readonly db: SqliteDb,
    private readonly outbox: SqliteOutbox,
  ) {}

  /** Every alert still able to fire (a once alert that fired is kept for the list, but not here). */
  live(): PriceAlert[] {
    return (this.db.prepare('SELECT * FROM price_alerts WHERE armed = 1 OR repeat = 1 ORDER BY id').all() as Row[]).map(alert);
  }

  list(): (PriceAlert & { createdAt: number; firedAt: number | null })[] {
    const rows = this.db.prepare('SELECT * FROM price_alerts ORDER BY id').all() as (Row & { created_at: number; fired_at: number | null })[];
    return rows.map((r) => ({ ...alert(r), createdAt: r.created_at, firedAt: r.fired_at }));
  }

  get(id: number): PriceAlert | null {
    const r = this.db.prepare('SELECT * FROM price_alerts WHERE id = ?').get(id) as Row | undefined;
    return r ? alert(r) : null;
  }

  add(a: NewAlert, now: number): PriceAlert {
    const id = this.db
      .prepare('INSERT INTO price_alerts (exchange, symbol, direction, price, repeat, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.exchange, a.symbol, a.direction, a.price.toString(), a.repeat ? 1 : 0, now).lastInsertRowid;
    return this.get(Number(id))!;
  }

  /** A new threshold (dragged on the chart): armed again. */
  move(id: number, price: Decimal): PriceAlert | null {
    this.db.prepare('UPDATE price_alerts SET price = ?, armed = 1 WHERE id = ?').run(price.toString(), id);
    return this.get(id);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM price_alerts WHERE id = ?').run(id).changes === 1;
  }

  /** The alert fired (count and armed state as the book has them) and its message, in one transaction. */
  fired(a: PriceAlert, m: NotificationMessage, now: number): void {
    this.outbox.withMessage(() => this.db.prepare('UPDATE price_alerts SET fired = ?, armed = 0, fired_at = ? WHERE id = ?').run(a.fired, now, a.id), m);
  }

  /** A repeating alert the price crossed back over: armed again. */
  rearmed(id: number): void {
    this.db.prepare('UPDATE price_alerts SET armed = 1 WHERE id = ?').run(id);
  }
}
