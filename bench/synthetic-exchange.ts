/**
 * A synthetic upstream for the multi-symbol benchmark: an ExchangeAdapter (the port every real
 * venue implements) whose ticks come from a timer at a venue's real rate instead of a socket —
 * Binance's book ticker ~10/s per symbol, Bybit's tickers every 100 ms, the sim market every 250 ms
 * (shared/TOOLING.md). Symbols are staggered inside the interval, prices random-walk on the tick
 * grid, and every tick's `time` is its publish instant (performance.timeOrigin + performance.now(),
 * fractional ms) so a client can measure upstream → client latency. Counts its upstream
 * subscriptions, so a run can check there is one per (exchange, symbol), however many clients.
 */
import { Decimal } from '../src/domain/decimal.js';
import { instrument, type Instrument } from '../src/domain/instrument.js';
import type { ExchangeAdapter, ExchangeInfo, FeedStatus, Ticker, TradingVenue } from '../src/engine/ports.js';
import type { MarketTick } from '../src/sim/market/market-types.js';
import { prng } from './streams.js';

const TICK = Decimal.parse('0.01');
const QTY = Decimal.parse('1');
export const stamp = (): number => performance.timeOrigin + performance.now();

export class SyntheticExchange implements ExchangeAdapter {
  private readonly insts = new Map<string, Instrument>();
  private readonly listeners = new Set<(t: MarketTick) => void>();
  private readonly last = new Map<string, MarketTick>();
  private readonly mids: number[];
  private readonly due: number[];
  private readonly rnd: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Upstream subscriptions held (reference-counted per symbol). */
  readonly subscriptions = new Map<string, number>();
  published = 0;

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly intervalMs: number,
    seed: number,
  ) {
    for (const symbol of symbols) {
      this.insts.set(symbol, instrument({ exchange: id, symbol, base: symbol.replace(/USDT$/, ''), quote: 'USDT', tickSize: '0.01', stepSize: '0.001', maxQty: '1000', minNotional: '5', makerFee: '0.0002', takerFee: '0.0004' }));
    }
    this.rnd = prng(seed);
    this.mids = symbols.map(() => 10_000 + Math.floor(this.rnd() * 90_000)); // in ticks
    this.due = symbols.map(() => 0);
    symbols.forEach((s, i) => this.last.set(s, this.tick(i, stamp())));
  }

  /** Publishes at the venue's rate until stop(). */
  start(): void {
    const t0 = stamp();
    this.symbols.forEach((_, i) => (this.due[i] = t0 + (i * this.intervalMs) / this.symbols.length));
    this.timer = setInterval(() => this.pump(), 5);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  info(): ExchangeInfo {
    return { id: this.id, name: `synthetic ${this.id}`, connected: true, testnet: false, marketTypes: ['linear'], features: [], credentials: [] };
  }
  async connect(): Promise<{ latencyMs: number }> {
    return { latencyMs: 0 };
  }
  async disconnect(): Promise<void> {}
  instrument(symbol: string): Instrument | null {
    return this.insts.get(symbol) ?? null;
  }
  instruments(): readonly Instrument[] {
    return [...this.insts.values()];
  }
  async ticker(symbol: string): Promise<Ticker> {
    const t = this.last.get(symbol)!;
    return { symbol, bid: t.bid, ask: t.ask, last: t.last, volume24h: null, time: t.time };
  }
  async klines(): Promise<null> {
    return null;
  }
  lastTick(symbol: string): MarketTick | null {
    return this.last.get(symbol) ?? null;
  }
  subscribe(symbol: string): () => void {
    this.subscriptions.set(symbol, (this.subscriptions.get(symbol) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.subscriptions.get(symbol) ?? 1) - 1;
      if (n > 0) this.subscriptions.set(symbol, n);
      else this.subscriptions.delete(symbol);
    };
  }
  onTick(listener: (tick: MarketTick) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  status(): FeedStatus {
    return { state: 'live', lastTickAt: null, source: 'synthetic', reason: null };
  }
  trading(): TradingVenue {
    throw new Error('the synthetic exchange does not trade');
  }

  private pump(): void {
    const now = stamp();
    for (let i = 0; i < this.symbols.length; i++) {
      if (this.due[i]! > now) continue;
      this.due[i]! += this.intervalMs;
      const t = this.tick(i, stamp());
      this.last.set(t.symbol, t);
      this.published++;
      for (const l of this.listeners) l(t);
    }
  }

  private tick(i: number, time: number): MarketTick {
    this.mids[i]! += Math.floor(this.rnd() * 5) - 2;
    const bid = TICK.mul(Decimal.fromInt(this.mids[i]!));
    const ask = bid.add(TICK);
    const level = (price: Decimal) => [{ price, quantity: QTY }];
    return { symbol: this.symbols[i]!, time, bid, ask, last: bid, tradeQuantity: Decimal.ZERO, aggressor: 'SELL', bids: level(bid), asks: level(ask) };
  }
}
