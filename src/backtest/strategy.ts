import type { Extreme, Sma } from './indicators.js';

/**
 * The strategy interface of the backtester. A strategy file (strategies/*.ts, or any path) default-
 * exports `defineStrategy({...})`; the runner drives it with the same engine that fills replay,
 * simulation and paper orders. Prices and quantities a strategy sends are numbers or decimal text
 * (a number is read through its shortest text, so 2548.08 is exactly 2548.08); arithmetic on prices
 * belongs in whole ticks (`ctx.priceOf(ticks)`) so that a price is always on the instrument's grid.
 */

/**
 * One bar of the data, prices in the quote asset (as the file wrote them) and in whole ticks. The
 * runner passes a view of its columns (bar-view.ts): the figures are read-only getters, the same
 * whenever read, and JSON.stringify writes them all; an object spread (`{ ...bar }`) copies none.
 */
export interface Bar {
  /** 0 for the first bar of the run. */
  readonly index: number;
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** The same prices in whole ticks (exact integers). */
  readonly openTicks: number;
  readonly highTicks: number;
  readonly lowTicks: number;
  readonly closeTicks: number;
}

/** One market update (a trade of a trades file, or a point of a bar's intrabar path). */
export interface TickView {
  readonly time: number;
  readonly price: number;
  readonly quantity: number;
  readonly side: 'BUY' | 'SELL';
}

export type OrderType = 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'TAKE_PROFIT_MARKET';
type Num = number | string;

/** An order as a strategy sends it: every order type and option the engine knows. */
export interface StrategyOrder {
  readonly side: 'BUY' | 'SELL';
  readonly type?: OrderType;
  readonly quantity: Num;
  /** LIMIT only. */
  readonly price?: Num;
  /** STOP_MARKET / TAKE_PROFIT_MARKET only. */
  readonly stopPrice?: Num;
  /** A bracket: the take-profit / stop-loss the entry's first fill creates (one cancels the other). */
  readonly takeProfit?: Num;
  readonly stopLoss?: Num;
  readonly reduceOnly?: boolean;
  readonly timeInForce?: 'GTC' | 'IOC' | 'GTX';
  /** Default: bt-<n>. */
  readonly clientOrderId?: string;
}

export interface OrderView {
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: OrderType;
  readonly status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly price: number | null;
  readonly stopPrice: number | null;
  readonly reduceOnly: boolean;
  /** The client id of the entry whose bracket created this exit, or null. */
  readonly parent: string | null;
}

export interface FillView {
  readonly clientOrderId: string;
  readonly time: number;
  readonly side: 'BUY' | 'SELL';
  readonly price: number;
  readonly quantity: number;
  readonly fee: number;
  readonly liquidity: 'MAKER' | 'TAKER';
}

export interface PositionView {
  readonly side: 'LONG' | 'SHORT' | 'FLAT';
  /** Signed size: short < 0. */
  readonly quantity: number;
  readonly entryPrice: number | null;
}

export interface AccountView {
  readonly equity: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly unrealizedPnl: number;
}

export interface StrategyContext {
  readonly symbol: string;
  readonly tickSize: number;
  readonly stepSize: number;
  /** The parameters the run was given (with the strategy's defaults filled in). */
  readonly params: Readonly<Record<string, number>>;
  /** Simple moving average of closes over `period` bars; create indicators in `init`. */
  sma(period: number): Sma;
  /** Highest high / lowest low of the last `period` bars (the current one included). */
  highest(period: number): Extreme;
  lowest(period: number): Extreme;
  /** A price `ticks` whole ticks as exact text (on the grid by construction). */
  priceOf(ticks: number): string;
  /**
   * Sends an order; it reaches the engine before the next tick (a decision on a bar's close fills
   * from the next bar's open). Returns its client order id.
   */
  submit(order: StrategyOrder): string;
  buy(quantity: Num, more?: Omit<StrategyOrder, 'side' | 'quantity'>): string;
  sell(quantity: Num, more?: Omit<StrategyOrder, 'side' | 'quantity'>): string;
  /** Brings the position to `quantity` (signed) with one market order, computed exactly when it is sent. */
  targetPosition(quantity: Num): void;
  /** Cancels an open or not yet sent order; false when it is neither. */
  cancel(clientOrderId: string): boolean;
  cancelAll(): void;
  openOrders(): OrderView[];
  position(): PositionView;
  /** At the last price the engine saw. */
  account(): AccountView;
  log(message: string): void;
}

export interface Strategy {
  init?(ctx: StrategyContext): void;
  onBar?(bar: Bar, ctx: StrategyContext): void;
  /** Every trade of a trades file (kline data: not called). */
  onTick?(tick: TickView, ctx: StrategyContext): void;
  onFill?(fill: FillView, ctx: StrategyContext): void;
  onOrderUpdate?(order: OrderView, ctx: StrategyContext): void;
}

export interface ParamSpec {
  readonly default: number;
  readonly description: string;
  /** Whole numbers only (periods, ticks). */
  readonly integer?: boolean;
  readonly min?: number;
}

export interface StrategyDefinition {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Throws an Error whose message says what is wrong with a combination of parameters. */
  readonly validate?: (params: Readonly<Record<string, number>>) => void;
  create(params: Readonly<Record<string, number>>): Strategy;
}

/** What a strategy file default-exports. */
export function defineStrategy(def: StrategyDefinition): StrategyDefinition {
  return def;
}

/** The definition's defaults overlaid with `given`; throws on an unknown name or a bad value. */
export function resolveParams(def: StrategyDefinition, given: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(given)) {
    if (!(name in def.params)) throw new RangeError(`strategy ${def.name} has no parameter ${name} (it takes ${Object.keys(def.params).join(', ') || 'none'})`);
  }
  for (const [name, spec] of Object.entries(def.params)) {
    const v = given[name] ?? spec.default;
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be a number`);
    if (spec.integer && !Number.isInteger(v)) throw new RangeError(`${name} must be a whole number, got ${v}`);
    if (spec.min !== undefined && v < spec.min) throw new RangeError(`${name} must be at least ${spec.min}, got ${v}`);
    out[name] = v;
  }
  def.validate?.(out);
  return out;
}
