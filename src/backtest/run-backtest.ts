import { fixedFunding, type FundingSource } from '../domain/funding.js';
import type { MarginMode } from '../domain/perp-margin.js';
import { venueMarketOfName } from '../sim/market/dataset-naming.js';
import { Decimal } from '../domain/decimal.js';
import { readJournal } from '../engine/journal-reader.js';
import type { LedgerStore } from '../engine/ports.js';
import type { FillModel } from '../sim/matching-core.js';
import { barDataOf, loadBarData, sliceBars, type BarData } from './bar-data.js';
import { runBars } from './bar-loop.js';
import { backtestEngine } from './backtest-engine.js';
import { backtestStats, tradeRows, type BacktestStats, type BacktestTrade } from './backtest-result.js';
import { BacktestTicks } from './backtest-tick.js';
import { loadStrategy } from './load-strategy.js';
import { resolveParams, type StrategyDefinition } from './strategy.js';
import { StrategyRuntime, type LogLine } from './strategy-runtime.js';
import type { CsvData } from '../sim/market/csv-bars.js';

export interface BacktestOptions {
  /** A CSV path (any layout the replay reads), its parsed CSV, or bars already loaded (loadBarData). */
  readonly data: string | BarData | CsvData;
  /** A built-in name (strategies/<name>.ts), a path to a strategy file, or a definition. */
  readonly strategy: string | StrategyDefinition;
  /** Strategy parameters (the strategy's defaults fill the rest). */
  readonly params?: Readonly<Record<string, number>>;
  /** Fee on each fill's notional, in basis points (maker and taker alike). */
  readonly feeBps: number;
  /** Against the trader on each taker fill, in basis points of the price (rounded up to whole ticks). Default 0. */
  readonly slippageBps?: number;
  /** Bars opening at or after `from` and at or before `to` (ms). */
  readonly from?: number;
  readonly to?: number;
  /** Starting cash (default 10,000 in the quote asset). */
  readonly cash?: number | string;
  /**
   * Funding rate per 8 h on the position's notional (0.0001 = 0.01 %; a long pays a positive rate), or
   * a source of rates (e.g. seriesFunding(parseBinanceFundingCsv(...))); each payment is a ledger entry.
   */
  readonly funding?: number | FundingSource | null;
  /**
   * Leverage of the margin check (default null: no margin check, any size is allowed). With one, a
   * perpetual's position is liquidated as its venue would (the venue of the file's name; Binance's
   * tiers when it names none), in `marginMode` (default cross).
   */
  readonly leverage?: number | null;
  readonly marginMode?: MarginMode;
  /** How resting limits fill on the trades that reach them (default 'through', as the sim). */
  readonly fillModel?: FillModel;
  /** The data read this many times in a row (benchmarks). Default 1. */
  readonly repeat?: number;
  /** Points of the mark-to-market equity curve kept for the plot (default 2,000). */
  readonly curvePoints?: number;
  /** The run's ledger (default: in memory). A SqliteLedgerStore keeps it, e.g. to step through it later. */
  readonly store?: LedgerStore;
}

export interface BacktestProgress {
  readonly done: number;
  readonly total: number;
}

/** Everything a run produced: JSON-able, the same bytes for the same input. */
export interface BacktestResult {
  readonly strategy: string;
  readonly params: Readonly<Record<string, number>>;
  readonly symbol: string;
  readonly interval_ms: number;
  readonly from: number;
  readonly to: number;
  readonly bars: number;
  readonly fee_bps: number;
  readonly slippage_bps: number;
  readonly starting_cash: number;
  readonly ending_equity: number;
  readonly trades: BacktestTrade[];
  readonly trade_count: number;
  readonly net_pnl: number;
  readonly gross_pnl: number;
  readonly fees: number;
  readonly funding: number;
  readonly stats: BacktestStats;
  /** Orders the engine refused (each logged), and decisions of the last bar (no next bar to fill on). */
  readonly rejected_orders: number;
  readonly ignored_at_end: number;
  /** Mark-to-market equity at sampled bar closes, with the close (for the plot). */
  readonly equity_curve: { time: number; equity: number; close: number }[];
  readonly logs: LogLine[];
}

function barsOf(data: BacktestOptions['data']): BarData {
  if (typeof data === 'string') return loadBarData(data);
  if ('kind' in data) return barDataOf(data);
  return data;
}

function bps(name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!Number.isFinite(x) || x < 0 || x >= 10_000) throw new RangeError(`${name} must be between 0 and 10000 basis points, got ${String(v)}`);
  // By its text: 1.1 × 100 is 110.00000000000001 in floats, and 1.1 has one decimal.
  if (!/^\d+(\.\d{1,2})?$/.test(String(x))) throw new RangeError(`${name} takes at most two decimals, got ${x}`);
  return x;
}

/**
 * Runs a strategy over a dataset through the one engine (ExecutionEngine + SimVenue + RiskEngine on
 * a ledger in memory) on a simulated clock: fills follow the replay's intrabar path, fees are
 * `feeBps` of each fill's notional, a position still open is closed at the last bar's close.
 */
