import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  CrosshairMode,
  HistogramSeries,
  LineStyle,
  type AutoscaleInfo,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from './core/candles.js';
import { axisStep } from './core/axis-step.js';
import { fmtPrice, fmtTime, relativeTime } from './core/format.js';
import { CHART_FONT_FAMILY, useChartFont } from './ui/chart-font.js';

export const UP = '#26a69a';
export const DOWN = '#ef5350';

/** A horizontal line on the price axis: the position's entry, an order, a take-profit or stop-loss. */
export interface ChartLine {
  id: string;
  price: number;
  color: string;
  title: string;
  dashed?: boolean;
  /** Dragging it moves the order (see line-drag.ts). */
  draggable?: boolean;
}

export interface ChartMarker {
  time: number;
  side: 'BUY' | 'SELL';
  text: string;
}

const sec = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;


/** lightweight-charts candlesticks with volume underneath, trade markers and price lines. */
export class TradingChart {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private readonly lines = new Map<string, { line: IPriceLine; spec: ChartLine; group: string }>();
  /** Chart times are shown from this (ms) when set: a blind practice session must not show its dates. */
  private timeOrigin: number | null = null;
  /** The line a tap selected (drawn thicker), or null; `onSelect` hears of every change. */
  private selectedId: string | null = null;
  onSelect: ((line: ChartLine | null) => void) | null = null;

  constructor(readonly container: HTMLElement) {
    this.chart = createChart(container, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#0b0e14' }, textColor: '#8b93a7', fontSize: 11, fontFamily: CHART_FONT_FAMILY, attributionLogo: false },
      grid: { vertLines: { color: '#151a24' }, horzLines: { color: '#151a24' } },
      crosshair: { mode: CrosshairMode.Normal },
      rightPriceScale: { borderColor: '#222a38' },
      timeScale: {
        borderColor: '#222a38',
        timeVisible: true,
        secondsVisible: false,
        rightOffset: 6,
        // null: the library's own marks (its dates at day boundaries).
        tickMarkFormatter: (t: Time) => (this.timeOrigin === null ? null : relativeTime(Number(t), this.timeOrigin)),
      },
      localization: {
        timeFormatter: (t: Time) =>
          this.timeOrigin === null ? new Date(Number(t) * 1000).toISOString().slice(0, 16).replace('T', ' ') : relativeTime(Number(t), this.timeOrigin),
      },
    });
    useChartFont(this.chart);
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderVisible: false,
      wickUpColor: UP,
      wickDownColor: DOWN,
      // The price axis always shows the position's entry and every order line, even far from the market.
      autoscaleInfoProvider: (base: () => AutoscaleInfo | null) => {
        const info = base();
        if (!info?.priceRange || this.lines.size === 0) return info;
        const prices = [...this.lines.values()].map((l) => l.spec.price);
        const { minValue, maxValue } = info.priceRange;
        return { ...info, priceRange: { minValue: Math.min(minValue, ...prices), maxValue: Math.max(maxValue, ...prices) } };
      },
    });
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.22 } });
    this.volume = this.chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: '', lastValueVisible: false, priceLineVisible: false });
    this.volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    this.markers = createSeriesMarkers(this.candles, []);
  }

  /** The price axis, the last-price label and every line's label show prices as the panels do, at the tick. */
  /** Times on the axis and the crosshair as `+h:mm` from `originMs`, or the dates and times again (null). */
  setTimeOrigin(originMs: number | null): void {
    this.timeOrigin = originMs;
  }

  /** A time as the panels show it: from the origin in a blind session (its time of day would tell the date's market), else UTC. */
  timeText(ms: number): string {
    return this.timeOrigin === null ? fmtTime(ms) : relativeTime(ms / 1000, this.timeOrigin);
  }

  setTick(tick: number): void {
    this.candles.applyOptions({ priceFormat: { type: 'custom', minMove: axisStep(tick), formatter: (p: number) => fmtPrice(p, tick) } });
  }

  setData(list: readonly Candle[]): void {
    this.candles.setData(list.map((c) => ({ time: sec(c.time), open: c.open, high: c.high, low: c.low, close: c.close })));
    this.volume.setData(list.map((c) => this.bar(c)));
  }

  /** The forming (or a newly opened) candle. */
  update(c: Candle): void {
    this.candles.update({ time: sec(c.time), open: c.open, high: c.high, low: c.low, close: c.close });
    this.volume.update(this.bar(c));
  }

  setMarkers(list: readonly ChartMarker[]): void {
    const sorted = [...list].sort((a, b) => a.time - b.time);
    this.container.dataset.markers = String(sorted.length);
    this.markers.setMarkers(
      sorted.map(
        (m): SeriesMarker<Time> => ({
          time: sec(m.time),
          position: m.side === 'BUY' ? 'belowBar' : 'aboveBar',
          shape: m.side === 'BUY' ? 'arrowUp' : 'arrowDown',
          color: m.side === 'BUY' ? UP : DOWN,
          text: m.text,
        }),
      ),
    );
  }

  /**
   * Makes the chart's lines of `group` exactly `list` (matched by id: moved, retitled, added or
   * removed); other groups' lines stay (the account's orders, the price alerts).
   */
  setLines(list: readonly ChartLine[], group = 'account'): void {
    const keep = new Set(list.map((l) => l.id));
    for (const [id, l] of this.lines) {
      if (l.group === group && !keep.has(id)) {
        this.candles.removePriceLine(l.line);
        this.lines.delete(id);
      }
    }
    if (this.selectedId !== null && !keep.has(this.selectedId)) this.select(null);
    for (const spec of list) {
      const width = spec.id === this.selectedId ? 3 : 1;
      const options = { price: spec.price, color: spec.color, title: spec.title, lineWidth: width as 1 | 3, lineStyle: spec.dashed ? LineStyle.Dashed : LineStyle.Solid, axisLabelVisible: true };
      const have = this.lines.get(spec.id);
      if (have) have.line.applyOptions(options);
      else this.lines.set(spec.id, { line: this.candles.createPriceLine(options), spec, group });
      this.lines.get(spec.id)!.spec = spec;
    }
    if (this.selectedId !== null) this.onSelect?.(this.lines.get(this.selectedId)?.spec ?? null);
  }

  /** Selects a line (drawn thicker) or none. */
  select(id: string | null): void {
    const was = this.selectedId;
    if (was !== null) this.lines.get(was)?.line.applyOptions({ lineWidth: 1 });
    this.selectedId = id !== null && this.lines.has(id) ? id : null;
    if (this.selectedId !== null) this.lines.get(this.selectedId)!.line.applyOptions({ lineWidth: 3 });
    this.container.dataset.selected = this.selectedId ?? '';
    this.onSelect?.(this.selectedId === null ? null : this.lines.get(this.selectedId)!.spec);
  }

  get selected(): string | null {
    return this.selectedId;
  }

  lineSpecs(): ChartLine[] {
    return [...this.lines.values()].map((l) => l.spec);
  }

  moveLine(id: string, price: number): void {
    this.lines.get(id)?.line.applyOptions({ price });
  }

  private bar(c: Candle) {
    return { time: sec(c.time), value: c.volume, color: c.close >= c.open ? 'rgba(38,166,154,0.35)' : 'rgba(239,83,80,0.35)' };
  }
}
