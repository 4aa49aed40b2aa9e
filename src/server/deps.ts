import type { TradingMode } from '../domain/ids.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import type { RiskEngine } from '../engine/risk-engine.js';
import type { ExchangeAdapter, LedgerStore } from '../engine/ports.js';
import type { AuditLog } from '../engine/audit-log.js';
import type { JournalSource } from './journal/journal-handlers.js';
import type { WatchListStore } from '../engine/watch-list-store.js';
import type { LeverageStore } from '../engine/leverage-store.js';
import type { Decimal } from '../domain/decimal.js';
import type { AuthPolicy } from './auth/auth-policy.js';
import type { CredentialsPort } from './credentials-port.js';
import type { PeerConfig } from './security/allowed-peers.js';
import type { ReplayPort } from './replay-port.js';
import type { ServerLimits } from './limits/server-limits.js';
import type { DatasetLibrary } from './datasets/dataset-library.js';
import type { BacktestPort } from './backtests/backtest-port.js';
import type { NotificationsPort } from './notifications-port.js';

/** What the HTTP layer is given by the composition root; it reaches nothing else. */
export interface ServerDeps {
  readonly engine: ExecutionEngine;
  readonly risk: RiskEngine;
  readonly store: LedgerStore;
  readonly exchanges: ReadonlyMap<string, ExchangeAdapter>;
  readonly mode: () => TradingMode;
  /** Makes `mode` the current trading mode (persisted). */
  readonly setMode: (mode: TradingMode) => void | Promise<void>;
  /** Tells `listener` of every mode switch (after it took effect); call the result to stop. */
  readonly onModeChange?: (listener: (mode: TradingMode) => void) => () => void;
  /** Before an order on `exchange` in the current mode: what the account needs fresh (the live wallet). Never throws. */
  readonly prepareOrder?: (exchange: string) => Promise<void>;
  readonly defaultExchange: string;
  /** The persisted watch list of /api/symbols. */
  readonly watchList: WatchListStore;
  /** Leverage per symbol of the simulated accounts, and the default for a symbol not set. */
  readonly leverage?: { readonly store: LeverageStore; readonly default: Decimal };
  /** Throws when the database cannot answer. */
  readonly pingDatabase: () => void;
  /** Directory of the built web trainer, if any. */
  readonly webRoot?: string | null;
  /** Exchange API keys, stored encrypted; without it the credential routes answer NOT_SUPPORTED. */
  readonly credentials?: CredentialsPort;
  /** The risk limits in force, shown by GET /api/trading/config (an empty object until risk rules exist). */
  readonly riskConfig?: () => Record<string, unknown>;
  /** Other Host names and web origins to answer besides the loopback ones (ALLOWED_HOSTS, ALLOWED_ORIGINS). */
  readonly peers?: PeerConfig;
  /** Who must show the API token (none when absent). */
  readonly auth?: AuthPolicy;
  /** Where live switches, key changes and resumes are recorded (GET /api/audit). */
  readonly audit?: AuditLog;
  /** The practice sessions (replay); absent: the replay routes answer NOT_SUPPORTED. */
  readonly replay?: ReplayPort;
  /** What one client may take (rate, sizes, sockets); unset ones are the defaults of limits/server-limits.ts. */
  readonly limits?: Partial<ServerLimits>;
  /** The datasets a replay can start from (GET/POST /api/datasets); without it those routes answer NOT_SUPPORTED. */
  readonly datasets?: DatasetLibrary;
  /** The backtests (POST/GET /api/backtests); without it those routes answer NOT_SUPPORTED. */
  readonly backtests?: BacktestPort;
  /** The journal of the main ledger (GET/PATCH /api/journal…); absent: no journal routes. */
  readonly journal?: JournalSource;
  /** Notification channels, the outbox's messages and price alerts; absent: those routes answer NOT_SUPPORTED. */
  readonly notifications?: NotificationsPort;
}
