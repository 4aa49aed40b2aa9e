import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { fixedFunding, fundingAmount, parseBinanceFundingCsv, seriesFunding } from '../../src/domain/funding.js';

const H8 = 8 * 3_600_000;

describe('funding', () => {
  it('a long pays a positive rate on its notional at the mark, a short receives it', () => {
    expect(fundingAmount(dec('2'), dec('92.25'), dec('0.0001'), 8).toString()).toBe('-0.01845');
    expect(fundingAmount(dec('-2'), dec('90.25'), dec('0.0001'), 8).toString()).toBe('0.01805');
    expect(fundingAmount(dec('0.5'), dec('64000.1'), dec('-0.00012345'), 2).toString()).toBe('3.95'); // 3.9504…: received
  });

  it('a fixed rate falls due at 00, 08 and 16 UTC: the first time strictly after', () => {
    const f = fixedFunding(dec('0.0001'));
    expect(f.nextAfter(0)).toBe(H8);
    expect(f.nextAfter(H8 - 1)).toBe(H8);
    expect(f.nextAfter(H8)).toBe(2 * H8);
  });

  it("reads Binance's public fundingRate CSV (calc_time, funding_interval_hours, last_funding_rate) as a history", () => {
    const csv = 'calc_time,funding_interval_hours,last_funding_rate\n1717228800000,8,0.00010000\n1717200000000,8,-0.00002500\n';
    const points = parseBinanceFundingCsv(csv);
    expect(points.map((p) => [p.time, p.rate.toString()])).toEqual([[1717200000000, '-0.000025'], [1717228800000, '0.0001']]);
    const s = seriesFunding(points);
    expect(s.nextAfter(0)).toBe(1717200000000);
    expect(s.nextAfter(1717200000000)).toBe(1717228800000);
    expect(s.nextAfter(1717228800000)).toBeNull();
    expect(s.rateAt('BTCUSDT', 1717228800000)!.toString()).toBe('0.0001');
    expect(s.rateAt('BTCUSDT', 1717228800001)).toBeNull();
  });

  it('refuses a file that is not one, naming the line', () => {
    expect(() => parseBinanceFundingCsv('open_time,open,high\n1,2,3\n')).toThrow(/line 1: expected the header/);
    expect(() => parseBinanceFundingCsv('calc_time,funding_interval_hours,last_funding_rate\n1717200000000,8,abc\n')).toThrow(/line 2: not a funding row/);
  });
});
