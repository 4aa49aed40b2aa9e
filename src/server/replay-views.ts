import { z } from 'zod';
import type { ReplayState } from '../engine/replay-session.js';
import type { MarketTick } from '../sim/market/market-types.js';
import type { OpenReplaySession } from './replay-port.js';

/** The runner's state in JSON. */
export const replayStateView = (s: ReplayState) => ({
  status: s.status,
  speed: s.speed,
  clock: s.clock,
  cursor: s.cursor,
  ticks: s.ticks,
  bars_done: s.barsDone,
  bars_left: s.barsLeft,
});

/**
 * A session in JSON. Blind: no dataset id, start time or dataset span (they name the symbol and
 * the date), and the symbol is the session's alias; `elapsed_ms` is the clock from the start.
 */
export function replaySessionView(s: OpenReplaySession) {
  const state = s.session.state();
  const common = {
    session_id: s.info.id,
    name: s.info.name,
    blind: s.info.blind,
    random_start: s.info.randomStart,
    exchange: s.instrument.exchange,
    symbol: s.instrument.symbol,
    starting_cash: s.info.startingCash.toNumber(),
    created_at: s.info.createdAt,
    elapsed_ms: state.clock - s.info.startTime,
    rebased: s.info.priceFactor !== null,
    rewatch_of: s.info.rewatchOf,
    // What an order ticket needs to size and price an order (as GET /api/exchanges/{id}/symbols).
    tick_size: s.instrument.tickSize.toNumber(),
    step_size: s.instrument.stepSize.toNumber(),
    min_qty: s.instrument.minQty.toNumber(),
    min_notional: s.instrument.minNotional.toNumber(),
    ...replayStateView(state),
  };
  if (s.info.blind) return common;
  return { ...common, dataset_id: s.info.datasetId, start_time: s.info.startTime, first_time: s.firstTime, last_time: s.lastTime };
}

export const replayTickView = (t: MarketTick) => ({
  type: 'tick' as const,
  symbol: t.symbol,
  time: t.time,
  bid: t.bid.toNumber(),
  ask: t.ask.toNumber(),
  last: t.last.toNumber(),
  quantity: t.tradeQuantity.toNumber(),
  aggressor: t.aggressor,
});

const stateFields = {
  status: z.enum(['paused', 'playing', 'finished']),
  speed: z.union([z.number(), z.literal('max')]),
  clock: z.number().describe('time of the last tick replayed (ms); nothing after it is served'),
  cursor: z.number().describe('ticks replayed'),
  ticks: z.number().describe('ticks in the dataset'),
  bars_done: z.number().describe("1m bars of the dataset begun by the clock"),
  bars_left: z.number(),
};

export const replaySessionSchema = z.object({
  session_id: z.string(),
  name: z.string(),
  blind: z.boolean(),
  random_start: z.boolean(),
  exchange: z.string(),
  symbol: z.string().describe('the symbol traded (an alias in blind mode)'),
  starting_cash: z.number(),
  created_at: z.number(),
  elapsed_ms: z.number().describe('the clock less the start time'),
  rebased: z.boolean().describe('prices are the file\'s × an exact factor (rebase_prices); the factor is not shown'),
  rewatch_of: z.string().nullable().describe('the session this read-only re-watch replays the fills of, or null'),
  tick_size: z.number(),
  step_size: z.number(),
  min_qty: z.number(),
  min_notional: z.number(),
  ...stateFields,
  dataset_id: z.string().optional().describe('absent in blind mode'),
  start_time: z.number().optional().describe('absent in blind mode'),
  first_time: z.number().optional().describe('absent in blind mode'),
  last_time: z.number().optional().describe('absent in blind mode'),
});