export async function runBacktest(opts: BacktestOptions, onProgress?: (p: BacktestProgress) => void): Promise<BacktestResult> {
  const def = typeof opts.strategy === 'string' ? await loadStrategy(opts.strategy) : opts.strategy;
  return runBacktestSync({ ...opts, strategy: def }, onProgress);
}

/** runBacktest with the strategy already loaded. */
export function runBacktestSync(opts: BacktestOptions & { strategy: StrategyDefinition }, onProgress?: (p: BacktestProgress) => void): BacktestResult {
  const def = opts.strategy;
  const params = resolveParams(def, opts.params ?? {});
  const feeBps = bps('fee-bps', opts.feeBps, Number.NaN);
  const slippageBps = bps('slippage-bps', opts.slippageBps, 0);
  const cash = Decimal.tryParse(opts.cash ?? 10_000);
  if (cash === null || cash.sign() <= 0) throw new RangeError(`cash must be a positive amount, got ${String(opts.cash)}`);
  const repeat = opts.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a whole number of at least 1`);
  const all = barsOf(opts.data);
  const data = sliceBars(all, opts.from, opts.to);
  if (data.length === 0) throw new RangeError('no bars between from and to');
  const rate = Decimal.parse(String(feeBps)).div(Decimal.fromInt(10_000), 8);
  const inst = { ...data.instrument, makerFee: rate, takerFee: rate, minNotional: Decimal.ZERO, priceBand: Decimal.fromInt(1_000_000) };
  const clock = { t: data.openTime[0]! };
  // A fixed rate every 8 h (--funding), or a funding history (Binance's fundingRate CSV): booked by the engine.
  const funding = opts.funding == null ? null : typeof opts.funding === 'object' ? opts.funding : fixedFunding(Decimal.parse(String(opts.funding)));
  const { engine, store } = backtestEngine({
    funding: funding ?? undefined,
    instrument: inst,
    clock: { now: () => clock.t },
    cash,
    leverage: opts.leverage == null ? null : Decimal.parse(String(opts.leverage)),
    fillModel: opts.fillModel ?? 'through',
    store: opts.store,
    marginMode: opts.marginMode,
    venue: typeof opts.data === 'string' ? (venueMarketOfName(opts.data, null).venue ?? undefined) : undefined,
  });
  const strategy = def.create(params);
  const runtime = new StrategyRuntime(engine, inst, params, strategy, () => clock.t);
  strategy.init?.(runtime);
  const ticks = new BacktestTicks(inst, slippageBps);
  let loop: ReturnType<typeof runBars>;
  try {
    loop = runBars({
      data: { ...data, instrument: inst },
      repeat,
      engine,
      ticks,
      runtime,
      strategy,
      clock,
      funding: funding !== null,
      cash,
      curvePoints: opts.curvePoints ?? 2_000,
      onProgress: onProgress ? (done, total) => onProgress({ done, total }) : undefined,
    });
  } catch (err) {
    // A strategy's own failure, said with where it happened (an exit code 1, not a usage error).
    const at = new Date(clock.t).toISOString();
    throw new Error(`strategy ${def.name} failed at ${at}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  // The end: what rests is canceled, and what is open is closed at the last bar's close.
  runtime.syncTo();
  for (const o of engine.openOrderList()) engine.cancelOrder(o.exchange, o.symbol, o.id);
  if (engine.position({ mode: 'simulation', exchange: inst.exchange, symbol: inst.symbol })) {
    engine.closePosition({ mode: 'simulation', exchange: inst.exchange, symbol: inst.symbol });
  }
  runtime.dispatch();
  onProgress?.({ done: loop.bars, total: loop.bars });
  const journal = readJournal(store, { excursions: () => new Map() }, { mode: 'simulation' });
  const tick = inst.tickSize.normalize();
  const at = (ticks: number) => Decimal.of(BigInt(ticks) * tick.raw, tick.scale);
  const s = backtestStats({
    trades: journal.trades,
    cash,
    funding: loop.funding,
    startTime: loop.firstTime,
    endTime: loop.lastTime,
    bars: loop.bars,
    barsInMarket: loop.barsInMarket,
    firstClose: at(data.close[0]!),
    lastClose: at(data.close[data.length - 1]!),
  });
  return {
    strategy: def.name,
    params,
    symbol: inst.symbol,
    interval_ms: data.intervalMs,
    from: loop.firstTime,
    to: loop.lastTime,
    bars: loop.bars,
    fee_bps: feeBps,
    slippage_bps: slippageBps,
    starting_cash: cash.toNumber(),
    ending_equity: cash.add(s.netPnl).toNumber(),
    trades: tradeRows(journal.trades),
    trade_count: journal.trades.length,
    net_pnl: s.netPnl.toNumber(),
    gross_pnl: s.grossPnl.toNumber(),
    fees: s.fees.toNumber(),
    funding: loop.funding.toNumber(),
    stats: s.stats,
    rejected_orders: runtime.rejections,
    ignored_at_end: loop.ignoredAtEnd,
    equity_curve: loop.curve,
    logs: runtime.logs,
  };
}
