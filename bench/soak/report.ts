/** One 30 s sample of the soak. */
export interface Sample {
  readonly minute: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly wsMsgsPerS: number;
  readonly visits: number;
  readonly orders: number;
  readonly orderErrors: number;
  readonly drops: number;
}

const COLUMNS: [keyof Sample, string, number][] = [
  ['minute', 'min', 1],
  ['rssMb', 'RSS MB', 1],
  ['heapMb', 'heap MB', 1],
  ['lagP99Ms', 'lag p99 ms', 1],
  ['lagMaxMs', 'lag max ms', 1],
  ['wsMsgsPerS', 'WS msg/s', 0],
  ['visits', 'WS visits', 0],
  ['orders', 'orders', 0],
  ['orderErrors', 'order errs', 0],
  ['drops', 'drops', 0],
];

export const header = (): string => COLUMNS.map(([, h]) => h.padStart(11)).join('');
export const line = (s: Sample): string => COLUMNS.map(([k, , d]) => s[k].toFixed(d).padStart(11)).join('');

/** Least-squares slope of y over x (per unit of x). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Memory is flat when, over the second half of the run (the first half warms up: JIT, caches, the
 * SQLite page cache filling to its bound), neither RSS nor heap grows by more than 10 % of its mean
 * by the least-squares line. The whole run's slope is printed too.
 */
export function memoryVerdict(samples: readonly Sample[]): { text: string; flat: boolean } {
  if (samples.length < 6) return { text: 'too few samples for a slope', flat: true };
  const late = samples.slice(Math.floor(samples.length / 2));
  const judge = (name: string, pick: (x: Sample) => number) => {
    const xs = late.map((x) => x.minute);
    const ys = late.map(pick);
    const k = slope(xs, ys);
    const whole = slope(samples.map((x) => x.minute), samples.map(pick));
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const growth = k * (xs[xs.length - 1]! - xs[0]!);
    const sign = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
    return {
      flat: growth < 0.1 * mean,
      text: `${name} ${pick(samples[0]!).toFixed(1)} → ${ys[0]!.toFixed(1)} → ${ys[ys.length - 1]!.toFixed(1)} MB, slope ${sign(k)} MB/min over the second half (${((100 * growth) / mean).toFixed(1)} % of its mean), ${sign(whole)} MB/min over the whole run`,
    };
  };
  const rss = judge('RSS', (x) => x.rssMb);
  const heap = judge('heap', (x) => x.heapMb);
  const flat = rss.flat && heap.flat;
  return { flat, text: `${rss.text}; ${heap.text}: ${flat ? 'flat' : 'GROWING'}` };
}

export interface Kline {
  readonly open_time: number;
}

/** Minutes missing between consecutive 1m candles from `from` on (open times, ascending). */
export function candleGaps(klines: readonly Kline[], from: number): { bars: number; gaps: { after: number; missing: number }[] } {
  const bars = klines.filter((k) => k.open_time >= from);
  const gaps: { after: number; missing: number }[] = [];
  for (let i = 1; i < bars.length; i++) {
    const step = bars[i]!.open_time - bars[i - 1]!.open_time;
    if (step !== 60_000) gaps.push({ after: bars[i - 1]!.open_time, missing: step / 60_000 - 1 });
  }
  return { bars: bars.length, gaps };
}
