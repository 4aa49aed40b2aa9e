import type { DomainEvent } from '../domain/events.js';
import type { Fill } from '../domain/fill.js';
import type { FundingPayment } from '../domain/funding.js';
import type { ClientOrderId, OrderId, Side, TradingMode } from '../domain/ids.js';
import type { Order, OrderStatus, OrderType, TimeInForce } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { VenueAction } from '../domain/venue-action.js';
import type { Decimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { Kline, MarketTick } from '../sim/market/market-types.js';

/** Defers work to the end of the current turn of the event loop (setImmediate), injected. */
export type Defer = (task: () => void) => void;

/** Time, injected. @example const clock: Clock = { now: () => Date.now() }; */
export interface Clock {
  now(): number;
}

/** Everything one command or market update changed, committed atomically. */
export interface CommitBatch {
  readonly events: readonly DomainEvent[];
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  readonly positions: readonly Position[];
  /** Funding payments booked by this unit (absent: none). */
  readonly funding?: readonly FundingPayment[];
}

export interface OrderFilter {
  readonly mode?: TradingMode;
  readonly exchange?: string;
  readonly symbol?: string;
  readonly status?: 'open' | 'all';
  readonly limit?: number;
}

export interface PositionFilter {
  readonly mode?: TradingMode;
  readonly exchange?: string;
  readonly symbol?: string;
  readonly status?: 'open' | 'closed' | 'all';
  readonly limit?: number;
}

/**
 * The durable ledger. `commit` writes the batches in one transaction or nothing; it returns only
 * once they are durable, so the engine tells nobody about an event that could still be lost.
 */
export interface LedgerStore {
  commit(batches: readonly CommitBatch[]): void;
  /**
   * The same transaction, written off the caller's thread: resolves once it is durable, rejects if
   * nothing of it was written. Calls are committed in call order. Absent: only `commit` is offered.
   */
  commitLater?: (batches: readonly CommitBatch[]) => Promise<void>;
  loadOpenOrders(): Order[];
  loadOpenPositions(): Position[];
  /** Highest numeric ids used so far, so new ids continue after a restart. */
  lastIds(): { order: number; fill: number; position: number };
  findOrder(id: OrderId): Order | null;
  findOrderByClientId(mode: TradingMode, exchange: string, id: ClientOrderId): Order | null;
  listOrders(filter: OrderFilter): Order[];
  fillsOf(orderId: OrderId): Fill[];
  listPositions(filter: PositionFilter): Position[];
  /** Σ realized PnL and Σ fees of every position ever, per mode (exact). */
  ledgerTotals(): { mode: TradingMode; realized: Decimal; fees: Decimal; funding?: Decimal }[];
  /** The funding payments booked, oldest first (absent: a store that keeps none). */
  listFunding?(filter: { mode?: TradingMode; symbol?: string; limit?: number }): FundingPayment[];
}

/** Where orders execute: the simulated exchange, or (later) a real one. */
export interface ExecutionVenue {
  submit(order: Order): VenueAction[];
  cancel(order: Order): boolean;
  restore(open: readonly Order[]): void;
  /** Simulated venues match against the market; `sink` gets each order's actions in turn. */
  onTick?(tick: MarketTick, sink: (actions: VenueAction[]) => void): void;
  /** A remote venue: resolves once the venue has answered for this order (its actions reported). */
  settle?(order: Order): Promise<void>;
  /** A remote venue cancels on the exchange first; throws when the exchange refuses. */
  cancelRemote?(order: Order): Promise<void>;
  /**
   * A remote venue: the engine ends this order (a bracket's other exit, a reduce-only order once
   * flat). The cancel is sent; the exchange's answer is reported as any later change is.
   */
  requestCancel?(order: Order): void;
}

/** How a remote venue reports what happened to orders later (an answer, a fill, a cancel). */
export type VenueReport = (actions: VenueAction[]) => void;

export interface ExchangeInfo {
  readonly id: string;
  readonly name: string;
  readonly connected: boolean;
  readonly testnet: boolean;
  readonly marketTypes: readonly string[];
  readonly features: readonly string[];
  /** What an account's keys are made of (api_key, api_secret, and passphrase where the venue needs one); none for the sim. */
  readonly credentials: readonly string[];
}

/**
 * A feed's health: `live` ticks arrive; `stale` nothing came for several expected intervals;
 * `reconnecting` the stream dropped and is being re-established; `disconnected` not connected.
 */
export type FeedState = 'live' | 'stale' | 'reconnecting' | 'disconnected' | 'stopped';

export interface FeedStatus {
  readonly state: FeedState;
  readonly lastTickAt: number | null;
  /** Where the data comes from: generator, replay, or the exchange's stream host. */
  readonly source: string;
  /** Why it is not live, in a sentence (the last error), or null. */
  readonly reason: string | null;
}

export interface Ticker {
  readonly symbol: string;
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly last: Decimal;
  readonly volume24h: Decimal | null;
  readonly time: number;
}

/**
 * One exchange, as every environment sees it: instruments, quotes, candles and a shared tick
 * stream. Venue quirks live in the adapter's capabilities, never in the callers.
 *
 * @example
 *   await adapter.connect({ testnet: true });
 *   const stop = adapter.subscribe('BTCUSDT');       // one upstream stream, however many listeners
 *   adapter.onTick((t) => console.log(t.symbol, t.bid.toString()));
 */
export interface ExchangeAdapter {
  readonly id: string;
  info(): ExchangeInfo;
  /** Loads instruments and measures the round trip; a venue that cannot be reached throws a Rejection (502/503). */
  connect(options?: { readonly testnet?: boolean }): Promise<{ readonly latencyMs: number }>;
  disconnect(): Promise<void>;
  instrument(symbol: string): Instrument | null;
  instruments(): readonly Instrument[];
  /** From the live stream when subscribed, else one REST request. */
  ticker(symbol: string): Promise<Ticker>;
  /**
   * The venue's current funding rate of a perpetual (what the next funding time charges) and that
   * time; null for spot or a venue that publishes none. Absent: the adapter never has one (sim).
   */
  fundingRate?(symbol: string): Promise<{ readonly rate: Decimal; readonly nextTime: number | null } | null>;
  /** Oldest first; null for an interval the venue does not know. */
  klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number): Promise<readonly Kline[] | null>;
  /** The latest tick of a subscribed symbol, or null. */
  lastTick(symbol: string): MarketTick | null;
  /** Reference-counted upstream subscription; call the returned function to release it. */
  subscribe(symbol: string): () => void;
  onTick(listener: (tick: MarketTick) => void): () => void;
  status(): FeedStatus;
  /** The account on this venue; throws a Rejection when it has no credentials. */
  trading(): TradingVenue;
}

