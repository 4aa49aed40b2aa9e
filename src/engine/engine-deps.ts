import { Decimal } from '../domain/decimal.js';
import type { DomainEvent } from '../domain/events.js';
import type { TradingMode } from '../domain/ids.js';
import type { Instrument } from '../domain/instrument.js';
import type { Clock, Defer, ExecutionVenue, LedgerStore, VenueReport } from './ports.js';
import type { RiskEngine } from './risk-engine.js';
import type { PerpTermsOf } from './perp-book.js';
import type { FundingSource } from '../domain/funding.js';

/** What an ExecutionEngine is built from: its ledger, clock, venues and instruments, and the optional rules. */
export interface EngineDeps {
  readonly store: LedgerStore;
  readonly clock: Clock;
  /**
   * The venue orders of a mode go to on an exchange (created once, then kept): the simulated
   * venue for simulation and paper trading, the exchange itself for live. Throws a Rejection for
   * an unknown exchange or a mode that is not available there.
   */
  readonly venueFor: (mode: TradingMode, exchange: string, report: VenueReport) => ExecutionVenue;
  readonly instrument: (exchange: string, symbol: string) => Instrument | null;
  /**
   * Group commit: when set, units of work are applied at once but committed together at the end of
   * the turn (`defer`, e.g. setImmediate); callers acknowledge after `durable()`. When absent, each
   * unit commits before the command returns.
   */
  readonly groupCommit?: Defer;
  /** Pre-trade risk, run on every order a trader sends (not on exits the engine creates). */
  readonly risk?: RiskEngine;
  /** Cash an account starts with, per mode, for equity (default 10,000 USDT). */
  readonly startingBalance?: Decimal;
  /**
   * The account's cash as its venues report it, where they do (live trading: the exchanges'
   * wallets): equity is then that cash + unrealized PnL, for risk and statistics. Null while they
   * have not reported it yet; undefined for a mode whose ledger is the account.
   */
  readonly reportedCash?: (mode: TradingMode) => Decimal | null | undefined;
  /**
   * Leverage a mode trades a symbol at, where the engine keeps the margin (simulated accounts: 1×
   * for spot); null where the venue keeps it (live). Absent: no margin check.
   */
  readonly leverage?: (mode: TradingMode, inst: Instrument) => Decimal | null;
  /**
   * How a mode trades a perpetual where the engine keeps the margin (margin mode, tiers, formula):
   * its positions are liquidated when the mark crosses their liquidation price. Null for spot and
   * live trading; absent: no liquidation.
   */
  readonly perp?: PerpTermsOf;
  /**
   * Funding of the perpetual positions of simulated accounts: at each funding time the source gives, every
   * open one pays or receives notional × rate at its mark, one ledger entry each.
   */
  readonly funding?: FundingSource;
}

export type EngineListener = (event: DomainEvent) => void;
