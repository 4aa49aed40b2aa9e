import { z } from 'zod';
import { Decimal } from '../../domain/decimal.js';
import { Rejection } from '../../domain/rejection.js';
import type { ServerDeps } from '../deps.js';
import type { ReplayPort } from '../replay-port.js';
import { controlBody, createSessionBody, renameBody, sessionParams } from '../replay-schemas.js';
import { replaySessionSchema, replaySessionView } from '../replay-views.js';
import { errorResponses } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

const MINUTE = 60_000;
const STEP_MS = { '1m': MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '1h': 60 * MINUTE } as const;
const tags = ['replay'];

/** The practice sessions; without them (a server built without) every route answers NOT_SUPPORTED. */
export function replayOf(deps: ServerDeps): ReplayPort {
  if (!deps.replay) throw new Rejection('NOT_SUPPORTED', 'this server has no practice sessions');
  return deps.replay;
}

/**
 * POST/GET /api/replay/sessions, GET/PATCH/DELETE /api/replay/sessions/{id} and
 * POST /api/replay/sessions/{id}/control: practice sessions and their clock.
 */
export const replaySessionRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.post(
      '/api/replay/sessions',
      {
        schema: {
          tags,
          summary: 'Create a practice session from a dataset, at a start time or a random one',
          description:
            'Either `start_time` (the session stands on the first tick at or after it, with the file before it as history) or `"random": true` (a start with at least 300 1m bars of history before it). `starting_cash` defaults to 10,000 USDT. `blind` hides the symbol (traded as BLIND), the dataset and its dates from the session\'s views. The session starts paused; its ledger is its own. `rebase_prices` multiplies every price of the file (and its tick) by an exact factor of three significant digits that brings the start price near 100: the session trades, fills and reports in those prices, so an order on the rebased tick grid is an order on the file\'s grid, scaled; percentages, quantities and volumes are as in the file.',
          body: createSessionBody,
          response: { 200: replaySessionSchema, ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body;
        if (b.random && b.start_time !== undefined) throw new Rejection('INVALID_FIELD', 'give start_time or "random": true, not both', { field: 'start_time' });
        const s = replayOf(deps).create({
          datasetId: b.dataset_id,
          startTime: b.start_time,
          random: b.random ?? false,
          startingCash: b.starting_cash ?? Decimal.fromInt(10_000),
          blind: b.blind ?? false,
          name: b.name,
          rebasePrices: b.rebase_prices ?? false,
        });
        return replaySessionView(s);
      },
    );

    app.get(
      '/api/replay/sessions',
      { schema: { tags, summary: 'Every practice session, oldest first', response: { 200: z.object({ sessions: z.array(replaySessionSchema) }), ...errorResponses } } },
      async () => ({ sessions: replayOf(deps).list().map(replaySessionView) }),
    );

    app.get(
      '/api/replay/sessions/:id',
      { schema: { tags, summary: 'One practice session and its clock', params: sessionParams, response: { 200: replaySessionSchema, ...errorResponses } } },
      async (req) => replaySessionView(replayOf(deps).get(req.params.id)),
    );

    app.patch(
      '/api/replay/sessions/:id',
      { schema: { tags, summary: 'Rename a practice session', params: sessionParams, body: renameBody, response: { 200: replaySessionSchema, ...errorResponses } } },
      async (req) => replaySessionView(replayOf(deps).rename(req.params.id, req.body.name)),
    );

    app.delete(
      '/api/replay/sessions/:id',
      { schema: { tags, summary: 'Delete a practice session and its ledger file', params: sessionParams, response: { 200: z.object({ deleted: z.string() }), ...errorResponses } } },
      async (req) => {
        replayOf(deps).delete(req.params.id);
        return { deleted: req.params.id };
      },
    );

    app.post(
      '/api/replay/sessions/:id/rewatch',
      {
        schema: {
          tags,
          summary: 'Re-watch a finished session: a new read-only session over its market, drawing its fills',
          description:
            'Creates a new session (`rewatch_of` names the original) from the same dataset, start, blindness and prices (rebased alike), paused at the start. It is stepped and played like any session, but takes no order (422 REPLAY_READ_ONLY); its GET …/fills answers the original\'s fills up to its clock, so the trades appear on the chart as the market reaches them. The original must be finished (422 REPLAY_NOT_FINISHED) and stays untouched; a re-watch of a re-watch re-watches the original.',
          params: sessionParams,
          response: { 200: replaySessionSchema, ...errorResponses },
        },
      },
      async (req) => replaySessionView(replayOf(deps).rewatch(req.params.id)),
    );

    app.post(
      '/api/replay/sessions/:id/control',
      {
        schema: {
          tags,
          summary: 'Play, pause, step or jump a practice session',
          description:
            '`play` (optional `speed`: 1, 2, 5, 10, 60, 300, 1000 or "max"; again while playing changes the speed), `pause`, `step_tick`, `step_bar` (to the close of the bar of `interval`, default 1m, that the next tick belongs to: the last candle is then exactly that bar of the file), `jump` (`to_time`: every tick up to it; or `bars` of `interval`), `finish` (ends the session where its clock stands: nothing more plays, no new order; open positions and orders stay as they are, for the review). Steps and jumps pause the session; every tick passed goes through the engine, so resting orders, stops and brackets fill on it. A jump never goes back (422 REPLAY_NO_BACKWARDS: start a new session from that time) nor past the end of the dataset (422 REPLAY_PAST_END); a finished session refuses play and steps (422 REPLAY_FINISHED). A refused control changes nothing.',
          params: sessionParams,
          body: controlBody,
          response: { 200: replaySessionSchema, ...errorResponses },
        },
      },
      async (req) => {
        const s = replayOf(deps).get(req.params.id);
        const b = req.body;
        const r = s.session;
        const ms = STEP_MS[b.interval ?? '1m'];
        const speed = b.speed === undefined ? undefined : b.speed === 'max' ? 'max' : Number(b.speed);
        switch (b.action) {
          case 'play':
            r.play(speed);
            break;
          case 'pause':
            r.pause();
            break;
          case 'step_tick':
            r.stepTick();
            break;
          case 'step_bar':
            r.stepBars(ms, 1);
            break;
          case 'finish':
            r.finish();
            break;
          case 'jump':
            if ((b.to_time === undefined) === (b.bars === undefined)) throw new Rejection('INVALID_FIELD', 'a jump takes to_time or bars (one of them)', { field: 'to_time' });
            if (b.to_time !== undefined) r.jumpTo(b.to_time);
            else r.stepBars(ms, b.bars!);
            break;
        }
        return replaySessionView(s);
      },
    );
  });
