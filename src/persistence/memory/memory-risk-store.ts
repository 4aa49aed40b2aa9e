import type { TradingMode } from '../../domain/ids.js';
import { NO_LIMITS, type RiskLimits } from '../../domain/risk/risk-types.js';
import type { PersistedRisk, RiskStore } from '../../engine/risk-engine.js';

/** The RiskStore port in memory: a run's limits (none unless given) and its trading state. */
export class MemoryRiskStore implements RiskStore {
  private limits: RiskLimits;
  private readonly states = new Map<TradingMode, PersistedRisk>();

  constructor(limits: Partial<RiskLimits> = {}) {
    this.limits = { ...NO_LIMITS, ...limits };
  }

  loadLimits(): RiskLimits {
    return this.limits;
  }

  saveLimits(limits: RiskLimits): void {
    this.limits = limits;
  }

  loadState(mode: TradingMode): PersistedRisk | null {
    return this.states.get(mode) ?? null;
  }

  saveState(mode: TradingMode, state: PersistedRisk): void {
    this.states.set(mode, state);
  }
}
