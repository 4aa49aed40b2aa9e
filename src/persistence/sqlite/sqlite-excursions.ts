import { Decimal } from '../../domain/decimal.js';
import { positionId, type PositionId } from '../../domain/ids.js';
import type { Excursion } from '../../domain/journal.js';
import type { ExcursionStore } from '../../engine/excursion-tracker.js';
import type { SqliteDb } from './database.js';

interface Row {
  position_id: number;
  best_price: string;
  worst_price: string;
  mfe: string;
  mae: string;
  updated_at: number;
}

/** Excursions of a ledger's positions, in that ledger's file (migration 10). */
export class SqliteExcursions implements ExcursionStore {
  private readonly put;
  private readonly saveTx: (rows: readonly Excursion[]) => void;

  constructor(private readonly db: SqliteDb) {
    this.put = db.prepare(
      `INSERT INTO excursions (position_id, best_price, worst_price, mfe, mae, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (position_id) DO UPDATE SET best_price = excluded.best_price, worst_price = excluded.worst_price,
         mfe = excluded.mfe, mae = excluded.mae, updated_at = excluded.updated_at`,
    );
    this.saveTx = db.transaction((rows: readonly Excursion[]) => {
      for (const e of rows) this.put.run(Number(e.positionId), e.bestPrice.toString(), e.worstPrice.toString(), e.mfe.toString(), e.mae.toString(), e.updatedAt);
    });
  }

  load(ids: readonly PositionId[]): Excursion[] {
    const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    if (numeric.length === 0) return [];
    const rows: Row[] = [];
    // In chunks: SQLite caps the number of bound parameters.
    for (let i = 0; i < numeric.length; i += 500) {
      const chunk = numeric.slice(i, i + 500);
      rows.push(...(this.db.prepare(`SELECT * FROM excursions WHERE position_id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk) as Row[]));
    }
    return rows.map((r) => ({
      positionId: positionId(String(r.position_id)),
      bestPrice: Decimal.parse(r.best_price),
      worstPrice: Decimal.parse(r.worst_price),
      mfe: Decimal.parse(r.mfe),
      mae: Decimal.parse(r.mae),
      updatedAt: r.updated_at,
    }));
  }

  save(rows: readonly Excursion[]): void {
    if (rows.length) this.saveTx(rows);
  }
}
