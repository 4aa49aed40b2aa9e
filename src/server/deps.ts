import type { TradingMode } from '../domain/ids.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import type { ExchangeAdapter, LedgerStore } from '../engine/ports.js';

/** What the HTTP layer is given by the composition root; it reaches nothing else. */
export interface ServerDeps {
  readonly engine: ExecutionEngine;
  readonly store: LedgerStore;
  readonly exchanges: ReadonlyMap<string, ExchangeAdapter>;
  readonly mode: () => TradingMode;
  readonly defaultExchange: string;
  /** Throws when the database cannot answer. */
  readonly pingDatabase: () => void;
  /** Directory of the built web trainer, if any. */
  readonly webRoot?: string | null;
}
