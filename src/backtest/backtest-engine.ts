import type { Decimal } from '../domain/decimal.js';
import type { MarginMode } from '../domain/perp-margin.js';
import type { FundingSource } from '../domain/funding.js';
import { perpTermsOf } from '../engine/perp-terms.js';
import type { Instrument } from '../domain/instrument.js';
import { Rejection } from '../domain/rejection.js';
import { ExecutionEngine } from '../engine/execution-engine.js';
import type { Clock, LedgerStore } from '../engine/ports.js';
import { RiskEngine } from '../engine/risk-engine.js';
import { MemoryLedgerStore } from '../persistence/memory/memory-ledger-store.js';
import { MemoryRiskStore } from '../persistence/memory/memory-risk-store.js';
import type { FillModel } from '../sim/matching-core.js';
import { SimVenue } from '../sim/sim-venue.js';

export interface BacktestEngineOptions {
  readonly instrument: Instrument;
  readonly clock: Clock;
  readonly cash: Decimal;
  /** Leverage the margin check applies (null: no margin check). */
  readonly leverage: Decimal | null;
  readonly fillModel: FillModel;
  /** With a leverage: the perpetual's margin mode (default cross) and the venue whose tiers apply (default sim: Binance's). */
  readonly marginMode?: MarginMode;
  readonly venue?: string;
  /** Funding of the position (the engine books each payment in the ledger); absent: none. */
  readonly funding?: FundingSource;
  /** The ledger (default: in memory); any LedgerStore, e.g. a SQLite file to keep the run. */
  readonly store?: LedgerStore;
}

/**
 * A backtest's engine: the one ExecutionEngine with a SimVenue, the RiskEngine (no limits unless
 * set) and a ledger in memory, exactly as a practice session composes them (app/replay-sessions.ts)
 * but for a file-less run. One instrument, simulation mode.
 */
export function backtestEngine(o: BacktestEngineOptions): { engine: ExecutionEngine; store: LedgerStore } {
  const store = o.store ?? new MemoryLedgerStore();
  const inst = o.instrument;
  let engine: ExecutionEngine | null = null;
  engine = new ExecutionEngine({
    store,
    clock: o.clock,
    venueFor: (mode, exchange) => {
      if (exchange !== inst.exchange || mode !== 'simulation') throw new Rejection('UNKNOWN_EXCHANGE', `a backtest trades on ${inst.exchange} in simulation only`, { exchange });
      // No slippage cap: the backtest's quote already carries the run's slippage, and its depth is the touch.
      return new SimVenue([inst], (ord) => engine!.positionOf(ord), { fillModel: o.fillModel, slippageCapBps: 10_000 });
    },
    instrument: (exchange, symbol) => (exchange === inst.exchange && symbol === inst.symbol ? inst : null),
    risk: new RiskEngine(new MemoryRiskStore(), o.clock),
    startingBalance: o.cash,
    leverage: o.leverage === null ? undefined : () => o.leverage,
    // Leveraged: the position is liquidated as the venue would (the same engine code as a session's).
    funding: o.funding,
    perp: o.leverage === null ? undefined : perpTermsOf({ leverage: () => o.leverage!, marginMode: () => o.marginMode ?? 'cross', venue: () => o.venue ?? 'sim' }),
  });
  return { engine, store };
}
