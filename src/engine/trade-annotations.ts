import type { PositionId } from '../domain/ids.js';

/** The trader's own words on one trade (its trade id = the position's id in the same ledger). */
export interface TradeAnnotation {
  readonly tradeId: PositionId;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly setup: string | null;
  /** 1 (worst) to 5 (best), or none. */
  readonly rating: number | null;
  readonly mistakes: readonly string[];
  readonly updatedAt: number;
}

/** Where annotations are kept: the ledger's own database (table `trade_annotations`). */
export interface AnnotationStore {
  get(id: PositionId): TradeAnnotation | null;
  all(): Map<PositionId, TradeAnnotation>;
  put(a: TradeAnnotation): void;
}

export const emptyAnnotation = (tradeId: PositionId, time: number): TradeAnnotation => ({
  tradeId,
  notes: '',
  tags: [],
  setup: null,
  rating: null,
  mistakes: [],
  updatedAt: time,
});
