import { z } from 'zod';
import { Decimal } from '../domain/decimal.js';
import { TRADING_MODES } from '../domain/ids.js';
import { ORDER_TYPES } from '../domain/order.js';

/** A decimal given as a JSON number or a numeric string, parsed exactly. */
export const decimalInput = z
  .union([z.number(), z.string()], { error: 'must be a number' })
  .transform((v, ctx) => {
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
  .string({ error: 'must be a string' })
  .trim()
  .regex(/^[A-Za-z0-9]{2,30}$/, 'must be an exchange symbol such as BTCUSDT')
  .transform((s) => s.toUpperCase());
export const exchangeInput = z
  .string({ error: 'must be a string' })
  .trim()
  .regex(/^[a-z0-9_]{2,30}$/i, 'must be an exchange id such as sim')
  .transform((s) => s.toLowerCase());
export const sideInput = z.preprocess(upper, z.enum(['BUY', 'SELL'], { error: 'must be BUY or SELL' }));
export const modeInput = z.enum(TRADING_MODES as [string, ...string[]], { error: `must be one of ${TRADING_MODES.join(', ')}` });

export const orderBody = z.object({
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
  take_profit: positiveDecimal.nullish(),
  stop_loss: positiveDecimal.nullish(),
});

export const closeBody = z.object({
  symbol: symbolInput,
  exchange: exchangeInput.optional(),
  quantity: positiveDecimal.nullish(),
});

export const positionQuery = z.object({ symbol: symbolInput, exchange: exchangeInput.optional() });
export const positionsQuery = z.object({
  status: z.enum(['open', 'closed', 'all'], { error: 'must be open, closed or all' }).default('open'),
  mode: modeInput.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const ordersQuery = z.object({
  exchange: exchangeInput.optional(),
  symbol: symbolInput.optional(),
  status: z.enum(['open', 'all'], { error: 'must be open or all' }).default('open'),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1000).default(500),
});
export const cancelParams = z.object({
  exchange: exchangeInput,
  symbol: symbolInput,
  order_id: z.string().regex(/^\d{1,18}$/, 'must be an order id'),
});
export const exchangeSymbolParams = z.object({ exchange: exchangeInput, symbol: symbolInput });
export const klinesQuery = z.object({
  interval: z.string().default('1m'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(1500).default(500),
  start_time: z.coerce.number({ error: 'must be epoch milliseconds' }).int().min(0).optional(),
  end_time: z.coerce.number({ error: 'must be epoch milliseconds' }).int().min(0).optional(),
});

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export const errorResponses = { 400: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema, 503: errorSchema };
