/** A walk-forward split: the first part of the bars to choose parameters on, the rest to test them on. */

export interface Segment {
  /** Open time of the first and of the last bar (ms), as a backtest's `from` / `to`. */
  readonly from: number;
  readonly to: number;
  readonly bars: number;
}

export interface Split {
  readonly train: Segment;
  readonly test: Segment;
}

/** `70%` or `0.7` → 0.7; strictly between 0 and 1. */
export function parseTrainFraction(text: string): number {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const f = pct ? Number(pct[1]) / 100 : /^0?\.\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!(f > 0 && f < 1)) throw new RangeError(`--train takes the in-sample share, e.g. 70% or 0.7 (above 0, below 100%), not ${text}`);
  return f;
}

/**
 * The first ⌊n × fraction⌋ bars are the training (in-sample) segment, the others the test
 * (out-of-sample) one; each has at least one bar. `openTime` is every bar's open time, ascending.
 */
export function splitBars(openTime: ArrayLike<number>, fraction: number): Split {
  const n = openTime.length;
  // In millionths, as integers: 100 × 0.29 is 28.999999999999996 in floats, and 29 bars here.
  const ppm = Math.round(fraction * 1_000_000);
  const k = Math.floor((n * ppm) / 1_000_000);
  if (k < 1 || k >= n) throw new RangeError(`${n} bars cannot be split ${Math.round(fraction * 100)}% / ${100 - Math.round(fraction * 100)}% with a bar on each side`);
  return {
    train: { from: openTime[0] as number, to: openTime[k - 1] as number, bars: k },
    test: { from: openTime[k] as number, to: openTime[n - 1] as number, bars: n - k },
  };
}
