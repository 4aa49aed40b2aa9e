import { z } from 'zod';
import { modeInput, symbolInput } from '../schemas.js';

/** Tags and mistake labels: 1–32 letters (any script), digits, '-' or '_'. */
export const LABEL = /^[\p{L}\p{Nd}_-]{1,32}$/u;
export const NOTES_MAX_BYTES = 10 * 1024;
const label = z.string({ error: 'must be a string' }).regex(LABEL, "must be 1-32 letters, digits, '-' or '_'");
const labels = (what: string) =>
  z
    .array(label, { error: `must be an array of ${what}` })
    .max(20, `must have at most 20 ${what}`)
    .transform((xs) => [...new Set(xs)]);
const ms = z.coerce.number({ error: 'must be epoch milliseconds' }).int('must be epoch milliseconds').min(0, 'must be at least 0');
const setup = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const journalQuery = z
  .object({
    mode: modeInput.optional().describe('simulation, paper_trading or live_trading; the current mode when absent'),
    symbol: symbolInput.optional(),
    tag: label.optional().describe('only trades with this tag'),
    setup: setup.optional().describe('only trades with this setup name (exact)'),
    from: ms.optional().describe('only trades that closed at or after this time (epoch ms)'),
    to: ms.optional().describe('only trades that closed at or before this time (epoch ms)'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

export const annotationBody = z
  .strictObject({
    notes: z
      .string({ error: 'must be a string' })
      .refine((s) => Buffer.byteLength(s, 'utf8') <= NOTES_MAX_BYTES, `must be at most ${NOTES_MAX_BYTES} bytes (10 kB) of UTF-8`)
      .optional(),
    tags: labels('tags').optional(),
    setup: setup.nullable().optional(),
    rating: z.number({ error: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be at least 1').max(5, 'must be at most 5').nullable().optional(),
    mistakes: labels('mistake labels').optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must set at least one of notes, tags, setup, rating, mistakes' });

export const tradeIdParam = z.string().regex(/^\d{1,15}$/, 'must be a trade id (digits)');

const annotationFields = {
  notes: z.string().describe('free text, at most 10 kB'),
  tags: z.array(z.string()).describe("labels of 1-32 letters, digits, '-' or '_'"),
  setup: z.string().nullable().describe('the setup traded, at most 64 characters'),
  rating: z.number().nullable().describe('the trader\'s grade of the trade, 1 (worst) to 5 (best)'),
  mistakes: z.array(z.string()).describe('mistake labels, same characters as tags (e.g. moved-stop, chased-entry)'),
};

export const annotationSchema = z.object({ trade_id: z.string(), ...annotationFields, updated_at: z.number().nullable() });

const num = (d: string) => z.number().describe(d);
const numN = (d: string) => z.number().nullable().describe(d);

export const journalEntrySchema = z.object({
  trade_id: z.string().describe('stable: the id of the position this trade was (one position = one trade)'),
  mode: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  side: z.enum(['LONG', 'SHORT']),
  entry_time: num('when the position opened (its first fill, or the fill that flipped into it), epoch ms'),
  exit_time: num('when it was back to flat (or flipped), epoch ms'),
  duration_ms: num('time in trade: exit_time − entry_time'),
  avg_entry_price: num('Σ qty × price ÷ Σ qty of every fill that added to it'),
  avg_exit_price: num('the same over every fill that reduced it'),
  entry_quantity: num('Σ of what was bought (long) / sold (short) to build it'),
  max_size: num('the largest size held at once'),
  gross_pnl: num('realized PnL before fees, quote asset'),
  fees: num('fees of its fills (a flip\'s fee split by quantity), quote asset'),
  net_pnl: num('gross_pnl − fees'),
  stop_price: numN('the stop set at entry: the opening order\'s bracket stop_loss, else the first reduce-only STOP_MARKET on the closing side placed while it was open; later moves do not count'),
  planned_risk: numN('|avg_entry_price − stop_price| × entry_quantity, quote; null without a stop or with a stop at or beyond the entry'),
  r_multiple: numN('net_pnl ÷ planned_risk'),
  best_price: numN('the most favourable price seen while open (marks and fills)'),
  worst_price: numN('the most adverse price seen while open'),
  mfe: numN('maximum favourable excursion: the highest open PnL (quantity × mark − cost, before fees), ≥ 0, quote'),
  mae: numN('maximum adverse excursion: the lowest open PnL, ≤ 0, quote'),
  mfe_price: numN('best_price − avg_entry_price (long) / avg_entry_price − best_price (short)'),
  mae_price: numN('avg_entry_price − worst_price (long) / worst_price − avg_entry_price (short); > 0 when the price went against the entry'),
  fills: num('number of fills'),
  ...annotationFields,
});
