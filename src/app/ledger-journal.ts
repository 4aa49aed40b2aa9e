import type { Logger } from 'pino';
import type { TradingMode } from '../domain/ids.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import { ExcursionTracker } from '../engine/excursion-tracker.js';
import type { LedgerStore } from '../engine/ports.js';
import type { SqliteDb } from '../persistence/sqlite/database.js';
import { SqliteAnnotations } from '../persistence/sqlite/sqlite-annotations.js';
import { SqliteExcursions } from '../persistence/sqlite/sqlite-excursions.js';
import type { JournalSource } from '../server/journal/journal-handlers.js';
import type { MarketTick } from '../sim/market/market-types.js';

/** How often the open positions' excursions moved by ticks are written (their changes are written at once). */
export const EXCURSION_FLUSH_MS = 1_000;

export interface LedgerJournal {
  /** What the journal routes read (mount with server/routes/journal.ts). */
  readonly source: JournalSource;
  readonly tracker: ExcursionTracker;
  /** Feed every tick the engine got, right after it. */
  onTick(exchange: string, tick: MarketTick): void;
  /** Stops the timer and writes what is pending; call after the engine is durable, before closing the database. */
  stop(): void;
}

/**
 * The journal of one ledger (the main file, or a practice session's): the excursion tracker on its
 * engine's events, a flush timer, and the stores of its database. The caller feeds it the ticks.
 */
export function ledgerJournal(
  db: SqliteDb,
  engine: ExecutionEngine,
  store: LedgerStore,
  opts: { mode: () => TradingMode; durable: () => Promise<void>; now?: () => number; logger?: Logger },
): LedgerJournal {
  const tracker = new ExcursionTracker(new SqliteExcursions(db), engine.positions());
  const off = engine.subscribe((e) => tracker.onEvent(e));
  const flush = () => {
    try {
      tracker.flush();
    } catch (err) {
      opts.logger?.warn({ err }, 'excursions could not be written');
    }
  };
  const timer = setInterval(flush, EXCURSION_FLUSH_MS);
  timer.unref();
  return {
    source: {
      store,
      annotations: new SqliteAnnotations(db),
      excursions: tracker,
      startingEquity: engine.startingBalance(),
      mode: opts.mode,
      durable: opts.durable,
      now: opts.now ?? Date.now,
    },
    tracker,
    onTick: (exchange, tick) => tracker.onTick(exchange, tick),
    stop() {
      clearInterval(timer);
      off();
      flush();
    },
  };
}
