/**
 * Order streams for the matching benchmarks, generated from a seeded PRNG before any timing, so both
 * engines see exactly the same orders. Prices are integer ticks around MID, sizes integer lots.
 */

export type StreamSide = 'BUY' | 'SELL';

/** A batch of resting limit orders, structure-of-arrays. */
export interface LimitBatch {
  readonly ids: string[];
  readonly sides: StreamSide[];
  readonly prices: number[];
  readonly sizes: number[];
}

/** Market orders in timed chunks; after each chunk, an untimed refill restores the consumed volume. */
export interface MarketStream {
  readonly book: LimitBatch;
  readonly chunks: { readonly sides: StreamSide[]; readonly sizes: number[]; readonly refill: LimitBatch }[];
  readonly orders: number;
}

export interface CancelStream {
  readonly book: LimitBatch;
  /** Every id of the book, shuffled. */
  readonly ids: string[];
}

/** One op of the deep-book stream: a market order (size > 0) or a cancel (id). */
export interface DeepStream {
  readonly book: LimitBatch;
  readonly kinds: Uint8Array; // 0 = market, 1 = cancel
  readonly sides: StreamSide[];
  readonly sizes: number[];
  readonly cancelIds: string[];
}

export const MID = 1_000_000;

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

function emptyBatch(): LimitBatch {
  return { ids: [], sides: [], prices: [], sizes: [] };
}

/**
 * Non-crossing resting orders: bids on `levelsPerSide` ticks below MID, asks on as many above,
 * sizes 1..10 lots.
 */
export function restingOrders(rnd: () => number, count: number, levelsPerSide: number, prefix: string, into = emptyBatch()): LimitBatch {
  for (let i = 0; i < count; i++) {
    const side: StreamSide = rnd() < 0.5 ? 'BUY' : 'SELL';
    const offset = int(rnd, 1, levelsPerSide);
    into.ids.push(`${prefix}${into.ids.length}`);
    into.sides.push(side);
    into.prices.push(side === 'BUY' ? MID - offset : MID + offset);
    into.sizes.push(int(rnd, 1, 10));
  }
  return into;
}

/** (1) `count` limit inserts over 2 × `levelsPerSide` price levels, none crossing. */
export function limitInsertStream(seed: number, count: number, levelsPerSide = 100): LimitBatch {
  return restingOrders(prng(seed), count, levelsPerSide, 'L');
}

/**
 * (2) A book of `bookSize` orders, then `count` market orders of 1..10 lots (≈ one resting order
 * each, with partial fills), in chunks of `chunk`; each chunk's refill puts back, on the side it
 * took from, exactly the volume the chunk consumed, as new orders at random levels.
 */
export function marketStream(seed: number, count: number, bookSize = 20_000, chunk = 1_000, levelsPerSide = 100): MarketStream {
  const rnd = prng(seed);
  const book = restingOrders(rnd, bookSize, levelsPerSide, 'B');
  const chunks: MarketStream['chunks'][number][] = [];
  let refillId = 0;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    const sides: StreamSide[] = [];
    const sizes: number[] = [];
    const taken = { BUY: 0, SELL: 0 }; // volume taken from the bids (BUY) / asks (SELL)
    for (let i = 0; i < n; i++) {
      const side: StreamSide = rnd() < 0.5 ? 'BUY' : 'SELL';
      const size = int(rnd, 1, 10);
      sides.push(side);
      sizes.push(size);
      taken[side === 'BUY' ? 'SELL' : 'BUY'] += size;
    }
    const refill = emptyBatch();
    for (const restSide of ['BUY', 'SELL'] as const) {
      let left = taken[restSide];
      while (left > 0) {
        const size = Math.min(left, int(rnd, 1, 10));
        const offset = int(rnd, 1, levelsPerSide);
        refill.ids.push(`R${refillId++}`);
        refill.sides.push(restSide);
        refill.prices.push(restSide === 'BUY' ? MID - offset : MID + offset);
        refill.sizes.push(size);
        left -= size;
      }
    }
    chunks.push({ sides, sizes, refill });
  }
  return { book, chunks, orders: count };
}

/** (3) A book of `count` orders, then a cancel of each, in random order. */
export function cancelStream(seed: number, count: number, levelsPerSide = 100): CancelStream {
  const rnd = prng(seed);
  const book = restingOrders(rnd, count, levelsPerSide, 'C');
  const ids = [...book.ids];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return { book, ids };
}

/**
 * (4) A deep book: `perSide` orders on each side over only `levels` price levels (so thousands per
 * level), then `markets` market orders of ~`marketLots` lots (tens of resting orders each), with a
 * cancel of a random order from the back half of the book (the middle of a deep queue, not yet
 * reached by the takers) after each market order, `cancelsPerMarket` of them.
 */
export function deepStream(seed: number, perSide = 10_000, levels = 5, markets = 400, marketLots = 200, cancelsPerMarket = 4): DeepStream {
  const rnd = prng(seed);
  const book = emptyBatch();
  for (const side of ['BUY', 'SELL'] as const) {
    for (let i = 0; i < perSide; i++) {
      const offset = int(rnd, 1, levels);
      book.ids.push(`D${book.ids.length}`);
      book.sides.push(side);
      book.prices.push(side === 'BUY' ? MID - offset : MID + offset);
      book.sizes.push(int(rnd, 1, 10));
    }
  }
  const kinds: number[] = [];
  const sides: StreamSide[] = [];
  const sizes: number[] = [];
  const cancelIds: string[] = [];
  for (let m = 0; m < markets; m++) {
    kinds.push(0);
    sides.push(rnd() < 0.5 ? 'BUY' : 'SELL');
    sizes.push(int(rnd, marketLots / 2, (marketLots * 3) / 2));
    cancelIds.push('');
    for (let c = 0; c < cancelsPerMarket; c++) {
      // Back half of either side's insertion order: deep in the queues.
      const sideBase = rnd() < 0.5 ? 0 : perSide;
      const idx = sideBase + int(rnd, perSide / 2, perSide - 1);
      kinds.push(1);
      sides.push('BUY');
      sizes.push(0);
      cancelIds.push(`D${idx}`);
    }
  }
  return { book, kinds: Uint8Array.from(kinds), sides, sizes, cancelIds };
}
