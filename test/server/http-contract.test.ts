import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import {
  client,
  d,
  expectError,
  expectNamesField,
  simTicker,
  startTestServer,
  type FillJson,
  type OrderJson,
  type PositionJson,
  type TestServer,
} from './harness.js';

const TAKER_FEE = d('0.0004');

let srv: TestServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  srv = await startTestServer();
  api = client(srv.url);
});

afterAll(async () => {
  await srv?.close();
});

/** A price `pct` % below the bid, on the tick grid (inside the 5 % band, far enough not to fill). */
async function restingBuyPrice(symbol: string, tick: string, pct = 3): Promise<number> {
  const t = await simTicker(api, symbol);
  const raw = d(t.bid).mul(d(100 - pct)).div(d(100), 8, 'floor');
  const units = raw.div(d(tick), 0, 'floor');
  return units.mul(d(tick)).toNumber();
}

async function position(symbol: string): Promise<PositionJson> {
  const res = await api.get(`/api/position?symbol=${symbol}`);
  expect(res.status, res.text).toBe(200);
  return res.json as PositionJson;
}

async function allOrders(query = 'status=all&limit=1000'): Promise<OrderJson[]> {
  const res = await api.get(`/api/trading/orders?${query}`);
  expect(res.status, res.text).toBe(200);
  return (res.json as { orders: OrderJson[] }).orders;
}

function sumQty(fills: readonly FillJson[]): Decimal {
  return fills.reduce((s, f) => s.add(d(f.quantity)), Decimal.ZERO);
}

/** Every fill's fee is exactly price × quantity × rate, and the order's numbers agree with its fills. */
function expectFilledExactly(o: OrderJson, quantity: string, side: 'BUY' | 'SELL'): void {
  expect(o.status).toBe('FILLED');
  expect(o.side).toBe(side);
  expect(o.fills?.length ?? 0).toBeGreaterThan(0);
  const fills = o.fills!;
  expect(sumQty(fills).eq(d(quantity)), `fills add up to ${quantity}`).toBe(true);
  expect(d(o.filled_quantity).eq(d(quantity))).toBe(true);
  expect(d(o.quantity).eq(d(quantity))).toBe(true);
  let notional = Decimal.ZERO;
  for (const f of fills) {
    expect(f.order_id).toBe(o.order_id);
    expect(f.side).toBe(side);
    expect(f.liquidity).toBe('TAKER');
    expect(f.fee_asset).toBe('USDT');
    const expected = d(f.price).mul(d(f.quantity)).mul(TAKER_FEE);
    expect(d(f.fee).toString(), `fee of fill ${f.fill_id} = ${f.price} × ${f.quantity} × 0.0004`).toBe(expected.normalize().toString());
    notional = notional.add(d(f.price).mul(d(f.quantity)));
  }
  const vwap = notional.div(d(quantity), 8);
  expect(d(o.avg_price!).eq(vwap), `avg_price ${o.avg_price} = VWAP ${vwap.toString()}`).toBe(true);
}
describe('positions: a symbol with nothing open', () => {
  it('GET /api/position for a symbol never traded is FLAT with quantity 0, not a 404', async () => {
    const p = await position('ETHUSDT');
    expect(p.side).toBe('FLAT');
    expect(p.quantity).toBe(0);
    expect(p.symbol).toBe('ETHUSDT');
    expect(p.exchange).toBe('sim');
    expect(p.mode).toBe('simulation');
    expect(p.position_id).toBeNull();
  });
});

