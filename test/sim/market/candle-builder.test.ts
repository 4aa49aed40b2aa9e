import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { CandleBuilder, INTERVALS, intervalMs } from '../../../src/sim/market/candle-builder.js';
import type { Kline, MarketTick } from '../../../src/sim/market/market-types.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1); // a UTC midnight, so aligned to every interval

function tick(time: number, last: string, qty: string): MarketTick {
  const p = Decimal.parse(last);
  const step = Decimal.parse('0.1');
  return { symbol: 'BTCUSDT', time, bid: p.sub(step), ask: p, last: p, tradeQuantity: Decimal.parse(qty), aggressor: 'BUY', bids: [], asks: [] };
}

const ohlcv = (k: Kline): string[] => [k.open, k.high, k.low, k.close, k.volume].map((d) => d.toString());

/** One tick per minute for `n` minutes: prices 100, 101, ... and volume 1 each. */
function minutes(cb: CandleBuilder, n: number): void {
  for (let i = 0; i < n; i++) cb.add(tick(T0 + i * MIN + 1000, String(100 + i), '1'));
}

describe('CandleBuilder', () => {
  it('builds a 1m kline from ticks: OHLC from last, volume = Σ trade quantity, aligned times', () => {
    const cb = new CandleBuilder();
    cb.add(tick(T0 + 5_000, '100.5', '0.002'));
    cb.add(tick(T0 + 20_000, '102', '0.010'));
    cb.add(tick(T0 + 30_000, '99.9', '0'));
    cb.add(tick(T0 + 59_999, '101', '0.5'));
    cb.add(tick(T0 + 60_000, '101.2', '1'));
    const k = cb.klines('1m', 10);
    expect(k.map((b) => [b.openTime - T0, b.closeTime - T0])).toEqual([
      [0, 59_999],
      [60_000, 119_999],
    ]);
    expect(ohlcv(k[0]!)).toEqual(['100.5', '102', '99.9', '101', '0.512']);
    expect(ohlcv(k[1]!)).toEqual(['101.2', '101.2', '101.2', '101.2', '1']);
    expect(cb.current()?.openTime).toBe(T0 + MIN);
  });

  it('includes the bar in progress and returns copies that later ticks do not change', () => {
    const cb = new CandleBuilder();
    cb.add(tick(T0, '100', '1'));
    const before = cb.klines('1m', 1)[0]!;
    cb.add(tick(T0 + 1000, '105', '2'));
    expect(ohlcv(before)).toEqual(['100', '100', '100', '100', '1']);
    expect(ohlcv(cb.klines('1m', 1)[0]!)).toEqual(['100', '105', '100', '105', '3']);
  });

  it('resamples 1m bars into longer intervals, oldest first', () => {
    const cb = new CandleBuilder();
    minutes(cb, 12); // 100..111
    const k5 = cb.klines('5m', 100);
    expect(k5.map((k) => k.openTime - T0)).toEqual([0, 5 * MIN, 10 * MIN]);
    expect(k5.map((k) => k.closeTime - k.openTime)).toEqual([5 * MIN - 1, 5 * MIN - 1, 5 * MIN - 1]);
    expect(k5.map(ohlcv)).toEqual([
      ['100', '104', '100', '104', '5'],
      ['105', '109', '105', '109', '5'],
      ['110', '111', '110', '111', '2'],
    ]);
    expect(cb.klines('1h', 10).map(ohlcv)).toEqual([['100', '111', '100', '111', '12']]);
    expect(cb.klines('1d', 10)[0]?.openTime).toBe(T0);
  });

  it('takes the last `limit` bars, or the first `limit` from startTime, within [startTime, endTime]', () => {
    const cb = new CandleBuilder();
    minutes(cb, 30);
    expect(cb.klines('1m', 3).map((k) => k.open.toString())).toEqual(['127', '128', '129']);
    expect(cb.klines('5m', 2).map((k) => k.openTime - T0)).toEqual([20 * MIN, 25 * MIN]);
    expect(cb.klines('5m', 2, T0 + 1).map((k) => k.openTime - T0)).toEqual([5 * MIN, 10 * MIN]);
    expect(cb.klines('5m', 10, T0 + 5 * MIN, T0 + 15 * MIN).map((k) => k.openTime - T0)).toEqual([5 * MIN, 10 * MIN, 15 * MIN]);
    expect(cb.klines('5m', 2, undefined, T0 + 12 * MIN).map((k) => k.openTime - T0)).toEqual([5 * MIN, 10 * MIN]);
    // A group cut by endTime is still whole.
    expect(ohlcv(cb.klines('5m', 1, undefined, T0 + 12 * MIN)[0]!)).toEqual(['110', '114', '110', '114', '5']);
    expect(cb.klines('1m', 0)).toEqual([]);
  });

  it('keeps a bounded history of 1m bars', () => {
    const cb = new CandleBuilder(10);
    minutes(cb, 25);
    expect(cb.size()).toBe(10);
    expect(cb.klines('1m', 100)[0]?.open.toString()).toBe('115');
  });

  it('ignores a tick older than the bar in progress', () => {
    const cb = new CandleBuilder();
    cb.add(tick(T0 + MIN, '100', '1'));
    cb.add(tick(T0, '50', '1'));
    expect(cb.klines('1m', 10).map(ohlcv)).toEqual([['100', '100', '100', '100', '1']]);
  });

  it('knows the Binance intervals and nothing else', () => {
    expect(INTERVALS).toEqual(['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '1d']);
    expect(INTERVALS.map(intervalMs)).toEqual([1, 3, 5, 15, 30, 60, 120, 240, 1440].map((m) => m * MIN));
    expect(intervalMs('7m')).toBeNull();
    expect(intervalMs('1w')).toBeNull();
    expect(() => new CandleBuilder().klines('7m', 1)).toThrow(RangeError);
  });
});

describe('CandleBuilder.upsertBar', () => {
  it('fills a missing minute in place and replaces an existing one', () => {
    const dec = (v: string) => Decimal.parse(v);
    const b = new CandleBuilder(100);
    const bar = (m: number, c: string) => ({ openTime: m * 60_000, closeTime: m * 60_000 + 59_999, open: dec(c), high: dec(c), low: dec(c), close: dec(c), volume: dec('1') });
    b.addBar(bar(1, '10'));
    b.addBar(bar(4, '40'));
    b.upsertBar(bar(2, '20'));
    b.upsertBar(bar(3, '30'));
    b.upsertBar(bar(4, '41'));
    expect(b.openTimes()).toEqual([1, 2, 3, 4].map((m) => m * 60_000));
    expect(b.klines('1m', 10).map((k) => k.close.toString())).toEqual(['10', '20', '30', '41']);
  });
});
