import type { StreamMessage, SymbolInfo } from './core/api-types.js';
import { CandleSeries, TickBuffer } from './core/candles.js';
import type { Interval } from './core/intervals.js';
import { decimalsOf } from './core/pnl.js';
import { fmtNum } from './core/format.js';
import { showError } from './actions.js';
import { api, replayTarget } from './api.js';
import type { TradingChart } from './chart.js';
import type { FeedLight } from './feed-light.js';
import { metrics } from './metrics.js';
import { byId } from './ui/dom.js';
import { toast } from './ui/toast.js';
import type { ReplaySessionInfo } from './replay/replay-api.js';
import { ReplayStream } from './replay/replay-stream.js';
import { MarketStream, type StreamHandlers } from './ws-client.js';

/**
 * Candles kept on the chart: lightweight-charts re-derives its whole plot list when a bar is added,
 * so a fast replay pays for every bar kept (1,500 1m bars is a day of scalping).
 */
const MAX_CANDLES = 1_500;
/** More new candles than this in one frame are drawn with one setData rather than an update each. */
const FULL_REDRAW_AFTER = 4;

export interface Quote {
  bid: number;
  ask: number;
  last: number;
  time: number;
}

/**
 * The live market of the selected exchange and symbol: history from the klines route, then every
 * tick of WS /ws/multi-exchange/{symbol} folded into the candles (no polling). Ticks are applied to
 * the chart at most once per animation frame, however fast they come.
 */
export class MarketView {
  private series = new CandleSeries('1m');
  private stream: MarketStream | ReplayStream | null = null;
  private streamSymbol = '';
  /** The open practice session and symbol the stream is of ('' none). */
  private streamKey = '';
  private exchange = 'sim';
  private loading = 0;
  private ready = false;
  private readonly buffered = new TickBuffer();
  /** Index of the first candle the chart has not been given yet (Infinity: nothing pending). */
  private dirtyFrom = Infinity;
  /** `trimmed` of the series when the chart last got its whole data. */
  private chartTrimmed = 0;
  private decimals = 2;
  /** The cursor of the practice session's candles as last read (-1: not yet). */
  private replayCursor = -1;
  quote: Quote | null = null;

