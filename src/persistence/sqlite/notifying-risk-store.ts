import type { TradingMode } from '../../domain/ids.js';
import { riskStateMessage } from '../../domain/notifications/state-messages.js';
import type { RiskLimits } from '../../domain/risk/risk-types.js';
import type { PersistedRisk, RiskStore } from '../../engine/risk-engine.js';
import type { SqliteOutbox } from './sqlite-outbox.js';
import type { SqliteRiskStore } from './sqlite-risk-store.js';

/**
 * The risk store that tells of trading-state changes: a new state (REDUCING, HALTED, ACTIVE again)
 * is written with its notification in one transaction, so a change is told exactly when it is kept.
 */
export class NotifyingRiskStore implements RiskStore {
  constructor(
    private readonly inner: SqliteRiskStore,
    private readonly outbox: SqliteOutbox,
    private readonly now: () => number = Date.now,
  ) {}

  loadLimits(): RiskLimits {
    return this.inner.loadLimits();
  }

  saveLimits(limits: RiskLimits): void {
    this.inner.saveLimits(limits);
  }

  loadState(mode: TradingMode): PersistedRisk | null {
    return this.inner.loadState(mode);
  }

  saveState(mode: TradingMode, state: PersistedRisk): void {
    const before = this.inner.loadState(mode)?.tradingState ?? 'ACTIVE';
    const changed = before !== state.tradingState;
    this.outbox.withMessage(() => this.inner.saveState(mode, state), changed ? riskStateMessage(mode, before, state.tradingState, state.reason, this.now()) : null);
  }
}
