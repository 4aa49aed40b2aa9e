import { call } from '../api.js';

export type Speed = 1 | 2 | 5 | 10 | 60 | 300 | 1000 | 'max';
export const SPEEDS: readonly Speed[] = [1, 2, 5, 10, 60, 300, 1000, 'max'];

export interface Dataset {
  id: string;
  name: string;
  symbol: string;
  interval: string;
  first_time: number;
  last_time: number;
}

/** GET /api/replay/sessions/{id} (README "Practice sessions (replay)"); blind sessions lack the dates. */
export interface ReplaySessionInfo {
  session_id: string;
  name: string;
  blind: boolean;
  exchange: string;
  symbol: string;
  starting_cash: number;
  elapsed_ms: number;
  tick_size: number;
  step_size: number;
  min_qty: number;
  min_notional: number;
  status: 'paused' | 'playing' | 'finished';
  speed: number | 'max';
  clock: number;
  cursor: number;
  ticks: number;
  bars_left: number;
  random_start: boolean;
  rebased: boolean;
  rewatch_of: string | null;
  dataset_id?: string;
  start_time?: number;
}

/** GET /api/replay/sessions/{id}/account (as GET /api/trading/account/{exchange}). */
export interface SessionAccount {
  balances: { asset: string; free: number; locked: number; total: number }[];
  equity: number | null;
  unrealized_pnl: number;
  margin_used: number;
}

/** A fill of GET /api/replay/sessions/{id}/fills (a re-watch: the original's, up to the clock). */
export interface SessionFill {
  order_id: string;
  side: 'BUY' | 'SELL';
  price: number;
  quantity: number;
  time: number;
}

export interface NewSession {
  dataset_id: string;
  random?: true;
  start_time?: number;
  starting_cash?: number;
  blind?: boolean;
  rebase_prices?: boolean;
  name?: string;
}

export type Control =
  | { action: 'play'; speed?: Speed }
  | { action: 'pause' | 'step_tick' | 'finish' }
  | { action: 'step_bar'; interval?: string }
  | { action: 'jump'; to_time: number }
  | { action: 'jump'; bars: number; interval?: string };

const path = (id: string) => `/api/replay/sessions/${encodeURIComponent(id)}`;

/** The practice-session routes the page uses (the trading ones go through api.ts's replay target). */
export const replayApi = {
  datasets: () => call<{ datasets: Dataset[] }>('GET', '/api/datasets').then((r) => r.datasets),
  sessions: () => call<{ sessions: ReplaySessionInfo[] }>('GET', '/api/replay/sessions').then((r) => r.sessions),
  get: (id: string) => call<ReplaySessionInfo>('GET', path(id)),
  create: (b: NewSession) => call<ReplaySessionInfo>('POST', '/api/replay/sessions', b),
  control: (id: string, c: Control) => call<ReplaySessionInfo>('POST', `${path(id)}/control`, c),
  rename: (id: string, name: string) => call<ReplaySessionInfo>('PATCH', path(id), { name }),
  remove: (id: string) => call<{ deleted: string }>('DELETE', path(id)),
  rewatch: (id: string) => call<ReplaySessionInfo>('POST', `${path(id)}/rewatch`, {}),
  account: (id: string) => call<SessionAccount>('GET', `${path(id)}/account`),
  fills: (id: string) => call<{ fills: SessionFill[] }>('GET', `${path(id)}/fills`).then((r) => r.fills),
};
