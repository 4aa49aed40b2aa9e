import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { rebaseFactor, rebasedCsv } from '../../../src/sim/market/price-rebase.js';
import { parseCsv } from '../../../src/sim/market/csv-bars.js';

const d = (s: string) => Decimal.parse(s);

describe('rebasing prices', () => {
  it('takes a factor of three significant digits that brings the price near 100', () => {
    expect(rebaseFactor(d('2512.37')).toString()).toBe('0.0398');
    expect(rebaseFactor(d('64012.5')).toString()).toBe('0.00156');
    expect(rebaseFactor(d('0.2345')).toString()).toBe('426');
    expect(rebaseFactor(d('100')).toString()).toBe('1');
    for (const p of ['2512.37', '64012.5', '0.2345', '1.5', '99999', '0.00001234']) {
      const r = d(p).mul(rebaseFactor(d(p)));
      expect(Math.abs(r.toNumber() - 100), p).toBeLessThan(0.5);
    }
    expect(() => rebaseFactor(Decimal.ZERO)).toThrow(RangeError);
  });

  it('multiplies every price exactly and leaves volumes and times alone', () => {
    const csv = parseCsv('open_time,open,high,low,close,volume\n1700000000000,2512.37,2514.00,2511.01,2513.5,12.345\n', 'binance_ETHUSDT_1m.csv');
    if (csv.kind !== 'klines') throw new Error('klines expected');
    const k = rebaseFactor(d('2512.37'));
    const r = rebasedCsv(csv, k);
    if (r.kind !== 'klines') throw new Error('klines expected');
    expect(r.bars[0]!.open.toString()).toBe('99.992326');
    expect(r.bars[0]!.high.eq(d('2514').mul(k))).toBe(true);
    expect(r.bars[0]!.volume.eq(csv.bars[0]!.volume)).toBe(true);
    expect(r.bars[0]!.openTime).toBe(csv.bars[0]!.openTime);
    expect(r.priceScale).toBe(csv.priceScale + 4);
  });
});
