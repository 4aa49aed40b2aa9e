import fc from 'fast-check';
import { Live } from './schema-values.js';

const pick = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
/** A price a little below / above the market when sent (see render.ts). */
const below = pick.map((p) => new Live('below', p));
const above = pick.map((p) => new Live('above', p));
const symbol = fc.constantFrom('BTCUSDT', 'ETHUSDT');
const quantity = fc.constantFrom(0.001, 0.002, 0.003, 0.005, '0.004');
const cid = fc.option(fc.integer({ min: 0, max: 4000 }).map((n) => `fz-${n}`), { nil: undefined });
const exchange = fc.option(fc.constant('sim'), { nil: undefined });

/** A coherent order: the prices on the right side of the market for its side and type. */
const order = fc.oneof(
  fc.record({ exchange, symbol, side: fc.constantFrom('BUY', 'SELL'), type: fc.constant('MARKET'), quantity, client_order_id: cid, reduce_only: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.tuple(symbol, quantity, cid, below, above).map(([s, q, c, lo, hi]) => ({ exchange: 'sim', symbol: s, side: 'BUY', type: 'MARKET', quantity: q, client_order_id: c, take_profit: hi, stop_loss: lo })),
  fc.tuple(symbol, quantity, cid, below, above).map(([s, q, c, lo, hi]) => ({ symbol: s, side: 'SELL', type: 'MARKET', quantity: q, client_order_id: c, take_profit: lo, stop_loss: hi })),
  fc.tuple(symbol, quantity, cid, below, fc.constantFrom(undefined, 'GTC', 'GTX')).map(([s, q, c, p, tif]) => ({ symbol: s, side: 'BUY', type: 'LIMIT', quantity: q, price: p, client_order_id: c, time_in_force: tif })),
  fc.tuple(symbol, quantity, cid, above).map(([s, q, c, p]) => ({ symbol: s, side: 'SELL', type: 'LIMIT', quantity: q, price: p, client_order_id: c })),
  fc.tuple(symbol, quantity, cid, above).map(([s, q, c, p]) => ({ symbol: s, side: 'BUY', type: 'LIMIT', quantity: q, price: p, client_order_id: c, time_in_force: 'IOC' })),
  fc.tuple(symbol, quantity, cid, above, below).map(([s, q, c, hi, lo]) => ({ symbol: s, side: 'BUY', type: 'STOP_MARKET', quantity: q, stop_price: hi, client_order_id: c, stop_loss: lo })),
  fc.tuple(symbol, quantity, cid, below).map(([s, q, c, lo]) => ({ symbol: s, side: 'SELL', type: 'STOP_MARKET', quantity: q, stop_price: lo, client_order_id: c, reduce_only: true })),
  fc.tuple(symbol, quantity, cid, below).map(([s, q, c, lo]) => ({ symbol: s, side: 'BUY', type: 'TAKE_PROFIT_MARKET', quantity: q, stop_price: lo, client_order_id: c })),
);

/** Bodies that a trader would send, by route: valid requests that reach the engine, not just the schema. */
export const DOMAIN_BODIES: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  'POST /api/trading/order': order,
  'POST /api/symbols/order': fc.tuple(symbol, fc.constantFrom('BUY', 'SELL'), quantity, cid, fc.option(fc.tuple(below, above), { nil: undefined })).map(([s, side, q, c, p]) => ({
    symbol: s,
    side,
    quantity: q,
    client_order_id: c,
    price: p === undefined ? undefined : side === 'BUY' ? p[0] : p[1],
  })),
  'POST /api/position/close': fc.record({ symbol, quantity: fc.option(fc.constantFrom(0.001, 0.002), { nil: undefined }) }),
  'POST /api/symbols/close': fc.oneof(fc.record({ symbol }), fc.constant({ all: true })),
  'POST /api/symbols/add': fc.record({ symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'SOLUSDT'), exchanges: fc.constantFrom(['sim'], ['sim', 'bybit']) }),
};
