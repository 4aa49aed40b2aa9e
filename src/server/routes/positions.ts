import { z } from 'zod';
import type { Position, PositionKey } from '../../domain/position.js';
import type { ServerDeps } from '../deps.js';
import type { Instrument } from '../../domain/instrument.js';
import type { ExecutionEngine } from '../../engine/execution-engine.js';
import { closeResultSchema, positionSchema } from '../response-schemas.js';
import { closeBody, errorResponses, positionQuery, positionsQuery } from '../schemas.js';
import { closeAtMarket, mainScope } from '../order-flow.js';
import { positionView } from '../views.js';
import { durable, instrumentOf, routes, type RouteModule } from './plugin.js';

export function viewOf(deps: ServerDeps, p: Position) {
  return positionViewIn(deps.engine, deps.exchanges.get(p.exchange)?.instrument(p.symbol) ?? null, p);
}

/** A position of an engine's ledger, an open one marked at that engine's last price. */
export function positionViewIn(engine: ExecutionEngine, inst: Instrument | null, p: Position) {
  const open = p.closedAt === null;
  return positionView(p, p, open ? engine.mark(p.exchange, p.symbol) : null, inst, open ? engine.perpFigures(p) : null);
}

/** The position of a key as it is now: FLAT when nothing is open, marked at the last price. */
export function positionAt(deps: ServerDeps, key: PositionKey) {
  const inst = deps.exchanges.get(key.exchange)?.instrument(key.symbol) ?? null;
  const p = deps.engine.position(key);
  return positionView(key, p, deps.engine.mark(key.exchange, key.symbol), inst, p ? deps.engine.perpFigures(p) : null);
}

export const positionRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/position',
      { schema: { tags: ['positions'], summary: 'The position in one symbol (FLAT when none is open)', querystring: positionQuery, response: { 200: positionSchema, ...errorResponses } } },
      async (req) => {
        const exchange = req.query.exchange ?? deps.defaultExchange;
        const inst = await instrumentOf(deps, exchange, req.query.symbol);
        await durable(deps);
        return positionAt(deps, { mode: deps.mode(), exchange, symbol: inst.symbol });
      },
    );

    app.get(
      '/api/positions',
      { schema: { tags: ['positions'], summary: 'Open, closed or all positions', querystring: positionsQuery, response: { 200: z.object({ positions: z.array(positionSchema) }), ...errorResponses } } },
      async (req) => {
        const { status, mode, limit } = req.query;
        await durable(deps);
        const list =
          status === 'open'
            ? deps.engine.positions().filter((p) => !mode || p.mode === mode)
            : deps.store.listPositions({ status, mode: mode as Position['mode'] | undefined, limit });
        return { positions: list.map((p) => viewOf(deps, p)) };
      },
    );

    app.post(
      '/api/position/close',
      { schema: { tags: ['positions'], summary: 'Close a position (or part of it) at market', body: closeBody, response: { 200: closeResultSchema, ...errorResponses } } },
      async (req) => closeAtMarket(mainScope(deps), req.body.exchange ?? deps.defaultExchange, req.body.symbol, req.body.quantity ?? null),
    );
  });