  constructor(
    private readonly chart: TradingChart,
    private readonly light: FeedLight,
    private readonly onQuote: (q: Quote) => void,
    /** A practice session's state (its clock, play/pause), on every control and at connect. */
    private readonly onReplayState: (s: ReplaySessionInfo) => void = () => {},
  ) {
    const frame = () => {
      this.flush();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  async show(exchange: string, symbol: string, interval: Interval, info: SymbolInfo | null): Promise<void> {
    const ticket = ++this.loading;
    this.exchange = exchange;
    this.quote = null;
    this.light.select(exchange);
    if (info) {
      this.chart.setTick(info.tick_size);
      this.decimals = decimalsOf(info.tick_size);
    }
    // A practice session (api.ts's replay target) is charted from its own stream, else the live one.
    const replay = replayTarget();
    const key = `${replay ?? ''}|${symbol}`;
    if (key !== this.streamKey) {
      this.stream?.close();
      // Another market: the last one's prices are not shown until this one's first tick.
      for (const id of ['q-bid', 'q-last', 'q-ask', 'buy-px', 'sell-px']) byId(id).textContent = '—';
      this.streamKey = key;
      this.streamSymbol = symbol;
      const on: StreamHandlers = { message: (m) => this.onMessage(m), socket: (s) => this.light.setSocket(s) };
      this.stream = replay === null ? new MarketStream(symbol, on) : new ReplayStream(replay, exchange, on, (st) => this.replayState(st));
      this.replayCursor = -1;
    }
    this.buffered.take();
    this.ready = false;
    const series = new CandleSeries(interval, MAX_CANDLES);
    this.series = series;
    this.dirtyFrom = Infinity;
    let klines;
    try {
      klines = await api.klines(exchange, symbol, interval);
    } catch (err) {
      if (ticket === this.loading) this.buffered.take(); // the caller shows a working view again
      throw err;
    }
    if (ticket !== this.loading) return;
    series.load(klines);
    this.ready = true;
    for (const b of this.buffered.take()) series.apply(b.price, 0, b.time); // their volume is already in the klines
    this.chart.setData(series.candles());
    this.chartTrimmed = series.trimmed;
    // A short history fills the width; a long one shows its latest part at the default spacing.
    if (series.candles().length < 150) this.chart.chart.timeScale().fitContent();
    else this.chart.chart.timeScale().scrollToRealTime();
    this.setCount(series.candles().length);
  }

  /**
   * A practice session's state. Once it stands still after moving (a step, a jump, a pause), its
   * candles are read again: the stream hands on only the latest tick of each ~16 ms, so the
   * volume (and a skipped extreme) folded from it is not the file's; after this the last candle is
   * exactly the bar of the file as it stood at the clock.
   */
  private replayState(st: ReplaySessionInfo): void {
    if (st.status !== 'playing' && st.cursor !== this.replayCursor) {
      this.replayCursor = st.cursor;
      void this.resync().catch(showError);
    }
    this.onReplayState(st);
  }

  private async resync(): Promise<void> {
    const ticket = this.loading;
    const series = this.series;
    const klines = await api.klines(this.exchange, this.streamSymbol, series.interval);
    if (ticket !== this.loading || series !== this.series || !this.ready) return; // another market or interval meanwhile
    series.load(klines);
    this.chart.setData(series.candles());
    this.chartTrimmed = series.trimmed;
    this.dirtyFrom = Infinity;
    this.setCount(series.candles().length);
  }

  /** A new stream after the set of connected exchanges changed. */
  restartStream(): void {
    this.streamKey = '';
  }

  private onMessage(m: StreamMessage): void {
    if (m.type === 'error') {
      toast(m.error.message, 'error', m.error.code);
      return;
    }
    if (m.type === 'status') {
      this.light.setFeed(m.exchange, m.state, m.reason);
      return;
    }
    if (m.type !== 'ticker' || m.exchange !== this.exchange || m.symbol !== this.streamSymbol) return;
    metrics.ticks++;
    metrics.lastTickAt = performance.now();
    this.light.tick();
    this.quote = { bid: m.bid, ask: m.ask, last: m.last, time: m.timestamp };
    if (!this.ready) {
      this.buffered.push(m.last, m.timestamp);
      return;
    }
    const s = this.series;
    const trimmed = s.trimmed;
    const change = s.apply(m.last, m.trade_quantity ?? 0, m.timestamp);
    if (change === 'ignored') return;
    // The changed candle is the last one; a pending earlier one moved down by what was trimmed.
    this.dirtyFrom = Math.min(this.dirtyFrom - (s.trimmed - trimmed), s.candles().length - 1);
  }

  private flush(): void {
    if (this.dirtyFrom === Infinity) return;
    const list = this.series.candles();
    if (this.series.trimmed !== this.chartTrimmed || list.length - this.dirtyFrom > FULL_REDRAW_AFTER) {
      // The series dropped its oldest candles, or many are new (a fast replay): one setData keeps
      // the chart's own data as short as the series (each update() costs the length of that data).
      this.chart.setData(list);
      this.chartTrimmed = this.series.trimmed;
    } else for (let i = Math.max(0, this.dirtyFrom); i < list.length; i++) this.chart.update(list[i]!);
    this.dirtyFrom = Infinity;
    metrics.chartUpdates++;
    this.setCount(list.length);
    const q = this.quote;
    if (q) {
      this.onQuote(q);
      byId('q-bid').textContent = fmtNum(q.bid, this.decimals);
      byId('q-last').textContent = fmtNum(q.last, this.decimals);
      byId('q-ask').textContent = fmtNum(q.ask, this.decimals);
    }
  }

  private setCount(n: number): void {
    const list = this.series.candles();
    metrics.lastCandle = list.length ? { ...list[list.length - 1]! } : null;
    if (n === metrics.candles) return;
    metrics.candles = n;
    this.chart.container.dataset.candles = String(n);
  }
}
