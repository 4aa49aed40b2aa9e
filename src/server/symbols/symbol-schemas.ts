import { z } from 'zod';
import { orderSchema, closeResultSchema } from '../response-schemas.js';
import { exchangeInput, positiveDecimal, sideInput, symbolInput } from '../schemas.js';

/** Requests and answers of /api/symbols/* (shared/API.md, "Symbols (several at once)"). */
export const addSymbolBody = z.strictObject({
  symbol: symbolInput,
  exchanges: z
    .array(exchangeInput, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of exchange ids such as ["binance", "bybit"]') })
    .min(1, 'must name at least one exchange')
    .max(10, 'must name at most 10 exchanges'),
});

export const symbolParams = z.object({ symbol: symbolInput });

export const removeSymbolQuery = z.object({
  force: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

export const symbolOrderBody = z.strictObject({
  symbol: symbolInput,
  side: sideInput,
  quantity: positiveDecimal,
  price: positiveDecimal.nullish(),
  exchange: exchangeInput.optional(),
  client_order_id: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z0-9._:-]{1,36}$/, 'must be 1-36 characters of letters, digits, . _ : -')
    .nullish(),
});

export const symbolCloseBody = z
  .strictObject({
    symbol: symbolInput.optional(),
    exchange: exchangeInput.optional(),
    all: z.literal(true, { error: 'must be true (to close every position), or leave it out and give a symbol' }).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.all && b.symbol) ctx.addIssue({ code: 'custom', path: ['symbol'], message: 'give either a symbol or "all": true, not both' });
    else if (!b.all && !b.symbol) ctx.addIssue({ code: 'custom', path: ['symbol'], message: 'is required (or "all": true)' });
    else if (b.all && b.exchange) ctx.addIssue({ code: 'custom', path: ['exchange'], message: 'applies to one symbol, not to "all": true' });
  });

export const watchEntrySchema = z.object({ symbol: z.string(), exchanges: z.array(z.string()), added_at: z.number() });
export const quoteSchema = z.object({ bid: z.number(), ask: z.number(), last: z.number(), timestamp: z.number() });
export const symbolErrorSchema = z.object({ symbol: z.string(), exchange: z.string(), code: z.string(), message: z.string() });
export const pricesByExchange = z.record(z.string(), quoteSchema);
export const symbolOrderSchema = orderSchema;
export const closeAllSchema = z.object({
  orders: z.array(closeResultSchema),
  errors: z.array(symbolErrorSchema).describe('positions that could not be closed, with the reason'),
});
