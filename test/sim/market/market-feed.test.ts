import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { generatorFeed } from '../../../src/sim/market/feed-factory.js';
import { CsvReplaySource } from '../../../src/sim/market/csv-replay-source.js';
import { GeneratorSource } from '../../../src/sim/market/generator-source.js';
import { MarketFeed } from '../../../src/sim/market/market-feed.js';
import type { MarketTick } from '../../../src/sim/market/market-types.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12);

const dir = mkdtempSync(join(tmpdir(), 'sim-market-feed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

/** A wall clock the test moves by hand. */
function fakeClock(start: number): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('MarketFeed', () => {
  it('emits the ticks that are due at speed × elapsed wall time, and none while paused', () => {
    const clock = fakeClock(T0);
    const feed = new MarketFeed(new GeneratorSource({ seed: 1, startTime: T0 }), { now: clock.now });
    const got: MarketTick[] = [];
    feed.onTick((t) => got.push(t));
    feed.start();
    feed.stop();
    expect(feed.pump()).toBe(1); // the tick at T0
    clock.advance(1000); // 2 symbols, 250 ms each, staggered by 125 ms: T0+125 .. T0+1000
    expect(feed.pump()).toBe(8);
    expect(got.every((t) => t.time <= T0 + 1000)).toBe(true);
    feed.setSpeed(4);
    clock.advance(500); // 2 s of simulated time
    expect(feed.pump()).toBe(16);
    expect(feed.simTime()).toBe(T0 + 3000);
    feed.pause();
    clock.advance(60_000);
    expect(feed.pump()).toBe(0);
    feed.resume();
    clock.advance(250);
    expect(feed.pump()).toBe(8);
    expect(feed.lastTick('BTCUSDT')?.time).toBe(T0 + 4000);
    expect(feed.lastTick('ETHUSDT')?.time).toBe(T0 + 3875);
    expect(got).toHaveLength(33);
  });

  it('pumps on its own timer once started', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = fakeClock(T0);
    const feed = new MarketFeed(new GeneratorSource({ seed: 1, startTime: T0 }), { now: clock.now, pumpEveryMs: 50 });
    let n = 0;
    feed.onTick(() => n++);
    feed.start();
    expect(feed.isRunning()).toBe(true);
    clock.advance(500);
    vi.advanceTimersByTime(50);
    expect(n).toBe(5);
    feed.stop();
    clock.advance(500);
    vi.advanceTimersByTime(500);
    expect(n).toBe(5);
  });

  it('keeps feeding the other listeners when one throws, and reports the error', () => {
    const clock = fakeClock(T0);
    const errors: unknown[] = [];
    const feed = new MarketFeed(new GeneratorSource({ seed: 1, startTime: T0 }), { now: clock.now, onError: (e) => errors.push(e) });
    let n = 0;
    feed.onTick(() => {
      throw new Error('boom');
    });
    const off = feed.onTick(() => n++);
    feed.start();
    feed.stop();
    clock.advance(250);
    feed.pump();
    expect(n).toBe(3);
    expect(errors).toHaveLength(3);
    off();
    clock.advance(250);
    feed.pump();
    expect(n).toBe(3);
  });

  it('builds klines per symbol from the ticks it emits', () => {
    const clock = fakeClock(T0);
    const feed = new MarketFeed(new GeneratorSource({ seed: 3, startTime: T0 }), { now: clock.now, speed: 60 });
    feed.start();
    feed.stop();
    clock.advance(5 * 1000); // 5 simulated minutes
    feed.pump();
    const k = feed.klines('BTCUSDT', '1m', 100);
    expect(k.map((b) => b.openTime - T0)).toEqual([0, MIN, 2 * MIN, 3 * MIN, 4 * MIN, 5 * MIN]);
    expect(feed.klines('BTCUSDT', '5m', 10)).toHaveLength(2);
    // ETH ticks 125 ms after BTC: its last one is at 4:59.875.
    expect(feed.klines('ETHUSDT', '1m', 10)).toHaveLength(5);
    expect(feed.klines('DOGEUSDT', '1m', 10)).toEqual([]);
    expect(feed.instruments().map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('warms a generator feed up with history before now, quickly, without emitting it', () => {
    const clock = fakeClock(T0 + 17_345);
    const started = performance.now();
    const feed = generatorFeed({ seed: 9, now: clock.now, historyBars: 300 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    const k = feed.klines('BTCUSDT', '1m', 1000);
    expect(k.length).toBeGreaterThanOrEqual(300);
    expect(k[0]?.openTime).toBe(T0 - 300 * MIN);
    expect(k.every((b, i) => i === 0 || b.openTime - k[i - 1]!.openTime === MIN)).toBe(true);
    expect(feed.lastTick('BTCUSDT')!.time).toBeLessThan(clock.now());
    expect(feed.simTime()).toBe(clock.now());
    // Live from now on, at the fine tick interval.
    const got: MarketTick[] = [];
    feed.onTick((t) => got.push(t));
    feed.start();
    feed.stop();
    clock.advance(10_000);
    feed.pump();
    const btc = got.filter((t) => t.symbol === 'BTCUSDT' && t.time > T0 + 17_345 + 2000);
    expect(btc.length).toBeGreaterThan(20);
    expect(btc.every((t, i) => i === 0 || t.time - btc[i - 1]!.time === 250)).toBe(true);
  });

  it('paces a replay from its first tick, with its first minutes as history after warmUp', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${T0 + i * MIN},${100 + i}.5,${101 + i},${99 + i},${100 + i},4`);
    const file = join(dir, 'SOLUSDT-1m.csv');
    writeFileSync(file, rows.join('\n'));
    const clock = fakeClock(1_000);
    const feed = new MarketFeed(new CsvReplaySource({ files: [file] }), { now: clock.now, speed: 60 });
    expect(feed.warmUp(3)).toBe(12);
    expect(feed.klines('SOLUSDT', '1m', 10)).toHaveLength(3);
    expect(feed.simTime()).toBe(T0 + 3 * MIN);
    const got: MarketTick[] = [];
    feed.onTick((t) => got.push(t));
    feed.start();
    feed.stop();
    clock.advance(1000); // one simulated minute
    feed.pump();
    expect(got.map((t) => t.time - T0)).toEqual([180_000, 195_000, 210_000, 225_000, 240_000]);
    clock.advance(60_000);
    feed.pump();
    expect(feed.ended()).toBe(true);
    expect(feed.klines('SOLUSDT', '1m', 100)).toHaveLength(10);
  });
});