describe('market orders and the position they open', () => {
  let buy: OrderJson;

  it('a MARKET buy fills at once; each fee is exactly price × quantity × 0.0004', async () => {
    const res = await api.post('/api/trading/order', { exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(res.status, res.text).toBe(200);
    buy = res.json as OrderJson;
    expect(buy.order_id).toMatch(/^\d+$/);
    expect(buy.client_order_id).toBeTypeOf('string');
    expect(buy.exchange).toBe('sim');
    expect(buy.symbol).toBe('BTCUSDT');
    expect(buy.type).toBe('MARKET');
    expect(buy.created_at).toBeTypeOf('number');
    expectFilledExactly(buy, '0.01', 'BUY');
  });

  it('GET /api/position then shows LONG 0.01 with the entry at the fill price', async () => {
    const p = await position('BTCUSDT');
    expect(p.side).toBe('LONG');
    expect(d(p.quantity).eq(d('0.01'))).toBe(true);
    const entry = buy.fills!.reduce((s, f) => s.add(d(f.price).mul(d(f.quantity))), Decimal.ZERO).div(d('0.01'), 8);
    expect(d(p.entry_price).eq(entry), `entry ${p.entry_price} = ${entry.toString()}`).toBe(true);
    if (buy.fills!.length === 1) expect(p.entry_price).toBe(buy.fills![0]!.price);
    const fees = buy.fills!.reduce((s, f) => s.add(d(f.fee)), Decimal.ZERO);
    expect(d(p.fees_paid).eq(fees)).toBe(true);
    expect(p.opened_at).toBeTypeOf('number');
    expect(p.closed_at).toBeNull();
    expect(p.mark_price).toBeTypeOf('number');
  });

  it('a filled order cannot be canceled (422 ORDER_NOT_OPEN)', async () => {
    expectError(await api.del(`/api/trading/order/sim/BTCUSDT/${buy.order_id}`), 422, 'ORDER_NOT_OPEN');
  });
});

describe('a resting LIMIT order and its cancel', () => {
  let limit: OrderJson;

  it('a LIMIT buy 3 % below the market rests as NEW with no fills', async () => {
    const price = await restingBuyPrice('BTCUSDT', '0.1');
    const res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.002 });
    expect(res.status, res.text).toBe(200);
    limit = res.json as OrderJson;
    expect(limit.status).toBe('NEW');
    expect(limit.type).toBe('LIMIT');
    expect(limit.price).toBe(price);
    expect(limit.filled_quantity).toBe(0);
    expect(limit.avg_price).toBeNull();
    expect(limit.fills).toEqual([]);
  });

  it('the resting order is listed by GET /api/trading/orders (open orders by default)', async () => {
    const open = await allOrders('status=open');
    expect(open.map((o) => o.order_id)).toContain(limit.order_id);
    expect(open.every((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')).toBe(true);
    const byDefault = await allOrders('');
    expect(byDefault.map((o) => o.order_id)).toEqual(open.map((o) => o.order_id));
  });

  it('DELETE cancels it: the answer is the order with status CANCELED, and it leaves the open list', async () => {
    const res = await api.del(`/api/trading/order/sim/BTCUSDT/${limit.order_id}`);
    expect(res.status, res.text).toBe(200);
    const o = res.json as OrderJson;
    expect(o.order_id).toBe(limit.order_id);
    expect(o.status).toBe('CANCELED');
    expect(o.filled_quantity).toBe(0);
    expect((await allOrders('status=open')).map((x) => x.order_id)).not.toContain(limit.order_id);
    const all = await allOrders();
    expect(all.find((x) => x.order_id === limit.order_id)?.status).toBe('CANCELED');
  });

  it('a second DELETE of the same order is a 422 (ORDER_NOT_OPEN)', async () => {
    const body = expectError(await api.del(`/api/trading/order/sim/BTCUSDT/${limit.order_id}`), 422, 'ORDER_NOT_OPEN');
    expect(body.error.message).toContain(limit.order_id);
  });

  it('DELETE of an unknown order id is a 404 (ORDER_NOT_FOUND)', async () => {
    expectError(await api.del('/api/trading/order/sim/BTCUSDT/987654321'), 404, 'ORDER_NOT_FOUND');
  });

  it('DELETE of a real order under another symbol is a 404, not a cancel', async () => {
    const price = await restingBuyPrice('BTCUSDT', '0.1');
    const res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: 0.002 });
    const o = res.json as OrderJson;
    expectError(await api.del(`/api/trading/order/sim/ETHUSDT/${o.order_id}`), 404, 'ORDER_NOT_FOUND');
    const still = (await allOrders('status=open')).find((x) => x.order_id === o.order_id);
    expect(still?.status).toBe('NEW');
    expect((await api.del(`/api/trading/order/sim/BTCUSDT/${o.order_id}`)).status).toBe(200);
  });
});

describe('client_order_id idempotency', () => {
  const body = { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01, client_order_id: 'contract-idem-1' };
  let first: OrderJson;

  it('the same body twice places one order: both answers carry the same order_id and fills', async () => {
    const a = await api.post('/api/trading/order', body);
    expect(a.status, a.text).toBe(200);
    first = a.json as OrderJson;
    expect(first.client_order_id).toBe('contract-idem-1');
    expectFilledExactly(first, '0.01', 'BUY');
    const b = await api.post('/api/trading/order', body);
    expect(b.status, b.text).toBe(200);
    const second = b.json as OrderJson;
    expect(second.order_id).toBe(first.order_id);
    expect(second.status).toBe(first.status);
    expect(second.fills).toEqual(first.fills);
  });

  it('only one order with that client_order_id is in the ledger, and the position is not doubled', async () => {
    const all = await allOrders();
    expect(all.filter((o) => o.client_order_id === 'contract-idem-1')).toHaveLength(1);
    const p = await position('ETHUSDT');
    expect(p.side).toBe('LONG');
    expect(d(p.quantity).eq(d('0.01'))).toBe(true);
  });

  it('the same client_order_id with a different quantity is a 409 naming the existing order', async () => {
    const res = await api.post('/api/trading/order', { ...body, quantity: 0.02 });
    const err = expectError(res, 409, 'DUPLICATE_CLIENT_ORDER_ID');
    expectNamesField(err, 'client_order_id');
    expect(err.error.details?.order_id).toBe(first.order_id);
    expect((await allOrders()).filter((o) => o.client_order_id === 'contract-idem-1')).toHaveLength(1);
    const p = await position('ETHUSDT');
    expect(d(p.quantity).eq(d('0.01'))).toBe(true);
  });

  it('the same client_order_id with a different side is also a 409', async () => {
    expectError(await api.post('/api/trading/order', { ...body, side: 'SELL' }), 409, 'DUPLICATE_CLIENT_ORDER_ID');
  });
});

describe('closing a position', () => {
  let positionId: string | null;

  it('a partial close with quantity sells just that much and reports its realized_pnl', async () => {
    const before = await position('BTCUSDT');
    expect(before.side).toBe('LONG');
    positionId = before.position_id;
    const res = await api.post('/api/position/close', { symbol: 'BTCUSDT', quantity: 0.004 });
    expect(res.status, res.text).toBe(200);
    const o = res.json as OrderJson;
    expectFilledExactly(o, '0.004', 'SELL');
    expect(o.reduce_only).toBe(true);
    expect(o.realized_pnl).toBeTypeOf('number');
    const realized = o.fills!.reduce((s, f) => s.add(d(f.realized_pnl)), Decimal.ZERO);
    expect(d(o.realized_pnl!).eq(realized)).toBe(true);
    // Gross PnL of a long: (exit − entry) × quantity, exactly.
    const expected = o.fills!.reduce((s, f) => s.add(d(f.price).sub(d(before.entry_price)).mul(d(f.quantity))), Decimal.ZERO);
    expect(d(o.realized_pnl!).eq(expected), `realized ${o.realized_pnl} = ${expected.toString()}`).toBe(true);
    const after = await position('BTCUSDT');
    expect(after.side).toBe('LONG');
    expect(d(after.quantity).eq(d('0.006'))).toBe(true);
    expect(after.entry_price).toBe(before.entry_price);
    expect(after.position_id).toBe(positionId);
  });

  it('a close of more than the position is a 400 naming quantity, and nothing trades', async () => {
    const body = expectError(await api.post('/api/position/close', { symbol: 'BTCUSDT', quantity: 5 }), 400, 'INVALID_QUANTITY');
    expectNamesField(body, 'quantity');
    expect(d((await position('BTCUSDT')).quantity).eq(d('0.006'))).toBe(true);
  });

  it('POST /api/position/close closes the rest: FILLED, realized_pnl present, the position FLAT afterwards', async () => {
    const res = await api.post('/api/position/close', { symbol: 'btcusdt' });
    expect(res.status, res.text).toBe(200);
    const o = res.json as OrderJson;
    expectFilledExactly(o, '0.006', 'SELL');
    expect(o.symbol).toBe('BTCUSDT');
    expect(o.realized_pnl).toBeTypeOf('number');
    const p = await position('BTCUSDT');
    expect(p.side).toBe('FLAT');
    expect(p.quantity).toBe(0);
  });

  it('GET /api/positions?status=closed lists the closed position; the open list no longer has it', async () => {
    const closed = await api.get('/api/positions?status=closed');
    expect(closed.status).toBe(200);
    const list = (closed.json as { positions: PositionJson[] }).positions;
    const mine = list.find((p) => p.position_id === positionId);
    expect(mine, JSON.stringify(list)).toBeDefined();
    expect(mine!.symbol).toBe('BTCUSDT');
    expect(mine!.closed_at).toBeTypeOf('number');
    // A closed position keeps what it was: its side, the quantity it was built to, entry and exit.
    expect((mine as unknown as { status: string }).status).toBe('closed');
    expect(['LONG', 'SHORT']).toContain(mine!.side);
    expect(mine!.quantity).toBeGreaterThan(0);
    expect(mine!.entry_price).toBeGreaterThan(0);
    expect((mine as unknown as { exit_price: number }).exit_price).toBeGreaterThan(0);
    expect(mine!.fees_paid).toBeGreaterThan(0);

    const open = (await api.get('/api/positions')).json as { positions: PositionJson[] };
    expect(open.positions.map((p) => p.symbol)).not.toContain('BTCUSDT');
    expect(open.positions.map((p) => p.symbol)).toContain('ETHUSDT');
    const all = (await api.get('/api/positions?status=all')).json as { positions: PositionJson[] };
    expect(all.positions.map((p) => p.position_id)).toEqual(expect.arrayContaining([positionId, open.positions[0]!.position_id]));
  });

  it('the ledger of BTCUSDT orders nets to zero: Σ signed filled quantities = the (flat) position', async () => {
    const orders = (await allOrders()).filter((o) => o.symbol === 'BTCUSDT');
    const net = orders.reduce((s, o) => s.add(o.side === 'BUY' ? d(o.filled_quantity) : d(o.filled_quantity).neg()), Decimal.ZERO);
    expect(net.isZero()).toBe(true);
  });
});
