import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { Rejection } from '../../src/domain/rejection.js';
import { rig, tick, type Rig } from './harness.js';

let r: Rig;
afterEach(() => r?.close());

const D = (s: string) => dec(s);
const str = (d: { toString(): string } | null | undefined) => (d == null ? null : d.toString());

function rejected(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Rejection) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('market orders', () => {
  it('walk the book level by level with a taker fee on each fill', () => {
    r = rig();
    r.market(tick('64000'));
    const { order, fills } = r.order({ quantity: D('2.5') });
    expect(order.status).toBe('FILLED');
    expect(fills.map((f) => [str(f.price), str(f.quantity), str(f.fee), f.liquidity])).toEqual([
      ['64000.1', '1', '25.60004', 'TAKER'],
      ['64000.2', '1', '25.60008', 'TAKER'],
      ['64000.3', '0.5', '12.80006', 'TAKER'],
    ]);
    // (64000.1 + 64000.2 + 0.5 × 64000.3) / 2.5 = 64000.18
    expect(str(order.cumQuote.div(order.filledQuantity, 8))).toBe('64000.18');
    const pos = r.engine.position({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' })!;
    expect(str(pos.quantity)).toBe('2.5');
    expect(str(pos.feesPaid)).toBe('64.00018');
  });

  it('expire what the depth cannot fill within the slippage cap', () => {
    r = rig({ fillModel: 'through', slippageCapBps: 1 }); // 1 bp of the 64000.1 ask = 6.4 → levels up to 64006.5
    r.market(tick('64000', { size: '0.01', levels: 100 }));
    const { order, fills } = r.order({ quantity: D('1') });
    expect(order.status).toBe('EXPIRED');
    expect(order.rejectReason).toMatch(/slippage cap/);
    expect(fills.length).toBe(65);
    expect(str(fills.at(-1)!.price)).toBe('64006.5');
    expect(str(order.filledQuantity)).toBe('0.65');
  });

  it('expire with the reason when earlier orders used up the whole side of the book since the last update', () => {
    r = rig();
    r.market(tick('64000', { size: '0.01', levels: 2 }));
    expect(r.order({ quantity: D('0.02') }).order.status).toBe('FILLED');
    const { order, fills } = r.order({ quantity: D('0.01') });
    expect([order.status, fills.length]).toEqual(['EXPIRED', 0]);
    expect(order.rejectReason).toMatch(/asks were used up/);
    r.market(tick('64000', { size: '0.01', levels: 2 })); // a new book
    expect(r.order({ quantity: D('0.01') }).order.status).toBe('FILLED');
  });

  it('are refused before any market data', () => {
    r = rig();
    expect(rejected(() => r.order({}))).toBe('NO_MARKET_DATA');
    expect(r.store.listOrders({ status: 'all' })[0]!.status).toBe('REJECTED');
  });
});

describe('limit orders', () => {
  it('take what crosses, rest the remainder, then fill as maker when the market trades through', () => {
    r = rig();
    r.market(tick('64000'));
    const first = r.order({ type: 'LIMIT', quantity: D('3'), price: D('64000.2') });
    expect(first.order.status).toBe('PARTIALLY_FILLED');
    expect(first.fills.map((f) => str(f.price))).toEqual(['64000.1', '64000.2']);
    r.market(tick('64000.2', { trade: '5' })); // at the price: not through
    expect(r.engine.openOrderList()[0]!.status).toBe('PARTIALLY_FILLED');
    r.market(tick('64000.1', { trade: '0.001' })); // through
    const fills = r.store.fillsOf(first.order.id);
    expect(fills.length).toBe(3);
    expect([str(fills[2]!.price), str(fills[2]!.quantity), fills[2]!.liquidity, str(fills[2]!.fee)]).toEqual(['64000.2', '1', 'MAKER', '12.80004']);
    expect(r.store.findOrder(first.order.id)!.status).toBe('FILLED');
  });

  it('under the touch model fill at their price up to the size traded there', () => {
    r = rig({ fillModel: 'touch', slippageCapBps: 50 });
    r.market(tick('64000'));
    const { order } = r.order({ type: 'LIMIT', side: 'BUY', quantity: D('1'), price: D('63990') });
    expect(order.status).toBe('NEW');
    r.market(tick('63990', { trade: '0.4' }));
    expect(str(r.store.findOrder(order.id)!.filledQuantity)).toBe('0.4');
    expect(r.store.findOrder(order.id)!.status).toBe('PARTIALLY_FILLED');
    r.market(tick('63990', { trade: '2' }));
    expect(r.store.findOrder(order.id)!.status).toBe('FILLED');
  });

  it('fill in price-time priority when one trade reaches several', () => {
    r = rig({ fillModel: 'touch', slippageCapBps: 50 });
    r.market(tick('64000'));
    const a = r.order({ type: 'LIMIT', quantity: D('0.3'), price: D('63995') }).order;
    const b = r.order({ type: 'LIMIT', quantity: D('0.3'), price: D('63996') }).order;
    const c = r.order({ type: 'LIMIT', quantity: D('0.3'), price: D('63995') }).order;
    r.market(tick('63995', { trade: '0.4' }));
    expect(r.store.findOrder(b.id)!.status).toBe('FILLED'); // through its price
    expect(str(r.store.findOrder(a.id)!.filledQuantity)).toBe('0.3'); // first at the level
    expect(str(r.store.findOrder(c.id)!.filledQuantity)).toBe('0.1'); // what was left of the 0.4
  });

  it('IOC expires its remainder; post-only that would take expires untouched', () => {
    r = rig();
    r.market(tick('64000'));
    const ioc = r.order({ type: 'LIMIT', quantity: D('1.5'), price: D('64000.1'), timeInForce: 'IOC' }).order;
    expect([ioc.status, str(ioc.filledQuantity)]).toEqual(['EXPIRED', '1']);
    const gtx = r.order({ type: 'LIMIT', quantity: D('1'), price: D('64000.5'), timeInForce: 'GTX' }).order;
    expect([gtx.status, str(gtx.filledQuantity), gtx.rejectReason]).toEqual(['EXPIRED', '0', 'post-only order would take liquidity']);
    const resting = r.order({ type: 'LIMIT', quantity: D('1'), price: D('63999'), timeInForce: 'GTX' }).order;
    expect(resting.status).toBe('NEW');
  });

  it('can be canceled once and not after', () => {
    r = rig();
    r.market(tick('64000'));
    const { order } = r.order({ type: 'LIMIT', quantity: D('1'), price: D('63000') });
    expect(r.engine.cancelOrder('sim', 'BTCUSDT', order.id).status).toBe('CANCELED');
    expect(rejected(() => r.engine.cancelOrder('sim', 'BTCUSDT', order.id))).toBe('ORDER_NOT_OPEN');
    r.market(tick('62000', { trade: '10' }));
    expect(r.store.fillsOf(order.id)).toEqual([]);
  });
});

describe('stop and take-profit orders', () => {
  it('a stop-loss triggers on the first trade through its price and sells at the bid', () => {
    r = rig();
    r.market(tick('64000'));
    r.order({ quantity: D('0.5') });
    const stop = r.order({ type: 'STOP_MARKET', side: 'SELL', quantity: D('0.5'), stopPrice: D('63900'), reduceOnly: true }).order;
    r.market(tick('63950'));
    expect(r.store.findOrder(stop.id)!.status).toBe('NEW');
    r.market(tick('63899.9'));
    const after = r.store.findOrder(stop.id)!;
    expect([after.status, after.triggered]).toEqual(['FILLED', true]);
    expect(str(r.store.fillsOf(stop.id)[0]!.price)).toBe('63899.9');
    expect(r.engine.position({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' })).toBeNull();
  });

  it('a stop that would trigger at once is refused', () => {
    r = rig();
    r.market(tick('64000'));
    expect(rejected(() => r.order({ type: 'STOP_MARKET', side: 'BUY', stopPrice: D('63990') }))).toBe('ORDER_WOULD_IMMEDIATELY_TRIGGER');
  });

  it('a take-profit triggers when the price reaches it', () => {
    r = rig();
    r.market(tick('64000'));
    const tp = r.order({ type: 'TAKE_PROFIT_MARKET', side: 'BUY', quantity: D('0.1'), stopPrice: D('63800') }).order;
    r.market(tick('63800.1'));
    expect(r.store.findOrder(tp.id)!.status).toBe('NEW');
    r.market(tick('63800'));
    expect(r.store.findOrder(tp.id)!.status).toBe('FILLED');
  });
});

describe('brackets', () => {
  it('an entry with take-profit and stop-loss creates both on fill; the one that fires cancels the other', () => {
    r = rig();
    r.market(tick('64000'));
    const entry = r.order({ quantity: D('0.2'), takeProfit: D('64100'), stopLoss: D('63900') }).order;
    const children = r.engine.openOrderList();
    expect(children.map((o) => [o.type, o.side, str(o.quantity), str(o.stopPrice), o.reduceOnly, o.parentId])).toEqual([
      ['TAKE_PROFIT_MARKET', 'SELL', '0.2', '64100', true, entry.id],
      ['STOP_MARKET', 'SELL', '0.2', '63900', true, entry.id],
    ]);
    r.market(tick('64100'));
    const [tp, sl] = children.map((c) => r.store.findOrder(c.id)!);
    expect(tp!.status).toBe('FILLED');
    expect(sl!.status).toBe('CANCELED');
    expect(r.engine.openOrderList()).toEqual([]);
    expect(r.engine.position({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' })).toBeNull();
  });

  it('exits follow a partially filled limit entry', () => {
    r = rig();
    r.market(tick('64000'));
    const entry = r.order({ type: 'LIMIT', quantity: D('1.5'), price: D('64000.1'), stopLoss: D('63000') }).order;
    expect(entry.status).toBe('PARTIALLY_FILLED');
    const sl = r.engine.openOrderList().find((o) => o.parentId === entry.id)!;
    expect(str(sl.quantity)).toBe('1');
    r.market(tick('64000', { trade: '1' }));
    expect(str(r.store.findOrder(sl.id)!.quantity)).toBe('1.5');
  });

  it('closing the position by hand cancels its exits', () => {
    r = rig();
    r.market(tick('64000'));
    r.order({ quantity: D('0.2'), takeProfit: D('64100'), stopLoss: D('63900') });
    const res = r.engine.closePosition({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' });
    expect(res.order.status).toBe('FILLED');
    expect(str(res.realizedPnl)).toBe('-0.02'); // bought 64000.1, sold 64000
    expect(r.engine.openOrderList()).toEqual([]);
  });
});

describe('reduce-only', () => {
  it('is refused without a position to reduce', () => {
    r = rig();
    r.market(tick('64000'));
    expect(rejected(() => r.order({ side: 'SELL', reduceOnly: true }))).toBe('REDUCE_ONLY_REJECTED');
  });

  it('never flips the position: the excess expires', () => {
    r = rig();
    r.market(tick('64000'));
    r.order({ quantity: D('0.3') });
    const { order } = r.order({ side: 'SELL', quantity: D('0.5'), reduceOnly: true });
    expect([order.status, str(order.filledQuantity)]).toEqual(['EXPIRED', '0.3']);
    expect(r.engine.position({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT' })).toBeNull();
  });
});

describe('venue rules', () => {
  it('refuses off-grid, too small and far-away orders with a code naming the rule', () => {
    r = rig();
    r.market(tick('64000'));
    expect(rejected(() => r.order({ quantity: D('0.0015') }))).toBe('INVALID_QUANTITY');
    expect(rejected(() => r.order({ type: 'LIMIT', price: D('64000.05') }))).toBe('INVALID_PRICE');
    expect(rejected(() => r.order({ quantity: D('0.00001') }))).toBe('INVALID_QUANTITY');
    expect(rejected(() => r.order({ quantity: D('2000') }))).toBe('QUANTITY_OUT_OF_RANGE');
    expect(rejected(() => r.order({ quantity: D('0.001') }))).toBe('MIN_NOTIONAL');
    expect(rejected(() => r.order({ type: 'LIMIT', price: D('80000') }))).toBe('PRICE_OUT_OF_BAND');
    expect(rejected(() => r.order({ type: 'LIMIT' }))).toBe('MISSING_FIELD');
    expect(rejected(() => r.order({ price: D('64000') }))).toBe('INVALID_FIELD');
    expect(rejected(() => r.order({ takeProfit: D('63000') }))).toBe('INVALID_BRACKET');
    expect(rejected(() => r.order({ symbol: 'DOGEUSDT' }))).toBe('UNKNOWN_SYMBOL');
    expect(rejected(() => r.order({ exchange: 'nowhere' }))).toBe('UNKNOWN_EXCHANGE');
    expect(r.store.listOrders({ status: 'all' })).toEqual([]);
  });
});

describe('client order ids', () => {
  it('the same id twice places one order; with other parameters it is a conflict', () => {
    r = rig();
    r.market(tick('64000'));
    const a = r.order({ clientOrderId: 'abc-1' });
    const b = r.order({ clientOrderId: 'abc-1' });
    expect(b.order.id).toBe(a.order.id);
    expect(b.fills.map((f) => f.id)).toEqual(a.fills.map((f) => f.id));
    expect(r.store.listOrders({ status: 'all' }).length).toBe(1);
    expect(rejected(() => r.order({ clientOrderId: 'abc-1', quantity: D('0.02') }))).toBe('DUPLICATE_CLIENT_ORDER_ID');
  });
});
