/** The server's JSON, as the page reads it (shared/API.md). */
export type Side = 'BUY' | 'SELL';
export type PositionSide = 'LONG' | 'SHORT' | 'FLAT';
export type Mode = 'simulation' | 'paper_trading' | 'live_trading';
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface Kline {
  open_time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  close_time: number;
}

export interface SymbolInfo {
  symbol: string;
  base: string;
  quote: string;
  tick_size: number;
  step_size: number;
  min_qty: number;
  min_notional: number;
}

export interface ExchangeInfo {
  id: string;
  name: string;
  connected: boolean;
  feed: { state: string; reason: string | null };
}

export interface Position {
  symbol: string;
  exchange: string;
  mode: Mode;
  /** A closed one (the message of the fill that closed it) keeps its opening side and size. */
  status: 'open' | 'closed';
  side: PositionSide;
  quantity: number;
  entry_price: number;
  mark_price: number | null;
  unrealized_pnl: number;
  realized_pnl: number;
  fees_paid: number;
  opened_at: number | null;
  /** Perpetuals of a simulated account (null for spot, live, and in a position message without them). */
  leverage?: number | null;
  margin_mode?: 'cross' | 'isolated' | null;
  initial_margin?: number | null;
  maintenance_margin?: number | null;
  margin_ratio?: number | null;
  liquidation_price?: number | null;
}

export interface Order {
  order_id: string;
  exchange: string;
  symbol: string;
  side: Side;
  type: string;
  status: string;
  quantity: number;
  filled_quantity: number;
  avg_price: number | null;
  price: number | null;
  stop_price: number | null;
  reduce_only: boolean;
  parent_order_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface Stats {
  mode: Mode;
  trades: number;
  wins: number;
  losses: number;
  win_rate: number | null;
  net_pnl: number;
  fees: number;
  profit_factor: number | null;
  daily_pnl: number;
  daily_loss_remaining: number | null;
}

export interface RiskView {
  limits: { max_daily_loss: number | null } & Record<string, number | null>;
  state: { trading_state: TradingState; reason: string | null; daily_pnl: number; daily_loss_remaining: number | null; equity: number | null };
}

/** Messages of WS /ws/multi-exchange/{symbol}. */
export type StreamMessage =
  | { type: 'ticker'; exchange: string; symbol: string; bid: number; ask: number; last: number; trade_quantity?: number; timestamp: number }
  | { type: 'best'; symbol: string; spread: number; timestamp: number }
  | { type: 'status'; exchange: string; symbol: string; state: string; reason: string | null; timestamp: number }
  | { type: 'error'; error: { code: string; message: string } };

/** A new order as POST /api/trading/order takes it. */
export interface OrderRequest {
  exchange: string;
  symbol: string;
  side: Side;
  type: 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'TAKE_PROFIT_MARKET';
  quantity: number;
  price?: number;
  stop_price?: number;
  reduce_only?: boolean;
  take_profit?: number;
  stop_loss?: number;
}
