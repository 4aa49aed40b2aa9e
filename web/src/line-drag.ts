import type { ChartLine, TradingChart } from './chart.js';

const GRAB_PX = 6;

/**
 * Drag a draggable price line (an order, a take-profit, a stop-loss) up or down the chart; on
 * release `moved(line, price)` is called with the price under the pointer. The chart's own
 * scrolling is held off while a line is held.
 */
export function enableLineDrag(chart: TradingChart, moved: (line: ChartLine, price: number) => void): void {
  const box = chart.container;
  let held: ChartLine | null = null;
  const yOf = (e: PointerEvent) => e.clientY - box.getBoundingClientRect().top;
  const hit = (y: number): ChartLine | null => {
    for (const l of chart.lineSpecs()) {
      if (!l.draggable) continue;
      const ly = chart.candles.priceToCoordinate(l.price);
      if (ly !== null && Math.abs(ly - y) <= GRAB_PX) return l;
    }
    return null;
  };

  box.addEventListener(
    'pointerdown',
    (e) => {
      const line = hit(yOf(e));
      if (!line || e.button !== 0) return;
      held = line;
      e.preventDefault();
      e.stopPropagation();
      chart.chart.applyOptions({ handleScroll: false, handleScale: false });
      // The axis holds still while a line moves (autoscale includes the lines: it would run away).
      chart.candles.priceScale().applyOptions({ autoScale: false });
      box.setPointerCapture(e.pointerId);
    },
    true,
  );
  box.addEventListener(
    'pointermove',
    (e) => {
      if (!held) {
        box.style.cursor = hit(yOf(e)) ? 'ns-resize' : '';
        return;
      }
      const p = chart.candles.coordinateToPrice(yOf(e));
      if (p !== null) chart.moveLine(held.id, p);
    },
    true,
  );
  const release = (e: PointerEvent) => {
    if (!held) return;
    const line = held;
    held = null;
    chart.chart.applyOptions({ handleScroll: true, handleScale: true });
    const p = chart.candles.coordinateToPrice(yOf(e));
    chart.candles.priceScale().applyOptions({ autoScale: true });
    if (box.hasPointerCapture(e.pointerId)) box.releasePointerCapture(e.pointerId);
    if (p === null || Math.abs(p - line.price) < 1e-12) chart.moveLine(line.id, line.price);
    else moved(line, p);
  };
  box.addEventListener('pointerup', release, true);
  box.addEventListener('pointercancel', release, true);
}
