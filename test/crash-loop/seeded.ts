import { Prng } from '../../src/sim/market/prng.js';

/** The project's seeded PRNG (mulberry32, src/sim/market/prng.ts) as a function, so a failing run replays with its seed. */
export function seeded(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

export const pickFrom = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
