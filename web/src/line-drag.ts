import type { ChartLine, TradingChart } from './chart.js';

const GRAB_PX = 6;
/** A finger is wider than a mouse pointer. */
const TOUCH_GRAB_PX = 18;
/** How long a finger rests on a line before it holds it. */
export const LONG_PRESS_MS = 450;
/** A finger that moves further than this before the long press is panning the chart. */
const TOUCH_SLOP_PX = 8;

/**
 * Drag a draggable price line (an order, a take-profit, a stop-loss) up or down the chart; on
 * release `moved(line, price)` is called with the price under the pointer. The chart's own
 * scrolling is held off while a line is held. A mouse holds a line at once; a finger (touch or pen)
 * taps a line to select it, and holds it after resting on it for LONG_PRESS_MS (a finger that moves
 * sooner pans the chart, as it would anywhere else); a tap elsewhere clears the selection.
 */
export function enableLineDrag(chart: TradingChart, moved: (line: ChartLine, price: number) => void): void {
  const box = chart.container;
  let held: ChartLine | null = null;
  /** A finger down, not yet holding: where it went down, on which line, and its long-press timer. */
  let pending: { id: number; x: number; y: number; line: ChartLine | null; timer: ReturnType<typeof setTimeout> } | null = null;
  const yOf = (e: PointerEvent) => e.clientY - box.getBoundingClientRect().top;
  const hit = (y: number, grab: number): ChartLine | null => {
    let best: ChartLine | null = null;
    let bestDy = Infinity;
    for (const l of chart.lineSpecs()) {
      if (!l.draggable) continue;
      const ly = chart.candles.priceToCoordinate(l.price);
      const dy = ly === null ? Infinity : Math.abs(ly - y);
      if (dy <= grab && dy < bestDy) [best, bestDy] = [l, dy];
    }
    return best;
  };
  const hold = (line: ChartLine) => {
    held = line;
    chart.chart.applyOptions({ handleScroll: false, handleScale: false });
    // The axis holds still while a line moves (autoscale includes the lines: it would run away).
    chart.candles.priceScale().applyOptions({ autoScale: false });
    box.dataset.dragging = line.id;
  };
  const letGo = () => {
    held = null;
    delete box.dataset.dragging;
    chart.chart.applyOptions({ handleScroll: true, handleScale: true });
  };
  const clearPending = () => {
    if (pending) clearTimeout(pending.timer);
    pending = null;
  };

  box.addEventListener(
    'pointerdown',
    (e) => {
      if (e.pointerType !== 'mouse') {
        clearPending();
        if (held || !e.isPrimary) return;
        const line = hit(yOf(e), TOUCH_GRAB_PX);
        const timer = setTimeout(() => {
          if (!pending?.line) return;
          chart.select(pending.line.id);
          hold(pending.line);
          pending = null;
          navigator.vibrate?.(10);
        }, LONG_PRESS_MS);
        pending = { id: e.pointerId, x: e.clientX, y: e.clientY, line, timer };
        return;
      }
      const line = hit(yOf(e), GRAB_PX);
      if (!line || e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      hold(line);
      box.setPointerCapture(e.pointerId);
    },
    true,
  );
  box.addEventListener(
    'pointermove',
    (e) => {
      if (pending && pending.id === e.pointerId && Math.hypot(e.clientX - pending.x, e.clientY - pending.y) > TOUCH_SLOP_PX) clearPending();
      if (!held) {
        if (e.pointerType === 'mouse') box.style.cursor = hit(yOf(e), GRAB_PX) ? 'ns-resize' : '';
        return;
      }
      const p = chart.candles.coordinateToPrice(yOf(e));
      if (p !== null) chart.moveLine(held.id, p);
    },
    true,
  );
  // While a finger holds a line its moves are the line's: neither the chart nor the page scrolls.
  box.addEventListener(
    'touchmove',
    (e) => {
      if (!held) return;
      e.preventDefault();
      e.stopPropagation();
    },
    { capture: true, passive: false },
  );
  const release = (e: PointerEvent) => {
    if (pending && pending.id === e.pointerId) {
      // A tap: selects the line under it, or clears the selection.
      if (e.type === 'pointerup') chart.select(pending.line?.id ?? null);
      clearPending();
    }
    if (!held) return;
    const line = held;
    letGo();
    const p = e.type === 'pointercancel' ? null : chart.candles.coordinateToPrice(yOf(e));
    chart.candles.priceScale().applyOptions({ autoScale: true });
    if (box.hasPointerCapture(e.pointerId)) box.releasePointerCapture(e.pointerId);
    if (p === null || Math.abs(p - line.price) < 1e-12) chart.moveLine(line.id, line.price);
    else moved(line, p);
  };
  box.addEventListener('pointerup', release, true);
  box.addEventListener('pointercancel', release, true);
}

/** The chip over the chart naming the selected line (its title and price) with how to move it. */
export function showSelectedLine(chart: TradingChart, price: (p: number) => string): void {
  chart.onSelect = (line) => {
    const chip = document.getElementById('line-chip');
    if (!chip) return;
    chip.hidden = line === null;
    if (!line) return;
    chip.querySelector('#line-chip-title')!.textContent = line.title;
    chip.querySelector('#line-chip-price')!.textContent = price(line.price);
  };
}
