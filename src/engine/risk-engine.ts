import { Decimal } from '../domain/decimal.js';
import type { TradingMode } from '../domain/ids.js';
import { Rejection } from '../domain/rejection.js';
import { checkRisk } from '../domain/risk/rules.js';
import type { RiskLimits, RiskOrder, RiskState, TradingState } from '../domain/risk/risk-types.js';
import type { Clock } from './ports.js';

/** The account as the risk engine needs it, for one mode. */
export interface AccountView {
  readonly equity: Decimal;
  /** False while the venue holding the account has not reported its cash (live trading): `equity` is then not the account's. */
  readonly equityKnown: boolean;
  /** Signed positions and their marks, by symbol key (exchange|symbol). */
  readonly positions: ReadonlyMap<string, { readonly quantity: Decimal; readonly mark: Decimal | null }>;
}

/** What survives a restart: the trading state and the day's reference points. */
export interface PersistedRisk {
  readonly tradingState: TradingState;
  readonly reason: string | null;
  /** UTC day (YYYY-MM-DD) the day-start equity belongs to. */
  readonly day: string;
  readonly dayStartEquity: Decimal;
  readonly peakEquity: Decimal;
}

export interface RiskStore {
  loadLimits(): RiskLimits;
  saveLimits(limits: RiskLimits): void;
  loadState(mode: TradingMode): PersistedRisk | null;
  saveState(mode: TradingMode, state: PersistedRisk): void;
}

export interface RiskStatus extends PersistedRisk {
  /** Null while the venues have not reported the account's cash (the day's figures are then zero). */
  readonly equity: Decimal | null;
  readonly dailyPnl: Decimal;
  readonly dailyLossRemaining: Decimal | null;
  readonly drawdown: Decimal;
}

