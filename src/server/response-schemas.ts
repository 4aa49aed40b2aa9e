import { z } from 'zod';

/** Shapes of the answers, for the OpenAPI document and the serializer. */
const num = z.number();
const numOrNull = z.number().nullable();

export const fillSchema = z.object({
  fill_id: z.string(),
  order_id: z.string(),
  side: z.enum(['BUY', 'SELL']),
  price: num,
  quantity: num,
  fee: num,
  fee_asset: z.string(),
  liquidity: z.enum(['MAKER', 'TAKER']),
  realized_pnl: num,
  time: num,
});

export const orderSchema = z.object({
  order_id: z.string(),
  client_order_id: z.string(),
  mode: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL']),
  type: z.string(),
  status: z.enum(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']),
  time_in_force: z.string(),
  quantity: num,
  filled_quantity: num,
  avg_price: numOrNull,
  price: numOrNull,
  stop_price: numOrNull,
  reduce_only: z.boolean(),
  take_profit: numOrNull,
  stop_loss: numOrNull,
  parent_order_id: z.string().nullable(),
  triggered: z.boolean(),
  reject_reason: z.string().nullable(),
  fills: z.array(fillSchema).optional(),
  created_at: num,
  updated_at: num,
});

export const positionSchema = z.object({
  position_id: z.string().nullable(),
  symbol: z.string(),
  exchange: z.string(),
  mode: z.string(),
  status: z.enum(['open', 'closed']),
  side: z.enum(['LONG', 'SHORT', 'FLAT']),
  quantity: num,
  entry_price: num,
  exit_price: numOrNull,
  mark_price: numOrNull,
  unrealized_pnl: num,
  realized_pnl: num,
  fees_paid: num,
  opened_at: numOrNull,
  updated_at: numOrNull,
  closed_at: numOrNull,
  leverage: numOrNull.describe('perpetuals of a simulated account: the leverage; null for spot, live and closed positions'),
  margin_mode: z.enum(['cross', 'isolated']).nullable().describe('cross or isolated (perpetuals of a simulated account), else null'),
  initial_margin: numOrNull.describe('|quantity| × mark / leverage'),
  maintenance_margin: numOrNull.describe('notional at the mark × the tier\'s maintenance margin rate − its maintenance amount'),
  margin_ratio: numOrNull.describe('maintenance margin ÷ margin balance (1 = liquidation)'),
  liquidation_price: numOrNull.describe('where the mark liquidates the position, by the venue\'s formula; null when it cannot be liquidated'),
});

export const closeResultSchema = orderSchema.extend({ realized_pnl: num });

export const tickerSchema = z.object({
  exchange: z.string(),
  symbol: z.string(),
  bid: num,
  ask: num,
  last: num,
  volume_24h: num,
  timestamp: num,
});

export const klineSchema = z.object({
  open_time: num,
  open: num,
  high: num,
  low: num,
  close: num,
  volume: num,
  close_time: num,
});
