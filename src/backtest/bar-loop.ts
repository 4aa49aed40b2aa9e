import { Decimal } from '../domain/decimal.js';
import type { Side } from '../domain/ids.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import { barTimes } from '../sim/market/indexed-ticks.js';
import type { BarData } from './bar-data.js';
import type { BacktestTicks } from './backtest-tick.js';
import type { StrategyRuntime } from './strategy-runtime.js';
import type { Strategy, TickView } from './strategy.js';
import { BarView, type BarColumns } from './bar-view.js';

export interface LoopOptions {
  readonly data: BarData;
  /** The data read this many times in a row, each pass shifted by its span (a benchmark's long run). */
  readonly repeat: number;
  readonly engine: ExecutionEngine;
  readonly ticks: BacktestTicks;
  readonly runtime: StrategyRuntime;
  readonly strategy: Strategy;
  readonly clock: { t: number };
  /** Whether the engine books funding (EngineDeps.funding): it is then settled at each bar's open, at the open. */
  readonly funding: boolean;
  readonly cash: Decimal;
  /** Points of the mark-to-market equity curve to keep (sampled evenly). */
  readonly curvePoints: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LoopResult {
  readonly bars: number;
  readonly barsInMarket: number;
  readonly funding: Decimal;
  readonly ignoredAtEnd: number;
  readonly curve: { time: number; equity: number; close: number }[];
  readonly firstClose: number;
  readonly lastClose: number;
  readonly firstTime: number;
  readonly lastTime: number;
}

/**
 * The market's latest point and whether the engine has seen it, with the walk along the points. One
 * object for the run (fields, not closed-over variables: writing a time is no allocation).
 */
class PointWalk {
  t = 0;
  price = 0;
  lots = 0;
  side: Side = 'BUY';
  seen = true;
  prevPrice = -1;
  /** The bar's range reaches an open position's liquidation price: its points are shown to the engine. */
  liqBar = false;

  constructor(
    private readonly ex: string,
    private readonly engine: ExecutionEngine,
    private readonly ticks: BacktestTicks,
    private readonly runtime: StrategyRuntime,
    private readonly clock: { t: number },
  ) {}

  feed(): void {
    this.seen = true;
    this.clock.t = this.t;
    this.engine.onTick(this.ex, this.ticks.at(this.t, this.price, this.lots, this.side));
    this.runtime.dispatch();
  }

  sync(): void {
    if (!this.seen) this.feed();
  }

