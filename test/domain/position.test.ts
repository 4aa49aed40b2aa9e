import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { positionId, type Side } from '../../src/domain/ids.js';
import { applyFill, averageEntry, averageExit, entryPrice, unrealizedPnl, type Position } from '../../src/domain/position.js';

const key = { mode: 'simulation' as const, exchange: 'sim', symbol: 'BTCUSDT' };
let n = 0;
const newId = () => positionId(String(++n));
const fill = (side: Side, price: string, quantity: string, fee = '0', time = 1) => ({
  side,
  price: dec(price),
  quantity: dec(quantity),
  fee: dec(fee),
  time,
});

describe('netting positions', () => {
  it('averages the entry price when increasing', () => {
    let p: Position | null = applyFill(null, key, fill('BUY', '100', '1'), 8, newId).open;
    p = applyFill(p, key, fill('BUY', '110', '3'), 8, newId).open!;
    // (100×1 + 110×3) / 4 = 107.5
    expect(entryPrice(p, 8).toString()).toBe('107.5');
    expect(p.quantity.toString()).toBe('4');
    expect(unrealizedPnl(p, dec('120')).toString()).toBe('50'); // 4×120 − 430
  });

  it('realizes PnL on a reduce and keeps the entry', () => {
    let p = applyFill(null, key, fill('BUY', '100', '2', '0.08'), 8, newId).open!;
    const u = applyFill(p, key, fill('SELL', '130', '0.5', '0.026'), 8, newId);
    p = u.open!;
    expect(u.realizedPnl.toString()).toBe('15'); // 0.5 × (130 − 100)
    expect(entryPrice(p, 8).toString()).toBe('100');
    expect(p.realizedPnl.toString()).toBe('15');
    expect(p.feesPaid.toString()).toBe('0.106');
    expect(u.closed).toBeNull();
  });

  it('closes a short at a loss', () => {
    const p = applyFill(null, key, fill('SELL', '64012.5', '0.003'), 8, newId).open!;
    expect(p.quantity.toString()).toBe('-0.003');
    const u = applyFill(p, key, fill('BUY', '64100', '0.003'), 8, newId);
    expect(u.realizedPnl.toString()).toBe('-0.2625'); // 0.003 × (64012.5 − 64100)
    expect(u.open).toBeNull();
    expect(u.closed!.closedAt).toBe(1);
    expect(u.closed!.quantity.isZero()).toBe(true);
  });

  it('flips through zero into a new position at the fill price', () => {
    const p = applyFill(null, key, fill('BUY', '100', '1', '0.04'), 8, newId).open!;
    const u = applyFill(p, key, fill('SELL', '90', '3', '0.108'), 8, newId);
    expect(u.realizedPnl.toString()).toBe('-10');
    expect(u.closed!.realizedPnl.toString()).toBe('-10');
    // The fee is split by quantity: 1/3 to the closing part, 2/3 to the new short.
    expect(u.closed!.feesPaid.toString()).toBe('0.076');
    expect(u.open!.quantity.toString()).toBe('-2');
    expect(entryPrice(u.open!, 8).toString()).toBe('90');
    expect(u.open!.feesPaid.toString()).toBe('0.072');
    expect(u.open!.id).not.toBe(u.closed!.id);
    // The closed one remembers what it was, for the journal.
    expect([u.closed!.openSide, u.closed!.entryQuantity.toString(), u.closed!.exitQuantity.toString()]).toEqual(['LONG', '1', '1']);
    expect(averageExit(u.closed!, 8)!.toString()).toBe('90');
    expect([u.open!.openSide, averageEntry(u.open!, 8)!.toString()]).toEqual(['SHORT', '90']);
  });
});

describe('ledger invariant', () => {
  it('realized + unrealized − fees equals the cash flows to the last digit over 10,000 random fills', () => {
    const arbFill = fc.record({
      buy: fc.boolean(),
      ticks: fc.integer({ min: 1, max: 1_000_000 }), // price in 0.1 ticks
      lots: fc.integer({ min: 1, max: 5_000 }), // quantity in 0.001 lots
    });
    fc.assert(
      fc.property(fc.array(arbFill, { minLength: 10_000, maxLength: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), (fills, markTicks) => {
        const rate = dec('0.0004');
        let open: Position | null = null;
        let realized = Decimal.ZERO;
        let fees = Decimal.ZERO;
        let cash = Decimal.ZERO;
        for (const f of fills) {
          const price = Decimal.of(BigInt(f.ticks), 1);
          const qty = Decimal.of(BigInt(f.lots), 3);
          const fee = price.mul(qty).mul(rate).rescale(8, 'half-up');
          const side: Side = f.buy ? 'BUY' : 'SELL';
          const u = applyFill(open, key, { side, price, quantity: qty, fee, time: 0 }, 4, newId);
          realized = realized.add(u.realizedPnl);
          fees = fees.add(fee);
          cash = cash.add(f.buy ? price.mul(qty).neg() : price.mul(qty)).sub(fee);
          open = u.open;
        }
        const mark = Decimal.of(BigInt(markTicks), 1);
        const held = open ? open.quantity.mul(mark) : Decimal.ZERO;
        expect(realized.add(unrealizedPnl(open, mark)).sub(fees).eq(cash.add(held))).toBe(true);
      }),
      { numRuns: 3 },
    );
  });
});
