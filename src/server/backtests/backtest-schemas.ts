import { z } from 'zod';
import type { BacktestJob } from './backtest-port.js';

/** Requests and answers of /api/backtests. */

const epochMs = z.number({ error: 'must be epoch milliseconds' }).int('must be epoch milliseconds').min(0, 'must be epoch milliseconds').max(4_102_444_800_000, 'must be before 2100');
const bps = z
  .number({ error: 'must be a number of basis points' })
  .min(0, 'must be at least 0')
  .max(9_999.99, 'must be below 10000')
  .refine((v) => /^\d+(\.\d{1,2})?$/.test(String(v)), 'takes at most two decimals'); // by its text: 1.1 × 100 is not 110 in floats

export const newBacktestBody = z.strictObject({
  dataset: z.string({ error: 'is required: a dataset id (GET /api/datasets lists them)' }).regex(/^[A-Za-z0-9._-]{1,120}$/, 'must be a dataset id').describe('the dataset to run over: a bundled one or an import (`imp-<n>`), as GET /api/datasets lists them'),
  strategy: z.string({ error: 'is required: a built-in strategy name' }).regex(/^[a-z0-9_]{1,64}$/, 'must be a built-in strategy name such as sma_cross').describe('a built-in strategy (GET /api/backtests/strategies); strategy files by path are for the command line only'),
  params: z
    .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a parameter name'), z.number({ error: 'must be a number' }).finite('must be a finite number'), { error: 'must be an object of numbers' })
    .refine((p) => Object.keys(p).length <= 32, 'at most 32 parameters')
    .default({})
    .describe('the strategy\'s parameters (its defaults fill the rest), e.g. {"fast": 10, "slow": 30}'),
  fee_bps: bps.describe('fee on each fill\'s notional, in basis points'),
  slippage_bps: bps.default(0).describe('against the trader on each taker fill, in basis points of the price (rounded up to whole ticks); default 0'),
  from: epochMs.optional().describe('bars opening at or after this time (ms); default the dataset\'s first'),
  to: epochMs.optional().describe('bars opening at or before this time (ms); default the dataset\'s last'),
  cash: z.number({ error: 'must be a number' }).positive('must be above 0').max(1e12, 'must be at most 1e12').default(10_000).describe('starting cash in the quote asset (default 10,000)'),
  funding: z.number({ error: 'must be a number' }).min(-1, 'must be at least -1').max(1, 'must be at most 1').optional().describe('a funding rate applied every 8 h to the position\'s notional (0.0001 = 0.01 %; a long pays a positive rate)'),
  leverage: z.number({ error: 'must be a number' }).positive('must be above 0').max(1000, 'must be at most 1000').optional().describe('check margin at this leverage, and liquidate a perpetual as its venue would (default: no margin check)'),
  margin_mode: z.enum(['cross', 'isolated'], { error: 'must be cross or isolated' }).optional().describe('with a leverage: cross (the whole cash backs the position, default) or isolated (its initial margin only)'),
  fill_model: z.enum(['through', 'touch'], { error: 'must be through or touch' }).default('through').describe('how resting limits fill: `through` (a trade goes through the price) or `touch`'),
});

const progress = z.object({ done: z.number().int().describe('bars done'), total: z.number().int().describe('bars in all') });

const summary = z
  .object({
    symbol: z.string(),
    bars: z.number().int(),
    from: z.number().int().describe('open time of the first bar (ms)'),
    to: z.number().int().describe('end of the last bar (ms)'),
    trade_count: z.number().int(),
    net_pnl: z.number(),
    fees: z.number(),
    ending_equity: z.number(),
    return_pct: z.number().nullable(),
    win_rate: z.number().nullable(),
    profit_factor: z.number().nullable(),
    sharpe: z.number().nullable(),
    max_drawdown_pct: z.number().nullable(),
  })
  .describe('the headline figures of a finished backtest');

export const backtestSchema = z.object({
  id: z.string().describe('`bt-<n>`, never reused'),
  status: z.enum(['queued', 'running', 'done', 'failed']).describe('queued → running → done, or failed (with `error`)'),
  request: z.record(z.string(), z.unknown()).describe('the request as accepted: the parameters resolved (the strategy\'s defaults filled in), with the dataset\'s symbol and interval'),
  created_at: z.number().int(),
  started_at: z.number().int().nullable(),
  finished_at: z.number().int().nullable(),
  progress: progress.nullable().describe('while running: bars done of the total (poll GET /api/backtests/{id}); null otherwise'),
  summary: summary.nullable(),
  error: z.string().nullable().describe('why a failed backtest failed'),
});

export const backtestWithResultSchema = backtestSchema.extend({
  result: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('once done, the whole result as `npm run cli -- backtest --json` prints it: trades, totals, the statistics of the replay review, the sampled equity curve'),
});

export const strategySchema = z.object({
  name: z.string(),
  description: z.string(),
  params: z.record(z.string(), z.object({ default: z.number(), description: z.string() })),
});

export const backtestParams = z.object({ id: z.string().max(40) });

export function backtestView(job: BacktestJob): z.infer<typeof backtestSchema> {
  const r = job.record;
  return {
    id: `bt-${r.seq}`,
    status: r.status,
    request: r.request as Record<string, unknown>,
    created_at: r.createdAt,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    progress: r.status === 'running' ? (job.progress ?? { done: 0, total: 0 }) : null,
    summary: r.summary as z.infer<typeof summary> | null,
    error: r.error,
  };
}
