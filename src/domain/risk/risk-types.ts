import type { Decimal } from '../decimal.js';
import type { Side } from '../ids.js';

/** Limits in force; null means no limit. Money in the quote asset (USDT). */
export interface RiskLimits {
  /** Largest position in one symbol, in base units (e.g. 0.5 BTC). */
  readonly maxPositionSize: Decimal | null;
  /** Largest position in one symbol, in quote value at the order's price. */
  readonly maxPositionNotional: Decimal | null;
  /** Loss since the start of the day (realized + unrealized) that stops new exposure. */
  readonly maxDailyLoss: Decimal | null;
  readonly maxOpenPositions: number | null;
  /** Total position value over equity. */
  readonly maxLeverage: Decimal | null;
  readonly maxOrdersPerMinute: number | null;
  /** Fall from the highest equity seen that stops new exposure. */
  readonly maxDrawdown: Decimal | null;
}

export const NO_LIMITS: RiskLimits = {
  maxPositionSize: null,
  maxPositionNotional: null,
  maxDailyLoss: null,
  maxOpenPositions: null,
  maxLeverage: null,
  maxOrdersPerMinute: null,
  maxDrawdown: null,
};

/**
 * ACTIVE: anything the rules allow. REDUCING: a loss limit was hit; only orders that reduce
 * exposure pass until the day resets. HALTED: the kill switch; only reducing orders pass until released.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** An order as the rules see it. */
export interface RiskOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: Decimal;
  /** The price it is expected to trade at (limit, stop or mark). */
  readonly price: Decimal;
  readonly reduceOnly: boolean;
}

/** What the rules need to know of the account, assembled by the engine. */
export interface RiskState {
  readonly tradingState: TradingState;
  /** Signed position in the order's symbol. */
  readonly position: Decimal;
  /** Open positions in other symbols. */
  readonly otherOpenPositions: number;
  /** Σ |position| × mark over all symbols but the order's. */
  readonly otherNotional: Decimal;
  readonly equity: Decimal;
  /** False while the venue that holds the account has not reported its balance (live trading). */
  readonly equityKnown: boolean;
  readonly peakEquity: Decimal;
  /** Equity now less equity at the start of the day. */
  readonly dailyPnl: Decimal;
  readonly ordersLastMinute: number;
}

export interface Denial {
  readonly code: string;
  readonly message: string;
  readonly limit: string | number | null;
  readonly value: string | number;
}

/** One pre-trade rule: pure, returns a denial or null. */
export type RiskRule = (order: RiskOrder, state: RiskState, limits: RiskLimits) => Denial | null;