  /** One point of the data: the taker bought when the price rose from the point before, sold when it fell. */
  point(t: number, price: number, lots: number): void {
    this.side = price > this.prevPrice ? 'BUY' : price < this.prevPrice ? 'SELL' : this.side;
    this.prevPrice = price;
    this.t = t;
    this.price = price;
    this.lots = lots;
    this.clock.t = t;
    this.seen = false;
    const rt = this.runtime;
    const waiting = rt.pending.length > 0;
    if (waiting || rt.open.size > 0 || this.liqBar) this.feed();
    if (waiting) rt.flush();
  }
}

/**
 * Walks the bars through the engine. Each bar is the replay's intrabar path (open → nearer extreme →
 * farther extreme → close at barTimes), a trades file's own trades instead when it has them. A point
 * is shown to the engine only when something could happen on it: an order rests or waits to be sent,
 * or the bar reaches an open position's liquidation price
 * (no order: a tick fills nothing and changes nothing in the ledger), and the engine is brought to
 * the market's point before the strategy reads the account. Orders decided on a point reach the
 * engine right after it has seen the next one.
 */
export function runBars(o: LoopOptions): LoopResult {
  const { data, engine, ticks, runtime, strategy, clock } = o;
  const ex = data.instrument.exchange;
  const symbol = data.instrument.symbol;
  const n = data.length;
  const total = n * o.repeat;
  const span = n > 1 ? data.openTime[n - 1]! - data.openTime[0]! + data.intervalMs : data.intervalMs;
  const sample = Math.max(1, Math.ceil(total / Math.max(1, o.curvePoints)));
  // About every 1 % (and never more often than every 16k bars).
  const progressEvery = Math.max(16_384, Math.floor(total / 100));
  const onProgress = o.onProgress;
  const curve: LoopResult['curve'] = [];
  const tickSize = data.instrument.tickSize.toNumber();
  const lotSize = data.instrument.stepSize.toNumber();
  const walk = new PointWalk(ex, engine, ticks, runtime, clock);
  runtime.syncTo = () => walk.sync();
  // barTimes: the open, then every quarter of the interval.
  const [, quarter1, quarter2, quarter3] = barTimes(0, data.intervalMs);
  const onTick = strategy.onTick;
  const trades = data.trades;
  let ti = 0;
  let inMarket = 0;
  let ignored = 0;
  const smas = runtime.smas;
  const highs = runtime.highs;
  const lows = runtime.lows;
  const onBar = strategy.onBar;
  const columns: BarColumns = { data, tickSize, lotSize, span };
  const funding = o.funding;
  let openPrice = 0;
  const fundingMark = (): Decimal => ticks.price(openPrice);
  const { openTime: openTimes, open: opens, high: highCol, low: lowCol, close: closes, volume: volumes } = data;
  let done = 0;
  // Countdowns to the next curve point and the next progress report (done % sample, done % progressEvery).
  let toSample = 0;
  let toProgress = 0;
  for (let rep = 0; rep < o.repeat; rep++) {
    const shift = rep * span;
    ti = 0;
    for (let i = 0; i < n; i++, done++) {
      const t0 = openTimes[i]! + shift;
      const open = opens[i]!;
      const high = highCol[i]!;
      const low = lowCol[i]!;
      const close = closes[i]!;
      const vol = volumes[i]!;
      // A funding time inside the gap since the last bar is settled at this bar's open, before its points
      // fill anything: the position as it was held through the funding time.
      if (funding) {
        openPrice = open;
        engine.settleFunding(t0, fundingMark);
      }
      const liqBar = engine.liquidationWithin(ex, symbol, low, high);
      walk.liqBar = liqBar;
      if (trades) {
        const end = i + 1 < n ? openTimes[i + 1]! : Infinity;
        for (; ti < trades.time.length && trades.time[ti]! < end; ti++) {
          walk.point(trades.time[ti]! + shift, trades.price[ti]!, trades.quantity[ti]!);
          if (onTick) {
            const tv: TickView = { time: walk.t, price: walk.price * tickSize, quantity: walk.lots * lotSize, side: walk.side };
            onTick.call(strategy, tv, runtime);
          }
        }
      } else {
        const q = Math.floor(vol / 4);
        // Idle (nothing rests, nothing waits: no point of the bar can fill anything), and no liquidation
        // price within the bar's range: the close stands for every point.
        if (runtime.pending.length === 0 && runtime.open.size === 0 && !liqBar) {
          // The side of the close point as the full walk would give it (from the farther extreme). Written
          // here, not in a call: a time passed to a function is a double boxed on each bar.
          const far = high - open <= open - low ? low : high;
          walk.side = close > far ? 'BUY' : close < far ? 'SELL' : far === low ? 'SELL' : 'BUY';
          walk.prevPrice = close;
          walk.t = t0 + quarter3;
          walk.price = close;
          walk.lots = q;
          clock.t = walk.t;
          walk.seen = false;
        } else {
          const r = vol - q * 4;
          const highFirst = high - open <= open - low;
          walk.point(t0, open, q + (r > 0 ? 1 : 0));
          walk.point(t0 + quarter1, highFirst ? high : low, q + (r > 1 ? 1 : 0));
          walk.point(t0 + quarter2, highFirst ? low : high, q + (r > 2 ? 1 : 0));
          walk.point(t0 + quarter3, close, q);
        }
      }
      for (let k = 0; k < smas.length; k++) smas[k]!.push(close);
      for (let k = 0; k < highs.length; k++) highs[k]!.push(high);
      for (let k = 0; k < lows.length; k++) lows[k]!.push(low);
      if (runtime.current !== null) inMarket++;
      if (onBar) onBar.call(strategy, new BarView(columns, i, rep), runtime);
      if (toSample === 0 || done === total - 1) curve.push({ time: t0, equity: equityAt(runtime, o.cash, close, ticks, runtime.fundingPaid), close: close * tickSize });
      if (++toSample === sample) toSample = 0;
      if (onProgress && toProgress === 0) onProgress(done, total);
      if (++toProgress === progressEvery) toProgress = 0;
    }
  }
  // A decision on the last bar has no next bar to fill on.
  ignored = runtime.pending.length;
  runtime.pending = [];
  return {
    bars: total,
    barsInMarket: inMarket,
    funding: runtime.fundingPaid,
    ignoredAtEnd: ignored,
    curve,
    firstClose: n ? data.close[0]! * tickSize : 0,
    lastClose: n ? data.close[n - 1]! * tickSize : 0,
    firstTime: n ? data.openTime[0]! : 0,
    lastTime: n ? data.openTime[n - 1]! + (o.repeat - 1) * span + data.intervalMs - 1 : 0,
  };
}

/** Mark-to-market equity at a close (a float, for the plot): cash + realized − fees − funding + open PnL. */
function equityAt(rt: StrategyRuntime, cash: Decimal, closeTicks: number, ticks: BacktestTicks, funding: Decimal): number {
  let eq = cash.add(rt.realized).sub(rt.fees).sub(funding);
  const p = rt.current;
  if (p) eq = eq.add(p.quantity.mul(ticks.price(closeTicks)).sub(p.cost));
  return eq.toNumber();
}
