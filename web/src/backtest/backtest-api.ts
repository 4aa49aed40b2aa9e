import { call } from '../api.js';
import { wsProtocols } from '../api-token.js';
import type { BacktestResult } from '../core/backtest-format.js';

export type BacktestStatus = 'queued' | 'running' | 'done' | 'failed';

/** A backtest as GET /api/backtests lists it (README "Backtests"). */
export interface BacktestView {
  id: string;
  status: BacktestStatus;
  request: { dataset?: string; strategy?: string; symbol?: string; interval?: string; params?: Record<string, number> } & Record<string, unknown>;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  progress: { done: number; total: number } | null;
  summary: { trade_count: number; net_pnl: number; return_pct: number | null; bars: number } | null;
  error: string | null;
}

export interface StrategyInfo {
  name: string;
  description: string;
  params: Record<string, { default: number; description: string }>;
}

/** The body of POST /api/backtests. */
export interface NewBacktest {
  dataset: string;
  strategy: string;
  params: Record<string, number>;
  fee_bps: number;
  slippage_bps: number;
  from?: number;
  to?: number;
  cash: number;
}

const path = (id: string) => `/api/backtests/${encodeURIComponent(id)}`;

export const backtestApi = {
  strategies: () => call<{ strategies: StrategyInfo[] }>('GET', '/api/backtests/strategies').then((r) => r.strategies),
  list: () => call<{ backtests: BacktestView[] }>('GET', '/api/backtests').then((r) => r.backtests),
  get: (id: string) => call<BacktestView & { result: BacktestResult | null }>('GET', path(id)),
  submit: (b: NewBacktest) => call<BacktestView>('POST', '/api/backtests', b),
};

const over = (s: BacktestStatus) => s === 'done' || s === 'failed';

/**
 * WS /ws/backtests/{id}: `state` hears the backtest on connect and on every change (progress about
 * every 1 % of its bars) until it is done or failed, when the server closes the socket. A socket
 * that drops before then is opened again. Call the result to stop listening.
 */
export function followBacktest(id: string, state: (b: BacktestView) => void, failed: (message: string) => void): () => void {
  let stopped = false;
  let finished = false;
  let socket: WebSocket | null = null;
  const open = () => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/backtests/${encodeURIComponent(id)}`, wsProtocols());
    socket = ws;
    ws.onmessage = (e: MessageEvent<string>) => {
      const m = JSON.parse(e.data) as ({ type: 'backtest' } & BacktestView) | { type: 'error'; error: { code: string; message: string } };
      if (m.type === 'error') {
        finished = true;
        return failed(`${m.error.message} (${m.error.code})`);
      }
      if (over(m.status)) finished = true;
      if (!stopped) state(m);
    };
    ws.onclose = () => {
      if (!stopped && !finished) setTimeout(() => !stopped && open(), 1_000);
    };
  };
  open();
  return () => {
    stopped = true;
    socket?.close();
  };
}
