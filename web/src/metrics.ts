import type { Candle } from './core/candles.js';

/**
 * Counters the browser test and the frame benchmark read (window.trainerMetrics), and where a
 * price sits on the chart (y in CSS pixels inside #chart), so a test can grab a line.
 * `positionMessages` counts the account stream's position messages applied; `accountSocket` is
 * that stream's socket. `lastCandle` is the chart's last candle as it was last drawn.
 * `visibleBars` is the width of the chart's visible range in bars.
 */
export const metrics = {
  ticks: 0,
  chartUpdates: 0,
  candles: 0,
  lastCandle: null as Candle | null,
  lastTickAt: 0,
  positionMessages: 0,
  accountSocket: 'closed' as 'open' | 'closed',
  priceToY: (_price: number): number | null => null,
  yToPrice: (_y: number): number | null => null,
  /** How many bars the chart shows across (a pinch zooms: fewer). */
  visibleBars: (): number | null => null,
};
(window as unknown as { trainerMetrics: typeof metrics }).trainerMetrics = metrics;
