import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { clientOrderId, fillId, orderId, positionId, type OrderId, type PositionId, type Side } from '../../src/domain/ids.js';
import { journalTrades, type Excursion } from '../../src/domain/journal.js';
import type { Order, OrderType } from '../../src/domain/order.js';
import { applyFill, type Position } from '../../src/domain/position.js';

/** A tiny ledger: fills go through the engine's own applyFill, recorded as the engine records them. */
function ledger() {
  const positions = new Map<string, Position>();
  const open = new Map<string, Position>();
  const fills: Fill[] = [];
  const orders = new Map<OrderId, Order>();
  const ids = { order: 0, fill: 0, position: 0 };
  const order = (symbol: string, side: Side, type: OrderType, o: { stop?: string; sl?: string; reduceOnly?: boolean; time: number }): OrderId => {
    const id = orderId(String(++ids.order));
    orders.set(id, {
      id, clientOrderId: clientOrderId(`c${id}`), mode: 'simulation', exchange: 'sim', symbol, side, type, timeInForce: 'GTC',
      quantity: dec('1'), price: null, stopPrice: o.stop ? dec(o.stop) : null, reduceOnly: o.reduceOnly ?? false,
      bracket: o.sl ? { takeProfit: null, stopLoss: dec(o.sl) } : null, parentId: null, status: 'FILLED',
      filledQuantity: dec('1'), cumQuote: Decimal.ZERO, triggered: false, rejectCode: null, rejectReason: null, createdAt: o.time, updatedAt: o.time,
    });
    return id;
  };
  const fill = (oid: OrderId, price: string, qty: string, fee: string, time: number): void => {
    const o = orders.get(oid)!;
    const key = { mode: 'simulation' as const, exchange: 'sim', symbol: o.symbol };
    const u = applyFill(open.get(o.symbol) ?? null, key, { side: o.side, price: dec(price), quantity: dec(qty), fee: dec(fee), time }, 10, () => positionId(String(++ids.position)));
    for (const p of [u.closed, u.open]) if (p) positions.set(p.id, p);
    if (u.open) open.set(o.symbol, u.open);
    else open.delete(o.symbol);
    fills.push({ id: fillId(String(++ids.fill)), orderId: oid, ...key, side: o.side, price: dec(price), quantity: dec(qty), fee: dec(fee), feeAsset: 'USDT', liquidity: 'TAKER', realizedPnl: u.realizedPnl, positionId: (u.closed ?? u.open)!.id, time });
  };
  return { positions, fills, orders, order, fill };
}

function fixture() {
  const l = ledger();
  // 1. a long with a bracket stop at 95: 100 → 108
  l.fill(l.order('BTCUSDT', 'BUY', 'MARKET', { sl: '95', time: 1000 }), '100', '1', '0.1', 1000);
  l.fill(l.order('BTCUSDT', 'SELL', 'MARKET', { time: 61_000 }), '108', '1', '0.1', 61_000);
  // 2. a short, its stop a reduce-only STOP_MARKET placed after the entry: 200 → 190
  l.fill(l.order('BTCUSDT', 'SELL', 'MARKET', { time: 100_000 }), '200', '2', '0.4', 100_000);
  l.order('BTCUSDT', 'BUY', 'STOP_MARKET', { stop: '210', reduceOnly: true, time: 101_000 });
  l.order('BTCUSDT', 'BUY', 'STOP_MARKET', { stop: '205', reduceOnly: true, time: 102_000 }); // moved later: not the planned risk
  l.fill(l.order('BTCUSDT', 'BUY', 'MARKET', { time: 130_000 }), '190', '2', '0.4', 130_000);
  // 3. a scale-in with a bracket stop at 90 on the first entry: 1 @ 100, 1 @ 110, out 2 @ 120
  l.fill(l.order('BTCUSDT', 'BUY', 'LIMIT', { sl: '90', time: 200_000 }), '100', '1', '0.05', 200_000);
  l.fill(l.order('BTCUSDT', 'BUY', 'LIMIT', { time: 210_000 }), '110', '1', '0.05', 210_000);
  l.fill(l.order('BTCUSDT', 'SELL', 'MARKET', { time: 260_000 }), '120', '2', '0.05', 260_000);
  // 4. a partial exit, no stop: 3 @ 50, out 1 @ 55 then 2 @ 45
  l.fill(l.order('BTCUSDT', 'BUY', 'MARKET', { time: 300_000 }), '50', '3', '0', 300_000);
  l.fill(l.order('BTCUSDT', 'SELL', 'MARKET', { time: 310_000 }), '55', '1', '0', 310_000);
  l.fill(l.order('BTCUSDT', 'SELL', 'MARKET', { time: 320_000 }), '45', '2', '0', 320_000);
  // 5. a flip: long 1 @ 10, sell 3 @ 12 (closes it, opens a short of 2, its bracket stop 13), buy 2 @ 11
  l.fill(l.order('BTCUSDT', 'BUY', 'MARKET', { time: 400_000 }), '10', '1', '0.01', 400_000);
  l.fill(l.order('BTCUSDT', 'SELL', 'MARKET', { sl: '13', time: 410_000 }), '12', '3', '0.03', 410_000);
  l.fill(l.order('BTCUSDT', 'BUY', 'MARKET', { time: 420_000 }), '11', '2', '0.02', 420_000);
  // 6. still open at the end: not an entry
  l.fill(l.order('ETHUSDT', 'BUY', 'MARKET', { time: 500_000 }), '100', '1', '0.1', 500_000);
  return l;
}

