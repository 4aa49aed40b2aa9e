import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GeneratorSource } from '../../../src/sim/market/generator-source.js';
import type { MarketTick } from '../../../src/sim/market/market-types.js';
import { Prng } from '../../../src/sim/market/prng.js';
import { defaultSimInstruments, instrumentForReplay, SIM_EXCHANGE } from '../../../src/sim/market/sim-instruments.js';

const T0 = Date.UTC(2025, 0, 1);

function take(src: GeneratorSource, n: number): MarketTick[] {
  const out: MarketTick[] = [];
  for (let i = 0; i < n; i++) out.push(src.next());
  return out;
}

const text = (t: MarketTick): string =>
  [t.symbol, t.time, t.bid, t.ask, t.last, t.tradeQuantity, t.aggressor, ...t.bids.flatMap((l) => [l.price, l.quantity]), ...t.asks.flatMap((l) => [l.price, l.quantity])].join(' ');

/** Every broken invariant, as text (empty when all hold); plain checks, as expect() per value is slow. */
function gridProblems(src: GeneratorSource, ticks: readonly MarketTick[]): string[] {
  const inst = new Map(src.instruments().map((i) => [i.symbol, i]));
  const problems: string[] = [];
  const fail = (t: MarketTick, what: string): void => {
    if (problems.length < 10) problems.push(`${what}: ${text(t)}`);
  };
  let prevTime = Number.NEGATIVE_INFINITY;
  for (const t of ticks) {
    const i = inst.get(t.symbol);
    if (!i) throw new Error(`unknown symbol ${t.symbol}`);
    if (t.time <= prevTime) fail(t, 'time not increasing');
    prevTime = t.time;
    for (const p of [t.bid, t.ask, t.last, ...t.bids.map((l) => l.price), ...t.asks.map((l) => l.price)]) {
      if (!p.isMultipleOf(i.tickSize) || p.sign() <= 0) fail(t, `price ${p.toString()} off the tick grid`);
    }
    for (const q of [t.tradeQuantity, ...t.bids.map((l) => l.quantity), ...t.asks.map((l) => l.quantity)]) {
      if (!q.isMultipleOf(i.stepSize) || q.sign() <= 0) fail(t, `quantity ${q.toString()} off the lot grid`);
    }
    if (!t.bid.lt(t.ask)) fail(t, 'bid >= ask');
    if (!t.last.eq(t.aggressor === 'BUY' ? t.ask : t.bid)) fail(t, 'last not at the aggressor side');
    const spread = t.ask.sub(t.bid).toUnits(i.tickSize);
    if (spread < 1n || spread > 3n) fail(t, `spread of ${spread} ticks`);
    if (t.bids.length !== 5 || t.asks.length !== 5) fail(t, 'not 5 levels');
    if (!t.bids[0]?.price.eq(t.bid) || !t.asks[0]?.price.eq(t.ask)) fail(t, 'best level is not the touch');
    for (let k = 1; k < t.bids.length; k++) if (!t.bids[k]!.price.lt(t.bids[k - 1]!.price)) fail(t, 'bids not descending');
    for (let k = 1; k < t.asks.length; k++) if (!t.asks[k]!.price.gt(t.asks[k - 1]!.price)) fail(t, 'asks not ascending');
  }
  return problems;
}

function acf(x: readonly number[], lag: number): number {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    den += d * d;
    if (i >= lag) num += d * ((x[i - lag] as number) - m);
  }
  return num / den;
}

describe('sim instruments', () => {
  it('are linear perpetuals of the sim exchange with Binance-like rules', () => {
    const [btc, eth] = defaultSimInstruments();
    expect(btc?.exchange).toBe(SIM_EXCHANGE);
    expect([btc?.symbol, btc?.tickSize.toString(), btc?.stepSize.toString(), btc?.minNotional.toString()]).toEqual(['BTCUSDT', '0.1', '0.001', '5']);
    expect([eth?.symbol, eth?.tickSize.toString(), eth?.marketType, eth?.takerFee.toString()]).toEqual(['ETHUSDT', '0.01', 'linear', '0.0004']);
    const avax = instrumentForReplay('AVAXUSDT', '0.001', '1');
    expect([avax.base, avax.quote, avax.tickSize.toString(), avax.minQty.toString()]).toEqual(['AVAX', 'USDT', '0.001', '1']);
  });
});

