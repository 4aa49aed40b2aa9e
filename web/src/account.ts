import type { Order, Position } from './core/api-types.js';
import { bucketStart } from './core/intervals.js';
import { api } from './api.js';
import type { ChartLine, ChartMarker, TradingChart } from './chart.js';
import { renderOrders } from './panels/orders.js';
import type { PositionsPanel } from './panels/positions.js';
import { renderRisk, renderStats } from './panels/stats.js';
import { session } from './session.js';

const ENTRY = '#5aa9ff';
const LINE_COLOR: Record<string, string> = { LIMIT: '#f0b90b', TAKE_PROFIT_MARKET: '#26a69a', STOP_MARKET: '#ef5350' };

function lineOf(o: Order): ChartLine | null {
  const price = o.price ?? o.stop_price;
  if (price === null) return null;
  const remaining = o.quantity - o.filled_quantity;
  const name = o.type === 'TAKE_PROFIT_MARKET' ? 'TP' : o.type === 'STOP_MARKET' ? (o.reduce_only ? 'SL' : 'STOP') : 'LMT';
  return { id: o.order_id, price, color: LINE_COLOR[o.type] ?? '#c0c6d4', title: `${name} ${o.side} ${remaining}`, dashed: true, draggable: true };
}

/**
 * Positions, orders, statistics and risk, read over REST after every action, whenever the price
 * reaches a resting order (a fill may have happened), and — orders only — every 2 s, refreshing
 * everything when the set of open orders changed. The chart shows the charted symbol's entry
 * line, its orders (take-profit / stop-loss included) and markers at its fills.
 */
export class Account {
  positions: Position[] = [];
  orders: Order[] = [];
  private soon: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly chart: TradingChart,
    private readonly panel: PositionsPanel,
    private readonly cancel: (o: Order) => void,
    private readonly failed: (err: unknown) => void,
  ) {
    setInterval(() => void this.pollOrders(), 2_000);
  }

  /** Re-reads everything; calls made while one runs are folded into one more run. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.load()
      .catch(this.failed)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.running;
  }

  refreshSoon(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.refresh();
    }, 150);
  }

  /** Prices of the charted symbol's resting orders: reaching one may fill it. */
  levels(): number[] {
    const { exchange, symbol } = session.get();
    return this.orders
      .filter((o) => o.exchange === exchange && o.symbol === symbol).map((o) => o.price ?? o.stop_price)
      .filter((x): x is number => x !== null);
  }

  private async load(): Promise<void> {
    const { exchange, symbol } = session.get();
    const [positions, orders, stats, risk, recent] = await Promise.all([api.positions(), api.openOrders(), api.stats(), api.risk(), api.recentOrders(exchange, symbol)]);
    this.positions = positions;
    this.orders = orders;
    this.panel.render(positions);
    renderOrders(orders, this.cancel);
    renderStats(stats);
    renderRisk(risk);
    this.draw(recent);
  }

  private draw(recent: readonly Order[]): void {
    const { exchange, symbol, interval } = session.get();
    const lines: ChartLine[] = [];
    const p = this.positions.find((x) => x.exchange === exchange && x.symbol === symbol && x.side !== 'FLAT');
    if (p) lines.push({ id: 'entry', price: p.entry_price, color: ENTRY, title: `${p.side} ${p.quantity}` });
    for (const o of this.orders) {
      const l = o.exchange === exchange && o.symbol === symbol ? lineOf(o) : null;
      if (l) lines.push(l);
    }
    this.chart.setLines(lines);
    const markers: ChartMarker[] = recent
      .filter((o) => o.filled_quantity > 0 && o.avg_price !== null)
      .map((o) => ({ time: bucketStart(o.updated_at, interval), side: o.side, text: `${o.side === 'BUY' ? 'B' : 'S'} ${o.filled_quantity}` }));
    this.chart.setMarkers(markers);
  }

  private async pollOrders(): Promise<void> {
    if (this.running || document.hidden) return;
    try {
      const ids = (await api.openOrders()).map((o) => o.order_id).join();
      if (ids !== this.orders.map((o) => o.order_id).join()) void this.refresh();
    } catch (err) {
      this.failed(err);
    }
  }
}
