import { describe, expect, it } from 'vitest';
import { hashSeed, Prng } from '../../../src/sim/market/prng.js';

describe('Prng', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = new Prng(123);
    const b = new Prng(123);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Prng(124).next()).not.toBe(xs[0]);
  });

  it('draws standard normals (mean ≈ 0, variance ≈ 1)', () => {
    const rng = new Prng(7);
    const n = 50_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.03);
  });

  it('derives independent streams per label', () => {
    expect(hashSeed(1, 'BTCUSDT')).not.toBe(hashSeed(1, 'ETHUSDT'));
    expect(hashSeed(1, 'BTCUSDT')).not.toBe(hashSeed(2, 'BTCUSDT'));
    expect(Prng.derive(1, 'BTCUSDT').next()).toBe(Prng.derive(1, 'BTCUSDT').next());
  });
});