export interface VenueOrderRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: Decimal;
  readonly price?: Decimal | null;
  readonly stopPrice?: Decimal | null;
  readonly clientOrderId: string;
  readonly reduceOnly?: boolean;
  readonly timeInForce?: TimeInForce | null;
}

/** An order as the venue reports it, in domain values. */
export interface VenueOrder {
  readonly id: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: Side;
  readonly type: string;
  readonly status: OrderStatus;
  readonly quantity: Decimal;
  readonly filledQuantity: Decimal;
  readonly avgPrice: Decimal | null;
  readonly price: Decimal | null;
  readonly stopPrice: Decimal | null;
  readonly reduceOnly: boolean;
  readonly time: number;
}

/** One execution of an order on a venue, with the fee the venue charged for it. */
export interface VenueTrade {
  readonly id: string;
  readonly orderId: string;
  readonly price: Decimal;
  readonly quantity: Decimal;
  /** The fee charged, in `feeAsset`; null when the venue did not say. */
  readonly fee: Decimal | null;
  readonly feeAsset: string | null;
  readonly liquidity: 'MAKER' | 'TAKER' | null;
  readonly time: number;
}

export interface Balance {
  readonly asset: string;
  readonly free: Decimal;
  readonly locked: Decimal;
  readonly total: Decimal;
}

export interface VenuePosition {
  readonly symbol: string;
  /** Signed: short < 0. */
  readonly quantity: Decimal;
  readonly entryPrice: Decimal;
  readonly markPrice: Decimal | null;
  readonly unrealizedPnl: Decimal;
}

/** A venue's account: orders, balances and positions, with the user's keys where it is real. */
export interface TradingVenue {
  placeOrder(req: VenueOrderRequest): Promise<VenueOrder>;
  /** `trigger`: a stop or take-profit order (venues such as OKX keep them in a book of their own). */
  cancelOrder(symbol: string, id: string, trigger?: boolean): Promise<VenueOrder>;
  fetchOrder(symbol: string, id: string, trigger?: boolean): Promise<VenueOrder>;
  openOrders(symbol?: string): Promise<VenueOrder[]>;
  /** The order the venue knows by our client id, in any status; null when it knows none. `trigger`: a stop order. */
  orderByClientId?(symbol: string, clientOrderId: string, trigger: boolean): Promise<VenueOrder | null>;
  /**
   * A venue that holds our client ids in a form of its own (OKX) is told which of ours to expect
   * in its answers, listings and stream (orders of an earlier run), so that it names them by ours.
   */
  expectClientIds?(clientOrderIds: readonly string[]): void;
  /** The executions of one order, oldest first, with the fees the venue charged (where it lists them). */
  orderTrades?(symbol: string, orderId: string): Promise<VenueTrade[]>;
  balances(): Promise<Balance[]>;
  /** The wallet's balance of `asset`, without the open positions' unrealized PnL (a real venue's cash). */
  walletBalance?(asset: string): Promise<Decimal>;
  positions(): Promise<VenuePosition[]>;
  /**
   * The venue's private order stream, if it has one: every order change, until stopped;
   * `onReconnect` is told each time the stream comes back after a drop.
   */
  watchOrders?(onUpdate: (order: VenueOrder) => void, onReconnect?: () => void): () => void;
}
