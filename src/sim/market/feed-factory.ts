import { CsvReplaySource, type CsvReplayOptions } from './csv-replay-source.js';
import { GeneratorSource } from './generator-source.js';
import { MarketFeed, type MarketFeedOptions } from './market-feed.js';

const MINUTE = 60_000;

export interface GeneratorFeedOptions extends MarketFeedOptions {
  readonly seed: number;
  readonly symbols?: readonly string[];
  readonly tickIntervalMs?: number;
  readonly startPrices?: Readonly<Record<string, string>>;
}

/**
 * A live generator feed with `historyBars` minutes (default 300) of history already built: the
 * generator starts at the minute `historyBars` before now and is fast-forwarded up to now.
 * Call start() to go live.
 */
export function generatorFeed(options: GeneratorFeedOptions): MarketFeed {
  const now = options.now ?? Date.now;
  const history = options.historyBars ?? 300;
  const startTime = Math.floor((now() - history * MINUTE) / MINUTE) * MINUTE;
  const source = new GeneratorSource({
    seed: options.seed,
    startTime,
    symbols: options.symbols,
    tickIntervalMs: options.tickIntervalMs,
    startPrices: options.startPrices,
  });
  const feed = new MarketFeed(source, { ...options, now });
  feed.warmUp(history);
  return feed;
}

/** A replay feed (default speed 60) whose first `historyBars` minutes (default 60) are history already. */
export function replayFeed(options: CsvReplayOptions & MarketFeedOptions): MarketFeed {
  const source = new CsvReplaySource(options);
  const feed = new MarketFeed(source, { ...options, speed: options.speed ?? 60 });
  feed.warmUp(options.historyBars ?? 60);
  return feed;
}
