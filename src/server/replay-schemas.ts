import { z } from 'zod';
import { closeBody, orderBody, positiveDecimal, symbolInput } from './schemas.js';

const epochMs = z.number({ error: 'must be epoch milliseconds' }).int('must be epoch milliseconds').min(0, 'must be epoch milliseconds');

export const sessionParams = z.object({ id: z.string().regex(/^\d{1,12}$/, 'must be a session id') });

export const createSessionBody = z.strictObject({
  dataset_id: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9._-]{1,120}$/, 'must be a dataset id'),
  start_time: epochMs.optional(),
  random: z.boolean({ error: 'must be true or false' }).optional(),
  starting_cash: positiveDecimal.optional(),
  blind: z.boolean({ error: 'must be true or false' }).optional(),
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  rebase_prices: z.boolean({ error: 'must be true or false' }).optional().describe('every price × an exact factor that brings the start price near 100 (3 significant digits); the tick too'),
});

export const renameBody = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});

export const STEP_INTERVALS = ['1m', '5m', '15m', '1h'] as const;

export const controlBody = z.strictObject({
  action: z.enum(['play', 'pause', 'step_tick', 'step_bar', 'jump', 'finish'], { error: 'must be play, pause, step_tick, step_bar, jump or finish' }),
  speed: z.union([z.number(), z.string()], { error: 'must be a number or "max"' }).optional(),
  interval: z.enum(STEP_INTERVALS, { error: 'must be 1m, 5m, 15m or 1h' }).optional(),
  to_time: epochMs.optional(),
  bars: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000').optional(),
});

/** The main order body; the symbol defaults to the session's one. */
export const sessionOrderBody = orderBody.extend({ symbol: symbolInput.optional() });
export const sessionCloseBody = closeBody.extend({ symbol: symbolInput.optional() });
