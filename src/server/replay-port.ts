import type { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import type { LedgerStore } from '../engine/ports.js';
import type { RiskEngine } from '../engine/risk-engine.js';
import type { ReplaySession, ReplaySpeed } from '../engine/replay-session.js';
import type { ReplaySessionInfo } from '../engine/replay-session-info.js';
import type { JournalSource } from './journal/journal-handlers.js';

export type { ReplaySessionInfo };

/** An open practice session: its settings, its runner, and its own engine and ledger. */
export interface OpenReplaySession {
  readonly info: ReplaySessionInfo;
  readonly session: ReplaySession;
  readonly engine: ExecutionEngine;
  /** The session's own risk state (its limits are the defaults: a session has no limits route). */
  readonly risk: RiskEngine;
  readonly store: LedgerStore;
  /** The session's journal and review (mounted at /api/replay/sessions/{id}/journal). */
  readonly journal: JournalSource;
  /** The one instrument the session trades (under an alias in blind mode). */
  readonly instrument: Instrument;
  /** First and last tick times of the dataset. */
  readonly firstTime: number;
  readonly lastTime: number;
}

export interface NewReplaySession {
  readonly datasetId: string;
  /** Start at the first tick at or after this time; absent with `random`. */
  readonly startTime?: number;
  readonly random?: boolean;
  readonly startingCash: Decimal;
  readonly blind: boolean;
  readonly name?: string;
  readonly speed?: ReplaySpeed;
  /** Every price × an exact factor that brings the start price near 100 (price-rebase.ts). */
  readonly rebasePrices?: boolean;
}

/** The practice sessions, for the routes (the composition root builds it). Refusals are Rejections. */
export interface ReplayPort {
  create(input: NewReplaySession): OpenReplaySession;
  list(): OpenReplaySession[];
  /** Throws REPLAY_SESSION_NOT_FOUND. */
  get(id: string): OpenReplaySession;
  rename(id: string, name: string): OpenReplaySession;
  /** A new read-only session over a finished one's market (REPLAY_NOT_FINISHED otherwise). */
  rewatch(id: string): OpenReplaySession;
  /** Closes the session and removes its ledger file. */
  delete(id: string): void;
}
