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
  start_time?: number;
}

export interface NewSession {
  dataset_id: string;
  random?: true;
  start_time?: number;
  starting_cash?: number;
  blind?: boolean;
}

export type Control = { action: 'play'; speed?: Speed } | { action: 'pause' | 'step_tick' | 'step_bar' };

const path = (id: string) => `/api/replay/sessions/${encodeURIComponent(id)}`;

/** The practice-session routes the page uses (the trading ones go through api.ts's replay target). */
export const replayApi = {
  datasets: () => call<{ datasets: Dataset[] }>('GET', '/api/datasets').then((r) => r.datasets),
  sessions: () => call<{ sessions: ReplaySessionInfo[] }>('GET', '/api/replay/sessions').then((r) => r.sessions),
  get: (id: string) => call<ReplaySessionInfo>('GET', path(id)),
  create: (b: NewSession) => call<ReplaySessionInfo>('POST', '/api/replay/sessions', b),
  control: (id: string, c: Control) => call<ReplaySessionInfo>('POST', `${path(id)}/control`, c),
};
