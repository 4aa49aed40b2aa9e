import { AreaSeries, BaselineSeries, ColorType, createChart, type IChartApi, type ISeriesApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { fmtNum } from '../core/format.js';
import type { CurveBar } from '../core/journal-format.js';
import { CHART_FONT_FAMILY, useChartFont } from '../ui/chart-font.js';

/** How the time axis is written: UTC dates, "+h:mm" from a blind session's start, or trade numbers. */
export type CurveAxis = { kind: 'utc' } | { kind: 'relative'; origin: number } | { kind: 'trade' };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The review's equity curve with its drawdown underneath: one lightweight-charts chart with two
 * panes on one time scale (equity above, the drawdown below zero in the pane under it).
 */
export class EquityChart {
  readonly chart: IChartApi;
  private readonly equity: ISeriesApi<'Baseline'>;
  private readonly drawdown: ISeriesApi<'Area'>;
  private axis: CurveAxis = { kind: 'utc' };

  constructor(container: HTMLElement) {
    const label = (t: Time): string => {
      const v = Number(t);
      if (this.axis.kind === 'trade') return `#${v}`;
      if (this.axis.kind === 'relative') {
        const m = Math.max(0, Math.floor((v * 1000 - this.axis.origin) / 60_000));
        return `+${Math.floor(m / 60)}:${pad(m % 60)}`;
      }
      return new Date(v * 1000).toISOString().slice(5, 16).replace('T', ' ');
    };
    this.chart = createChart(container, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#0b0e14' }, textColor: '#8b93a7', fontSize: 11, fontFamily: CHART_FONT_FAMILY, attributionLogo: false, panes: { separatorColor: '#222a38' } },
      grid: { vertLines: { color: '#151a24' }, horzLines: { color: '#151a24' } },
      rightPriceScale: { borderColor: '#222a38' },
      timeScale: { borderColor: '#222a38', timeVisible: true, secondsVisible: false, tickMarkFormatter: label },
      localization: { timeFormatter: label, priceFormatter: (p: number) => fmtNum(p, 2) },
      handleScroll: false,
      handleScale: false,
    });
    useChartFont(this.chart);
    this.equity = this.chart.addSeries(BaselineSeries, {
      baseValue: { type: 'price', price: 0 },
      topLineColor: '#26a69a',
      topFillColor1: 'rgba(38,166,154,0.28)',
      topFillColor2: 'rgba(38,166,154,0.04)',
      bottomLineColor: '#ef5350',
      bottomFillColor1: 'rgba(239,83,80,0.04)',
      bottomFillColor2: 'rgba(239,83,80,0.28)',
      lineWidth: 2,
      title: 'equity',
    });
    this.drawdown = this.chart.addSeries(AreaSeries, { lineColor: '#ef5350', topColor: 'rgba(239,83,80,0.05)', bottomColor: 'rgba(239,83,80,0.45)', lineWidth: 1, title: 'drawdown', invertFilledArea: true }, 1);
    this.chart.panes()[0]?.setStretchFactor(2);
    this.chart.panes()[1]?.setStretchFactor(1);
  }

  /** The curve (the equity's baseline is the starting equity: above it green, below it red). */
  show(bars: readonly CurveBar[], startingEquity: number, axis: CurveAxis, titles: { equity: string; drawdown: string }): void {
    this.axis = axis;
    this.equity.applyOptions({ baseValue: { type: 'price', price: startingEquity }, title: titles.equity });
    this.drawdown.applyOptions({ title: titles.drawdown });
    this.equity.setData(bars.map((b) => ({ time: b.time as UTCTimestamp, value: b.equity })));
    this.drawdown.setData(bars.map((b) => ({ time: b.time as UTCTimestamp, value: b.drawdown })));
    this.chart.timeScale().fitContent();
  }
}
