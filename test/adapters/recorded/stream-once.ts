import type { Ticker, Trade } from 'ccxt';
import { SymbolStream, type StreamDeps } from '../../../src/adapters/ccxt/symbol-stream.js';
import type { MarketTick } from '../../../src/sim/market/market-types.js';

/** What a SymbolStream watches: its instrument, ccxt symbol and (for a contract market) contract size. */
export type StreamSource = Pick<StreamDeps, 'instrument' | 'ccxtSymbol' | 'contractSize'>;

export interface StreamedOnce {
  readonly ticks: MarketTick[];
  readonly errors: string[];
  /** Stopped; its candles hold what the trades built. */
  readonly stream: SymbolStream;
}

/**
 * A SymbolStream fed one recorded ticker, then one recorded batch of trades once the ticker's tick
 * is out: each watch answers its message once, then stays silent (as a quiet venue would). It runs
 * until two ticks are out (or ~100 ms) and is stopped.
 */
export async function streamOnce(source: StreamSource, ticker: Ticker, trades: Trade[], now: number): Promise<StreamedOnce> {
  const ticks: MarketTick[] = [];
  const errors: string[] = [];
  const never = new Promise<never>(() => {});
  let tickerSeen!: () => void;
  const afterTicker = new Promise<void>((resolve) => (tickerSeen = resolve));
  let tickerCalls = 0;
  let tradeCalls = 0;
  const stream = new SymbolStream({
    ...source,
    watchTicker: async () => (tickerCalls++ === 0 ? ticker : never),
    watchTrades: async () => {
      if (tradeCalls++ > 0) return never;
      await afterTicker;
      return trades;
    },
    fetchBars: async () => [],
    reconnect: () => {},
    emit: (t) => {
      ticks.push(t);
      if (ticks.length === 1) tickerSeen();
    },
    now: () => now,
    staleAfterMs: 60_000,
    historyBars: 0,
    onError: (m) => errors.push(m),
  });
  stream.start();
  try {
    for (let i = 0; i < 100 && ticks.length < 2; i++) await new Promise((r) => setTimeout(r, 1));
  } finally {
    stream.stop();
  }
  return { ticks, errors, stream };
}