const excursion = (id: string, best: string, worst: string, mfe: string, mae: string): Excursion => ({
  positionId: positionId(id), bestPrice: dec(best), worstPrice: dec(worst), mfe: dec(mfe), mae: dec(mae), updatedAt: 0,
});

describe('journal trades from a ledger', () => {
  const l = fixture();
  const trades = journalTrades({
    positions: [...l.positions.values()],
    fills: l.fills,
    orders: l.orders,
    excursions: new Map<PositionId, Excursion>([[positionId('1'), excursion('1', '109', '97', '9', '-3')]]),
  });
  const s = (d: Decimal | null | undefined): string | null => (d == null ? null : d.toString());
  const row = (i: number) => {
    const t = trades[i]!;
    return [t.tradeId, t.side, t.entryTime, t.exitTime, s(t.avgEntryPrice), s(t.avgExitPrice), s(t.entryQuantity), s(t.maxSize), s(t.grossPnl), s(t.fees), s(t.netPnl), s(t.stopPrice), s(t.plannedRisk), s(t.rMultiple), t.durationMs];
  };

  it('has one entry per closed position, oldest exit first; the open one is not an entry', () => {
    expect(trades.map((t) => t.tradeId)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(trades.some((t) => t.symbol === 'ETHUSDT')).toBe(false);
  });

  it('a long with a bracket stop: R = 7.8 / 5', () => {
    expect(row(0)).toEqual(['1', 'LONG', 1000, 61_000, '100', '108', '1', '1', '8', '0.2', '7.8', '95', '5', '1.56', 60_000]);
    expect([s(trades[0]!.maePrice), s(trades[0]!.mfePrice), s(trades[0]!.excursion!.mae), s(trades[0]!.excursion!.mfe)]).toEqual(['3', '9', '-3', '9']);
  });

  it('a short whose stop is the first reduce-only STOP_MARKET placed while open (not the moved one)', () => {
    expect(row(1)).toEqual(['2', 'SHORT', 100_000, 130_000, '200', '190', '2', '2', '20', '0.8', '19.2', '210', '20', '0.96', 30_000]);
    expect(trades[1]!.excursion).toBeNull();
    expect(trades[1]!.maePrice).toBeNull();
  });

  it('a scale-in: average entry 105, risk 210 − 2 × 90 = 30', () => {
    expect(row(2)).toEqual(['3', 'LONG', 200_000, 260_000, '105', '120', '2', '2', '30', '0.15', '29.85', '90', '30', '0.995', 60_000]);
  });

  it('a partial exit: average exit 145 / 3, no stop so no R', () => {
    expect(row(3)).toEqual(['4', 'LONG', 300_000, 320_000, '50', '48.33333333', '3', '3', '-5', '0', '-5', null, null, null, 20_000]);
    expect(trades[3]!.fillCount).toBe(3);
  });

  it('a flip closes the long and opens the short, the fee split between them', () => {
    expect(row(4)).toEqual(['5', 'LONG', 400_000, 410_000, '10', '12', '1', '1', '2', '0.02', '1.98', null, null, null, 10_000]);
    // the short: opened by the flip's SELL 3 (its bracket stop 13): risk 13 × 2 − 24 = 2
    expect(row(5)).toEqual(['6', 'SHORT', 410_000, 420_000, '12', '11', '2', '2', '2', '0.04', '1.96', '13', '2', '0.98', 10_000]);
    expect(trades[5]!.fillCount).toBe(2);
  });
});
