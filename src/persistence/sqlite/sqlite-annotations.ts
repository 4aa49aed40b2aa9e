import { positionId, type PositionId } from '../../domain/ids.js';
import type { AnnotationStore, TradeAnnotation } from '../../engine/trade-annotations.js';
import type { SqliteDb } from './database.js';

interface Row {
  trade_id: number;
  notes: string;
  tags: string;
  setup: string | null;
  rating: number | null;
  mistakes: string;
  updated_at: number;
}

const toAnnotation = (r: Row): TradeAnnotation => ({
  tradeId: positionId(String(r.trade_id)),
  notes: r.notes,
  tags: JSON.parse(r.tags) as string[],
  setup: r.setup,
  rating: r.rating,
  mistakes: JSON.parse(r.mistakes) as string[],
  updatedAt: r.updated_at,
});

/** Annotations of a ledger's trades, in that ledger's file (migration 10); tags and mistakes as JSON arrays. */
export class SqliteAnnotations implements AnnotationStore {
  constructor(private readonly db: SqliteDb) {}

  get(id: PositionId): TradeAnnotation | null {
    if (!/^\d{1,15}$/.test(id)) return null;
    const row = this.db.prepare('SELECT * FROM trade_annotations WHERE trade_id = ?').get(Number(id)) as Row | undefined;
    return row ? toAnnotation(row) : null;
  }

  all(): Map<PositionId, TradeAnnotation> {
    const rows = this.db.prepare('SELECT * FROM trade_annotations').all() as Row[];
    return new Map(rows.map((r) => [positionId(String(r.trade_id)), toAnnotation(r)]));
  }

  put(a: TradeAnnotation): void {
    this.db
      .prepare(
        `INSERT INTO trade_annotations (trade_id, notes, tags, setup, rating, mistakes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (trade_id) DO UPDATE SET notes = excluded.notes, tags = excluded.tags, setup = excluded.setup,
           rating = excluded.rating, mistakes = excluded.mistakes, updated_at = excluded.updated_at`,
      )
      .run(Number(a.tradeId), a.notes, JSON.stringify(a.tags), a.setup, a.rating, JSON.stringify(a.mistakes), a.updatedAt);
  }
}
