import { describe, expect, it } from 'vitest';
import { DATASET } from '../../datasets.js';
import { readCsv } from '../../../src/sim/market/csv-bars.js';
import { CsvReplaySource } from '../../../src/sim/market/csv-replay-source.js';
import type { Kline, MarketTick } from '../../../src/sim/market/market-types.js';
import { openReplayDataset } from '../../../src/sim/market/replay-dataset.js';
import { ReplayCursor, randomStart } from '../../../src/sim/market/replay-cursor.js';

const MINUTE = 60_000;
const eth = openReplayDataset(DATASET.ethBybit1m);
const trades = openReplayDataset(DATASET.btcTrades);
const ethRows = (() => {
  const d = readCsv(DATASET.ethBybit1m);
  if (d.kind !== 'klines') throw new Error('not klines');
  return d.bars;
})();

const flat = (t: MarketTick) => ({
  time: t.time,
  bid: t.bid.toString(),
  ask: t.ask.toString(),
  last: t.last.toString(),
  qty: t.tradeQuantity.toString(),
  side: t.aggressor,
  depth: [...t.bids, ...t.asks].map((l) => `${l.price.toString()}x${l.quantity.toString()}`),
});
const kline = (k: Kline) => [k.openTime, k.open.toString(), k.high.toString(), k.low.toString(), k.close.toString(), k.volume.toString()];

function walk(file: string, n: number): MarketTick[] {
  const src = new CsvReplaySource({ files: [file] });
  const out: MarketTick[] = [];
  for (let t = src.next(); t !== null && out.length < n; t = src.next()) out.push(t);
  return out;
}

describe('the replay cursor', () => {
  it('gives tick i as the SIM_SOURCE=replay walk does, read fresh at any index (kline and trade files)', () => {
    for (const [file, ds] of [
      [DATASET.ethBybit1m, eth],
      [DATASET.btcTrades, trades],
    ] as const) {
      const seq = walk(file, 4_000);
      const fresh = openReplayDataset(file);
      for (const i of [0, 1, 2, 3, 4, 5, 77, 1234, 2001, 3999]) expect(flat(fresh.ticks.tickAt(i)), `${file} tick ${i}`).toEqual(flat(seq[i] as MarketTick));
      expect(ds.ticks.length).toBe(file === DATASET.btcTrades ? 9_999 : 43_200 * 4);
    }
  });

  it('walks a bar open → nearer extreme → farther extreme → close at 0/15/30/45 s', () => {
    const row = ethRows[10] as Kline;
    const c = new ReplayCursor(eth, 40);
    const ticks = [c.next(), c.next(), c.next(), c.next()] as MarketTick[];
    expect(ticks.map((t) => t.time - row.openTime)).toEqual([0, 15_000, 30_000, 45_000]);
    const nearHigh = row.high.sub(row.open).lte(row.open.sub(row.low));
    expect(ticks.map((t) => t.last.toString())).toEqual([row.open, nearHigh ? row.high : row.low, nearHigh ? row.low : row.high, row.close].map(String));
  });

  it('seeks to the first tick at or after a time, in O(log n)', () => {
    const c = new ReplayCursor(eth);
    const first = ethRows[0]!.openTime;
    expect(c.indexAt(first)).toBe(0);
    expect(c.indexAt(first + 1)).toBe(1);
    expect(c.indexAt(first + 15_000)).toBe(1);
    expect(c.indexAt(first + 10 * 1440 * MINUTE)).toBe(10 * 1440 * 4);
    expect(c.indexAt(Number.MAX_SAFE_INTEGER)).toBe(c.length);
    expect(c.indexAfter(first + 15_000)).toBe(2);
    const t0 = performance.now();
    for (let k = 0; k < 10_000; k++) c.indexAt(first + k * 997_000);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('after stepping one bar the last 1m candle is exactly the next row of the file', () => {
    const start = 500 * 4;
    const c = new ReplayCursor(eth, start);
    for (let bar = 500; bar < 510; bar++) {
      c.moveTo(c.barEnd(MINUTE)!);
      const last = c.candles().klines('1m', 2);
      expect(kline(last[last.length - 1]!)).toEqual(kline(ethRows[bar]!));
      expect(c.clock()).toBe(ethRows[bar]!.openTime + 45_000);
    }
  });

  it('steps a 5m and a 1h bar to its close; a forming higher bar is as it stood at the clock', () => {
    const c = new ReplayCursor(eth, eth.bars.findIndex((b) => b.openTime % (5 * MINUTE) === 0) * 4 + 8);
    c.moveTo(c.barEnd(5 * MINUTE)!);
    const five = c.candles().klines('5m', 1)[0]!;
    const rows = ethRows.filter((r) => r.openTime >= five.openTime && r.openTime < five.openTime + 5 * MINUTE);
    expect(rows).toHaveLength(5);
    expect(five.open.toString()).toBe(rows[0]!.open.toString());
    expect(five.close.toString()).toBe(rows[4]!.close.toString());
    expect(five.high.toString()).toBe(rows.reduce((m, r) => (r.high.gt(m) ? r.high : m), rows[0]!.high).toString());
    expect(c.peekTime()! % (5 * MINUTE)).toBe(0);
    c.moveTo(c.position + 2); // two ticks into the next bar: open, then the nearer extreme
    const forming = c.candles().klines('5m', 1)[0]!;
    const next = ethRows.find((r) => r.openTime === five.openTime + 5 * MINUTE)!;
    expect(forming.open.toString()).toBe(next.open.toString());
    expect(forming.close.toString()).toBe(c.dataset.ticks.tickAt(c.position - 1).last.toString());
    expect(c.candles().klines('1m', 1, undefined, undefined)[0]!.volume.lt(next.volume)).toBe(true);
    const h = new ReplayCursor(eth, 0);
    h.moveTo(h.barEnd(60 * MINUTE)!);
    expect(h.peekTime()! % (60 * MINUTE)).toBe(0);
    expect(h.clock()! + 15_000).toBe(h.peekTime());
  });

  it('steps a bar of a trade file trade by trade up to the bar close', () => {
    const c = new ReplayCursor(trades, 0);
    c.moveTo(c.barEnd(MINUTE)!);
    const t = c.clock()!;
    expect(Math.floor(t / MINUTE)).toBe(Math.floor(trades.ticks.timeAt(0) / MINUTE));
    expect(Math.floor(c.peekTime()! / MINUTE)).toBe(Math.floor(t / MINUTE) + 1);
    expect(kline(c.candles().klines('1m', 1)[0]!)).toEqual(kline(trades.bars[0]!));
    const end = new ReplayCursor(trades, trades.ticks.length - 1);
    expect(end.barEnd(MINUTE, 1)).toBe(trades.ticks.length);
    expect(end.barEnd(MINUTE, 2)).toBeNull();
  });

  it('picks a seeded random start with enough history before it', () => {
    const a = randomStart(eth, 7, 300);
    expect(randomStart(eth, 7, 300)).toBe(a);
    expect(new Set([1, 2, 3, 4, 5].map((s) => randomStart(eth, s, 300))).size).toBeGreaterThan(1);
    for (let s = 0; s < 50; s++) {
      const t = randomStart(eth, s, 300);
      expect(eth.bars.filter((b) => b.openTime < t).length).toBeGreaterThanOrEqual(300);
      expect(eth.bars.some((b) => b.openTime > t)).toBe(true);
    }
    expect(() => randomStart(trades, 1, 10_000)).toThrow(RangeError);
  });
});
