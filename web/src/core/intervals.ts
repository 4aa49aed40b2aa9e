/** Chart intervals, all built from the same 1-tick stream. */
export const INTERVALS = ['1m', '5m', '15m', '1h'] as const;
export type Interval = (typeof INTERVALS)[number];

const MS: Record<Interval, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000 };

export const intervalMs = (i: Interval): number => MS[i];
export const isInterval = (s: string): s is Interval => (INTERVALS as readonly string[]).includes(s);

/** Start (epoch ms) of the candle that `time` falls in. */
export const bucketStart = (time: number, interval: Interval): number => Math.floor(time / MS[interval]) * MS[interval];
