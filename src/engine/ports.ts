import type { DomainEvent } from '../domain/events.js';
import type { Fill } from '../domain/fill.js';
import type { ClientOrderId, OrderId, TradingMode } from '../domain/ids.js';
import type { Order } from '../domain/order.js';
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
  loadOpenOrders(): Order[];
  loadOpenPositions(): Position[];
  /** Highest numeric ids used so far, so new ids continue after a restart. */
  lastIds(): { order: number; fill: number; position: number };
  findOrder(id: OrderId): Order | null;
  findOrderByClientId(mode: TradingMode, exchange: string, id: ClientOrderId): Order | null;
  listOrders(filter: OrderFilter): Order[];
  fillsOf(orderId: OrderId): Fill[];
  listPositions(filter: PositionFilter): Position[];
}

/** Where orders execute: the simulated exchange, or (later) a real one. */
export interface ExecutionVenue {
  submit(order: Order): VenueAction[];
  cancel(order: Order): boolean;
  restore(open: readonly Order[]): void;
  /** Simulated venues match against the market; `sink` gets each order's actions in turn. */
  onTick?(tick: MarketTick, sink: (actions: VenueAction[]) => void): void;
}

export interface ExchangeInfo {
  readonly id: string;
  readonly name: string;
  readonly connected: boolean;
  readonly testnet: boolean;
  readonly marketTypes: readonly string[];
  readonly features: readonly string[];
}

export type FeedState = 'live' | 'stale' | 'stopped';

/** One exchange's market data: instruments, quotes, candles and a tick stream. */
export interface MarketDataPort {
  readonly exchange: string;
  info(): ExchangeInfo;
  instrument(symbol: string): Instrument | null;
  instruments(): readonly Instrument[];
  lastTick(symbol: string): MarketTick | null;
  /** Null for an interval the feed does not know. */
  klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number): readonly Kline[] | null;
  volume24h(symbol: string): Decimal;
  onTick(listener: (tick: MarketTick) => void): () => void;
  status(): { readonly state: FeedState; readonly lastTickAt: number | null; readonly source: string };
}
