import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import type { Position } from '../../domain/position.js';
import { intervalMs } from '../../sim/market/candle-builder.js';
import { cancelOrder, closeAtMarket, orderRequestOf, placeOrder, type TradingScope } from '../order-flow.js';
import type { OpenReplaySession } from '../replay-port.js';
import { sessionCloseBody, sessionOrderBody, sessionParams } from '../replay-schemas.js';
import { closeResultSchema, klineSchema, orderSchema, positionSchema, tickerSchema } from '../response-schemas.js';
import { errorResponses, klinesQuery, ordersQuery, positionsQuery } from '../schemas.js';
import { klineView, orderView } from '../views.js';
import { accountSchema, simulatedAccount } from './account.js';
import { positionViewIn } from './positions.js';
import { durable, routes, type RouteModule } from './plugin.js';
import { replayOf } from './replay-sessions.js';

const tags = ['replay'];
const DAY = 86_400_000;

/** A session's engine as the trading routes' scope: its one instrument, simulation mode, no stream to wait for. */
export function sessionScope(s: OpenReplaySession): TradingScope {
  const inst = s.instrument;
  return {
    engine: s.engine,
    mode: () => 'simulation',
    instrument: async (exchange, symbol) => {
      if (exchange !== inst.exchange) throw new Rejection('UNKNOWN_EXCHANGE', `a practice session trades on ${inst.exchange} only`, { exchange });
      if (symbol !== inst.symbol) throw new Rejection('UNKNOWN_SYMBOL', `this session trades ${inst.symbol} only`, { exchange, symbol });
      return inst;
    },
    ensureMarket: async () => {},
  };
}

const orderParams = sessionParams.extend({ order_id: z.string().regex(/^\d{1,18}$/, 'must be an order id') });

/**
 * The trading routes of a practice session, with the bodies and answers of the main ones and the
 * same code (order-flow.ts, the views) on the session's own engine. Market data never goes past
 * the session's clock.
 */
export const replayTradingRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const session = (id: string) => replayOf(deps).get(id);

    app.post(
      '/api/replay/sessions/:id/order',
      {
        schema: {
          tags,
          summary: "Place an order in a practice session (as POST /api/trading/order; symbol and exchange default to the session's)",
          description: 'Placed while paused, a resting order acts from the next replayed tick; a market order takes the book as it stands at the clock. A finished session takes no new orders (422 REPLAY_FINISHED).',
          params: sessionParams,
          body: sessionOrderBody,
          response: { 200: orderSchema, ...errorResponses },
        },
      },
      async (req) => {
        const s = session(req.params.id);
        if (s.info.rewatchOf !== null) throw new Rejection('REPLAY_READ_ONLY', 'a re-watch replays another session\'s trades: it takes no orders', { rewatch_of: s.info.rewatchOf });
        if (s.session.state().status === 'finished') throw new Rejection('REPLAY_FINISHED', 'the session is finished: it takes no new orders');
        const b = req.body;
        const r = await placeOrder(sessionScope(s), orderRequestOf({ ...b, symbol: b.symbol ?? s.instrument.symbol }, s.instrument.exchange));
        return orderView(r.order, r.fills);
      },
    );

    app.get(
      '/api/replay/sessions/:id/orders',
      { schema: { tags, summary: "A session's open orders, or all newest first", params: sessionParams, querystring: ordersQuery, response: { 200: z.object({ orders: z.array(orderSchema) }), ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        const q = req.query;
        await durable(s);
        return { orders: s.store.listOrders({ mode: 'simulation', exchange: q.exchange, symbol: q.symbol, status: q.status, limit: q.limit }).map((o) => orderView(o)) };
      },
    );

    app.delete(
      '/api/replay/sessions/:id/orders/:order_id',
      { schema: { tags, summary: 'Cancel an open order of a session', params: orderParams, response: { 200: orderSchema, ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        return cancelOrder(sessionScope(s), s.instrument.exchange, s.instrument.symbol, req.params.order_id);
      },
    );

    app.post(
      '/api/replay/sessions/:id/close',
      { schema: { tags, summary: "Close the session's position (or part of it) at market", params: sessionParams, body: sessionCloseBody, response: { 200: closeResultSchema, ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        return closeAtMarket(sessionScope(s), req.body.exchange ?? s.instrument.exchange, req.body.symbol ?? s.instrument.symbol, req.body.quantity ?? null);
      },
    );

    app.get(
      '/api/replay/sessions/:id/positions',
      { schema: { tags, summary: "A session's open, closed or all positions", params: sessionParams, querystring: positionsQuery, response: { 200: z.object({ positions: z.array(positionSchema) }), ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        const { status, limit } = req.query;
        await durable(s);
        const list = status === 'open' ? s.engine.positions('simulation') : s.store.listPositions({ status, mode: 'simulation' as Position['mode'], limit });
        return { positions: list.map((p) => positionViewIn(s.engine, s.instrument, p)) };
      },
    );

    app.get(
      '/api/replay/sessions/:id/account',
      { schema: { tags, summary: "A session's balances, equity, unrealized PnL and margin (as GET /api/trading/account/{exchange})", params: sessionParams, response: { 200: accountSchema, ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        await durable(s);
        return simulatedAccount(s.engine, 'simulation', s.instrument.exchange);
      },
    );

    app.get(
      '/api/replay/sessions/:id/klines',
      {
        schema: {
          tags,
          summary: "A session's candles up to its clock, oldest first (the last one as it stands at the clock)",
          description: 'As GET /api/exchanges/{exchange}/klines/{symbol}, but never past the session clock: an `end_time` after it is the clock, a `start_time` after it gives none. 5m/15m/1h… are built from the same 1m bars.',
          params: sessionParams,
          querystring: klinesQuery,
          response: { 200: z.object({ exchange: z.string(), symbol: z.string(), interval: z.string(), klines: z.array(klineSchema) }), ...errorResponses },
        },
      },
      async (req) => {
        const s = session(req.params.id);
        const { interval, limit, start_time, end_time } = req.query;
        if (intervalMs(interval) === null) throw new Rejection('INVALID_FIELD', `unknown interval ${interval}`, { field: 'interval' });
        if (start_time !== undefined && end_time !== undefined && start_time > end_time) {
          throw new Rejection('INVALID_FIELD', 'start_time must not be after end_time', { field: 'start_time' });
        }
        const clock = s.session.state().clock;
        const klines = start_time !== undefined && start_time > clock ? [] : s.session.candles.klines(interval, limit, start_time, Math.min(end_time ?? clock, clock));
        return {
          exchange: s.instrument.exchange,
          symbol: s.instrument.symbol,
          interval,
          klines: klines.map(klineView),
        };
      },
    );

    app.get(
      '/api/replay/sessions/:id/ticker',
      { schema: { tags, summary: "The session's market at its clock: the last replayed tick's bid, ask and last", params: sessionParams, response: { 200: tickerSchema, ...errorResponses } } },
      async (req) => {
        const s = session(req.params.id);
        const t = s.session.lastTick();
        if (!t) throw new Rejection('NO_MARKET_DATA', 'the session has replayed no tick yet');
        const day = s.session.candles.klines('1m', 1440, t.time - DAY + 1, t.time);
        const volume = day.reduce((sum, k) => sum + k.volume.toNumber(), 0);
        return { exchange: s.instrument.exchange, symbol: t.symbol, bid: t.bid.toNumber(), ask: t.ask.toNumber(), last: t.last.toNumber(), volume_24h: volume, timestamp: t.time };
      },
    );
  });
