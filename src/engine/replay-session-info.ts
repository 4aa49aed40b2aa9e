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
  /** Every price of the session is the file's × this (exact), or null: the file's own prices. */
  readonly priceFactor: Decimal | null;
  /** The session this one re-watches (read-only, drawing that one's fills), or null. */
  readonly rewatchOf: string | null;
}
