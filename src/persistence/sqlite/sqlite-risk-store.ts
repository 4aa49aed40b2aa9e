import { Decimal } from '../../domain/decimal.js';
import type { TradingMode } from '../../domain/ids.js';
import { NO_LIMITS, type RiskLimits, type TradingState } from '../../domain/risk/risk-types.js';
import type { PersistedRisk, RiskStore } from '../../engine/risk-engine.js';
import type { SqliteDb } from './database.js';

type LimitsJson = Partial<Record<keyof RiskLimits, string | number | null>>;
const DECIMAL_LIMITS = ['maxPositionSize', 'maxPositionNotional', 'maxDailyLoss', 'maxLeverage', 'maxDrawdown'] as const;
const COUNT_LIMITS = ['maxOpenPositions', 'maxOrdersPerMinute'] as const;

/** Risk limits (one row, exact decimals as text) and the per-mode trading state. */
export class SqliteRiskStore implements RiskStore {
  constructor(private readonly db: SqliteDb) {}

  loadLimits(): RiskLimits {
    const row = this.db.prepare('SELECT limits FROM risk_limits WHERE id = 1').get() as { limits: string } | undefined;
    if (!row) return NO_LIMITS;
    const json = JSON.parse(row.limits) as LimitsJson;
    const limits: Record<string, unknown> = { ...NO_LIMITS };
    for (const k of DECIMAL_LIMITS) limits[k] = json[k] == null ? null : Decimal.parse(String(json[k]));
    for (const k of COUNT_LIMITS) limits[k] = json[k] == null ? null : Number(json[k]);
    return limits as unknown as RiskLimits;
  }

  saveLimits(limits: RiskLimits): void {
    const json: LimitsJson = {};
    for (const k of DECIMAL_LIMITS) json[k] = limits[k]?.toString() ?? null;
    for (const k of COUNT_LIMITS) json[k] = limits[k];
    this.db
      .prepare('INSERT INTO risk_limits (id, limits, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET limits = excluded.limits, updated_at = excluded.updated_at')
      .run(JSON.stringify(json), Date.now());
  }

  loadState(mode: TradingMode): PersistedRisk | null {
    const r = this.db.prepare('SELECT * FROM risk_state WHERE mode = ?').get(mode) as
      | { trading_state: string; reason: string | null; day: string; day_start_equity: string; peak_equity: string }
      | undefined;
    if (!r) return null;
    return {
      tradingState: r.trading_state as TradingState,
      reason: r.reason,
      day: r.day,
      dayStartEquity: Decimal.parse(r.day_start_equity),
      peakEquity: Decimal.parse(r.peak_equity),
    };
  }

  saveState(mode: TradingMode, s: PersistedRisk): void {
    this.db
      .prepare(
        `INSERT INTO risk_state (mode, trading_state, reason, day, day_start_equity, peak_equity, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (mode) DO UPDATE SET trading_state = excluded.trading_state, reason = excluded.reason, day = excluded.day,
           day_start_equity = excluded.day_start_equity, peak_equity = excluded.peak_equity, updated_at = excluded.updated_at`,
      )
      .run(mode, s.tradingState, s.reason, s.day, s.dayStartEquity.toString(), s.peakEquity.toString(), Date.now());
  }
}
