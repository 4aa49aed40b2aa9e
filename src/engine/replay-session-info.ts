import type { Decimal } from '../domain/decimal.js';

/** What a practice session is, as the list keeps it (the main database's `replay_sessions`). */
export interface ReplaySessionInfo {
  readonly id: string;
  readonly name: string;
  readonly datasetId: string;
  readonly startTime: number;
  readonly randomStart: boolean;
  readonly blind: boolean;
  readonly startingCash: Decimal;
  readonly createdAt: number;
}
