import type { WebSocket } from 'ws';
import { errorBody } from '../error-catalogue.js';
import { backtestView } from '../backtests/backtest-schemas.js';
import { routes, type RouteModule } from './plugin.js';

/**
 * WS /ws/backtests/{id}: `{"type": "backtest", ...}` (the view of GET /api/backtests/{id} without
 * `result`) on connect and on every change (started, progress about every 1 % of the bars, done or
 * failed); the server closes the socket (1000) after the last one. An unknown id gets an `error`
 * message and a 1008 close.
 */
export const backtestStream: RouteModule = (deps) =>
  routes(async (app) => {
    app.get('/ws/backtests/:id', { websocket: true, schema: { hide: true } }, (socket: WebSocket, req) => {
      const id = String((req.params as { id?: string }).id ?? '');
      const send = (msg: unknown): void => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
      };
      const first = deps.backtests?.get(id) ?? null;
      if (first === null) {
        send({ type: 'error', ...errorBody('BACKTEST_NOT_FOUND', `there is no backtest ${id}; GET /api/backtests lists them`) });
        socket.close(1008, 'unknown backtest');
        return;
      }
      const over = (status: string): boolean => status === 'done' || status === 'failed';
      send({ type: 'backtest', ...backtestView(first) });
      if (over(first.record.status)) {
        socket.close(1000, first.record.status);
        return;
      }
      const stop = deps.backtests!.subscribe(id, (job) => {
        send({ type: 'backtest', ...backtestView(job) });
        if (over(job.record.status)) {
          stop?.();
          socket.close(1000, job.record.status);
        }
      });
      socket.on('close', () => stop?.());
      socket.on('error', () => stop?.());
    });
  });