const DAY = 86_400_000;
/** The last day asked and its text: every order asks, and the day rarely changes between two. */
let lastDay = Number.NaN;
let lastDayText = '';
const utcDay = (t: number): string => {
  const day = Math.floor(t / DAY);
  if (day !== lastDay) {
    lastDayText = new Date(day * DAY).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDayText;
};
const MINUTE = 60_000;

/**
 * Runs the pure pre-trade rules on every order of every mode, and keeps the trading state:
 * a loss limit hit turns ACTIVE into REDUCING until the next UTC day; the kill switch HALTS
 * until released. The state, the day-start equity and the peak survive a restart.
 */
export class RiskEngine {
  private limits: RiskLimits;
  private readonly recentOrders = new Map<TradingMode, { times: number[]; head: number }>();
  /** The persisted state, cached: reads come from here, writes go through to the store. */
  private readonly states = new Map<TradingMode, PersistedRisk>();
  private readonly peakSavedAt = new Map<TradingMode, number>();

  constructor(
    private readonly store: RiskStore,
    private readonly clock: Clock,
  ) {
    this.limits = store.loadLimits();
  }

  currentLimits(): RiskLimits {
    return this.limits;
  }

  setLimits(patch: Partial<RiskLimits>): RiskLimits {
    this.limits = { ...this.limits, ...patch };
    this.store.saveLimits(this.limits);
    return this.limits;
  }

  /** Throws a 422 Rejection naming the rule when the order is refused; counts it otherwise. */
  check(mode: TradingMode, order: RiskOrder, account: AccountView, positionKey: string): void {
    const persisted = this.refresh(mode, account.equityKnown ? account.equity : null);
    const now = this.clock.now();
    const recent = this.recentOrders.get(mode) ?? { times: [], head: 0 };
    // Times are in order: move the head past what is older than a minute; compact now and then.
    while (recent.head < recent.times.length && recent.times[recent.head]! <= now - MINUTE) recent.head++;
    if (recent.head > 4096 && recent.head * 2 > recent.times.length) {
      recent.times = recent.times.slice(recent.head);
      recent.head = 0;
    }
    let otherOpen = 0;
    let otherNotional = Decimal.ZERO;
    for (const [key, p] of account.positions) {
      if (key === positionKey || p.quantity.isZero()) continue;
      otherOpen++;
      if (p.mark) otherNotional = otherNotional.add(p.quantity.abs().mul(p.mark));
    }
    const state: RiskState = {
      tradingState: persisted.tradingState,
      position: account.positions.get(positionKey)?.quantity ?? Decimal.ZERO,
      otherOpenPositions: otherOpen,
      otherNotional,
      equity: account.equity,
      equityKnown: account.equityKnown,
      peakEquity: persisted.peakEquity,
      dailyPnl: account.equityKnown ? account.equity.sub(persisted.dayStartEquity) : Decimal.ZERO,
      ordersLastMinute: recent.times.length - recent.head,
    };
    const denial = checkRisk(order, state, this.limits);
    if (denial) {
      if ((denial.code === 'RISK_DAILY_LOSS_LIMIT' || denial.code === 'RISK_MAX_DRAWDOWN') && persisted.tradingState === 'ACTIVE') {
        this.save(mode, { ...persisted, tradingState: 'REDUCING', reason: denial.message });
      }
      throw new Rejection(denial.code, denial.message, { limit: denial.limit, value: denial.value });
    }
    recent.times.push(now);
    this.recentOrders.set(mode, recent);
  }

  /** `equity` null: not known yet (the day's figures are then the stored ones, unchanged). */
  status(mode: TradingMode, known: Decimal | null): RiskStatus {
    const p = this.refresh(mode, known);
    const dailyPnl = known ? known.sub(p.dayStartEquity) : Decimal.ZERO;
    const max = this.limits.maxDailyLoss;
    return {
      ...p,
      equity: known,
      dailyPnl,
      dailyLossRemaining: max ? max.add(dailyPnl.min(Decimal.ZERO)).max(Decimal.ZERO) : null,
      drawdown: known ? p.peakEquity.sub(known).max(Decimal.ZERO) : Decimal.ZERO,
    };
  }

  /**
   * The account behind the mode changed (other keys): its day's start and its peak are taken again
   * from its next known equity. The trading state stays (a halt is not lifted by new keys).
   */
  rebase(mode: TradingMode): void {
    const p = this.states.get(mode) ?? this.store.loadState(mode);
    if (p) this.save(mode, { ...p, dayStartEquity: Decimal.ZERO, peakEquity: Decimal.ZERO });
  }

  halt(mode: TradingMode, reason: string, equity: Decimal | null): void {
    this.save(mode, { ...this.refresh(mode, equity), tradingState: 'HALTED', reason });
  }

  /** Lifts the kill switch; a loss limit still exceeded keeps the account REDUCING. */
  release(mode: TradingMode, equity: Decimal | null): TradingState {
    this.save(mode, { ...this.refresh(mode, equity), tradingState: 'ACTIVE', reason: null });
    return this.refresh(mode, equity).tradingState;
  }

  /**
   * Rolls the day over, follows the peak, and turns a hit loss limit into REDUCING. With the
   * equity not known yet nothing moves: the day's start is never taken from a figure that is not the account's.
   */
  private refresh(mode: TradingMode, equity: Decimal | null): PersistedRisk {
    const today = utcDay(this.clock.now());
    const loaded = this.states.get(mode) ?? this.store.loadState(mode);
    if (equity === null) return loaded ?? { tradingState: 'ACTIVE', reason: null, day: today, dayStartEquity: Decimal.ZERO, peakEquity: Decimal.ZERO };
    const before: PersistedRisk = loaded ?? { tradingState: 'ACTIVE', reason: null, day: today, dayStartEquity: equity, peakEquity: equity };
    let next: PersistedRisk = before;
    if (before.dayStartEquity.isZero() && before.peakEquity.isZero()) {
      // Stored (by the kill switch) before the account's equity was first known: the day starts now.
      next = { ...next, dayStartEquity: equity, peakEquity: equity };
    }
    if (next.day !== today) {
      // A new day: its loss is counted from here, and a daily REDUCING ends (HALTED does not).
      next = { ...next, day: today, dayStartEquity: equity, ...(next.tradingState === 'REDUCING' ? { tradingState: 'ACTIVE', reason: null } : {}) };
    }
    if (equity.gt(next.peakEquity)) next = { ...next, peakEquity: equity };
    if (next.tradingState === 'ACTIVE') {
      const loss = next.dayStartEquity.sub(equity);
      const dd = next.peakEquity.sub(equity);
      if (this.limits.maxDailyLoss && loss.gte(this.limits.maxDailyLoss)) {
        next = { ...next, tradingState: 'REDUCING', reason: `today's loss of ${loss.toString()} reached the limit of ${this.limits.maxDailyLoss.toString()}` };
      } else if (this.limits.maxDrawdown && dd.gte(this.limits.maxDrawdown)) {
        next = { ...next, tradingState: 'REDUCING', reason: `equity is ${dd.toString()} below its peak, the limit is ${this.limits.maxDrawdown.toString()}` };
      }
    }
    const onlyPeak = loaded !== null && next.tradingState === before.tradingState && next.day === before.day;
    if (next !== before || loaded === null) {
      // A new peak alone is written at most once a second (it moves with every profitable tick);
      // a day roll-over or a state change is written at once.
      const last = this.peakSavedAt.get(mode) ?? 0;
      if (!onlyPeak || this.clock.now() - last >= 1_000) {
        this.save(mode, next);
        this.peakSavedAt.set(mode, this.clock.now());
      } else this.states.set(mode, next);
    } else this.states.set(mode, next);
    return next;
  }

  private save(mode: TradingMode, state: PersistedRisk): void {
    this.store.saveState(mode, state);
    this.states.set(mode, state);
  }
}