describe('GeneratorSource', () => {
  it('gives the same first 1,000 ticks for the same seed and start time', () => {
    const a = take(new GeneratorSource({ seed: 42, startTime: T0 }), 1000).map(text);
    const b = take(new GeneratorSource({ seed: 42, startTime: T0 }), 1000).map(text);
    expect(a).toEqual(b);
  });

  it('gives different ticks for different seeds', () => {
    const a = take(new GeneratorSource({ seed: 1, startTime: T0 }), 200).map(text);
    const b = take(new GeneratorSource({ seed: 2, startTime: T0 }), 200).map(text);
    expect(a).not.toEqual(b);
  });

  it('emits symbols round-robin in time order at the tick interval, starting at the start prices', () => {
    const src = new GeneratorSource({ seed: 5, startTime: T0, tickIntervalMs: 200, startPrices: { BTCUSDT: '50000', ETHUSDT: '2500' } });
    expect(src.peekTime()).toBe(T0);
    const ticks = take(src, 6);
    expect(ticks.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BTCUSDT', 'ETHUSDT', 'BTCUSDT', 'ETHUSDT']);
    expect(ticks.map((t) => t.time - T0)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(Math.abs(ticks[0]!.last.toNumber() / 50000 - 1)).toBeLessThan(0.01);
    expect(Math.abs(ticks[1]!.last.toNumber() / 2500 - 1)).toBeLessThan(0.01);
  });

  it('keeps every price on the tick grid, quantities on the lot grid, bid < ask and last in [bid, ask]', () => {
    const src = new GeneratorSource({ seed: 7, startTime: T0, symbols: ['BTCUSDT', 'ETHUSDT', 'AVAXUSDT'] });
    const ticks = take(src, 20_000);
    expect(gridProblems(src, ticks)).toEqual([]);
    const lastIn = ticks.every((t) => t.last.gte(t.bid) && t.last.lte(t.ask));
    expect(lastIn).toBe(true);
  });

  it('keeps the grid invariants for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const src = new GeneratorSource({ seed, startTime: T0 });
        expect(gridProblems(src, take(src, 500))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('moves BTC by a few dollars per tick and ~0.05–0.3 % per minute', () => {
    const src = new GeneratorSource({ seed: 3, startTime: T0, symbols: ['BTCUSDT'] });
    const last = take(src, 24_000).map((t) => t.last.toNumber());
    const perTick = last.slice(1).reduce((s, p, i) => s + Math.abs(p - (last[i] as number)), 0) / (last.length - 1);
    expect(perTick).toBeGreaterThan(1);
    expect(perTick).toBeLessThan(15);
    const minute: number[] = [];
    for (let i = 240; i < last.length; i += 240) minute.push(Math.abs(Math.log((last[i] as number) / (last[i - 240] as number))));
    minute.sort((a, b) => a - b);
    const median = minute[minute.length >> 1] as number;
    expect(median).toBeGreaterThan(0.0003);
    expect(median).toBeLessThan(0.003);
  });

  it('clusters volatility: absolute returns are positively autocorrelated', () => {
    const src = new GeneratorSource({ seed: 1, startTime: T0, symbols: ['BTCUSDT'] });
    const mids = take(src, 20_001).map((t) => (t.bid.toNumber() + t.ask.toNumber()) / 2);
    const abs = mids.slice(1).map((m, i) => Math.abs(Math.log(m / (mids[i] as number))));
    const shuffled = [...abs];
    const rng = new Prng(99);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
    }
    let mean = 0;
    let control = 0;
    for (let lag = 1; lag <= 20; lag++) {
      mean += acf(abs, lag) / 20;
      control += acf(shuffled, lag) / 20;
    }
    expect(mean).toBeGreaterThan(0.025);
    expect(Math.abs(control)).toBeLessThan(0.01);
  });

  it('refuses an unknown symbol and a bad tick interval', () => {
    expect(() => new GeneratorSource({ seed: 1, startTime: T0, symbols: ['DOGEUSDT'] })).toThrow(RangeError);
    expect(() => new GeneratorSource({ seed: 1, startTime: T0, tickIntervalMs: 0 })).toThrow(RangeError);
  });
});
