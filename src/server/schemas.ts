import { z } from 'zod';
import { Decimal } from '../domain/decimal.js';
import { TRADING_MODES } from '../domain/ids.js';
import { ORDER_TYPES } from '../domain/order.js';

/** "is required" for a missing field, else what was expected. */
const expected = (what: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}`),
});

/** A whole number from a query string, with its bounds in the message. */
const queryInt = (min: number, max: number, what = 'a whole number') =>
  z.coerce
    .number(expected(what))
    .int(`must be ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** Longest numeric string accepted (a price or quantity needs far fewer digits). */
const MAX_NUMBER_TEXT = 64;
/** Longest symbol or exchange id accepted before trimming: a 10 kB one is a 400, never parsed further. */
const MAX_ID_TEXT = 64;

/** A decimal given as a JSON number or a numeric string, parsed exactly. */
export const decimalInput = z
  .union([z.number(), z.string()], expected('a number'))
  .transform((v, ctx) => {
    if (typeof v === 'string' && v.length > MAX_NUMBER_TEXT) {
      ctx.addIssue({ code: 'custom', message: `must be a number of at most ${MAX_NUMBER_TEXT} characters` });
      return z.NEVER;
    }
    const d = Decimal.tryParse(v);
    if (d === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a finite decimal number' });
      return z.NEVER;
    }
    return d;
  });

export const positiveDecimal = decimalInput.refine((d) => d.sign() > 0, { message: 'must be greater than zero' });

const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

export const symbolInput = z
  .string(expected('a string'))
  .max(MAX_ID_TEXT, `must be at most ${MAX_ID_TEXT} characters`)
  .trim()
  .regex(/^[A-Za-z0-9]{2,30}$/, 'must be an exchange symbol such as BTCUSDT')
  .transform((s) => s.toUpperCase());
export const exchangeInput = z
  .string(expected('a string'))
  .max(MAX_ID_TEXT, `must be at most ${MAX_ID_TEXT} characters`)
  .trim()
  .regex(/^[a-z0-9_]{2,30}$/i, 'must be an exchange id such as sim')
  .transform((s) => s.toLowerCase());
export const sideInput = z.preprocess(upper, z.enum(['BUY', 'SELL'], expected('BUY or SELL')));
export const modeInput = z.enum(TRADING_MODES as [string, ...string[]], { error: `must be one of ${TRADING_MODES.join(', ')}` });

/**
 * A positive decimal that is answered back as it was set (a risk limit, a bracket leg, neither
 * checked against a range): it must fit in a JSON number, or 1e400 would read back as null.
 */
export const positiveJsonDecimal = positiveDecimal.refine((d) => Number.isFinite(d.toNumber()), { message: 'is too large (at most 1.7976931348623157e308)' });

// Bodies are strict: an unknown field (a typo such as "stoploss") is a 400, never silently dropped.
export const orderBody = z.strictObject({
  exchange: exchangeInput.optional(),
  symbol: symbolInput,
  side: sideInput,
  type: z.preprocess(upper, z.enum(ORDER_TYPES as [string, ...string[]], { error: `must be one of ${ORDER_TYPES.join(', ')}` })).default('MARKET'),
  quantity: positiveDecimal,
  price: positiveDecimal.nullish(),
  stop_price: positiveDecimal.nullish(),
  time_in_force: z.preprocess(upper, z.enum(['GTC', 'IOC', 'GTX'], { error: 'must be GTC, IOC or GTX' })).nullish(),
  post_only: z.boolean({ error: 'must be true or false' }).optional(),
  client_order_id: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z0-9._:-]{1,36}$/, 'must be 1-36 characters of letters, digits, . _ : -')
    .nullish(),
  reduce_only: z.boolean({ error: 'must be true or false' }).optional(),
  take_profit: positiveJsonDecimal.nullish(),
  stop_loss: positiveJsonDecimal.nullish(),
});

export const closeBody = z.strictObject({
  symbol: symbolInput,
  exchange: exchangeInput.optional(),
  quantity: positiveDecimal.nullish(),
});

export const positionQuery = z.object({ symbol: symbolInput, exchange: exchangeInput.optional() });
export const positionsQuery = z.object({
  status: z.enum(['open', 'closed', 'all'], { error: 'must be open, closed or all' }).default('open'),
  mode: modeInput.optional(),
  limit: queryInt(1, 1000).default(500),
});
export const ordersQuery = z.object({
  exchange: exchangeInput.optional(),
  symbol: symbolInput.optional(),
  status: z.enum(['open', 'all'], { error: 'must be open or all' }).default('open'),
  limit: queryInt(1, 1000).default(500),
});
export const cancelParams = z.object({
  exchange: exchangeInput,
  symbol: symbolInput,
  order_id: z.string().regex(/^\d{1,18}$/, 'must be an order id'),
});
export const exchangeSymbolParams = z.object({ exchange: exchangeInput, symbol: symbolInput });
export const klinesQuery = z.object({
  interval: z.string({ error: 'must be an interval such as 1m' }).max(8, 'must be an interval such as 1m').default('1m'),
  limit: queryInt(1, 1500).default(500),
  start_time: queryInt(0, Number.MAX_SAFE_INTEGER, 'epoch milliseconds').optional(),
  end_time: queryInt(0, Number.MAX_SAFE_INTEGER, 'epoch milliseconds').optional(),
});

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
/** The refusals any route may give; 413 and 429 are the per-client limits (server/limits/). */
export const errorResponses = { 400: errorSchema, 404: errorSchema, 409: errorSchema, 413: errorSchema, 422: errorSchema, 429: errorSchema, 503: errorSchema };

/** Orders a cancel-all or the kill switch could not cancel where they rest: each still open, with the exchange's refusal. */
export const notCanceledSchema = z.array(
  z.object({ order_id: z.string(), client_order_id: z.string(), error: z.object({ code: z.string(), message: z.string() }) }),
);
