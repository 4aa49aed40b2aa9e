import type { Order, Position } from './core/api-types.js';
import { isFill, overlay, withPosition, type Streamed } from './core/position-message.js';
import { bucketStart } from './core/intervals.js';
import { tradeResultLabel } from './core/journal-format.js';
import { api, replayTarget } from './api.js';
import type { ChartLine, ChartMarker, TradingChart } from './chart.js';
import { instruments, tickOf } from './instruments.js';
import { metrics } from './metrics.js';
import { renderOrders } from './panels/orders.js';
import type { PositionsPanel } from './panels/positions.js';
import { renderRisk, renderStats } from './panels/stats.js';
import { session } from './session.js';

const ENTRY = '#5aa9ff';
const LINE_COLOR: Record<string, string> = { LIMIT: '#f0b90b', TAKE_PROFIT_MARKET: '#26a69a', STOP_MARKET: '#ef5350' };
/** While the account stream is down, everything is re-read this often instead. */
const FALLBACK_POLL_MS = 5_000;

type Fill = { side: 'BUY' | 'SELL'; quantity: number; time: number };
type ClosedTrade = { side: 'LONG' | 'SHORT'; exit_time: number; net_pnl: number; r_multiple: number | null };

/**
 * A backtest's trade studied in a practice session on its market: its fills and its result, marked
 * as the session's own are (a re-watch's way) once the session's clock has reached them.
 */
export interface Study {
  session: string;
  clock: () => number | null;
  fills: readonly Fill[];
  trades: readonly ClosedTrade[];
}

function lineOf(o: Order): ChartLine | null {
  const price = o.price ?? o.stop_price;
  if (price === null) return null;
  const remaining = o.quantity - o.filled_quantity;
  const name = o.type === 'TAKE_PROFIT_MARKET' ? 'TP' : o.type === 'STOP_MARKET' ? (o.reduce_only ? 'SL' : 'STOP') : 'LMT';
  return { id: o.order_id, price, color: LINE_COLOR[o.type] ?? '#c0c6d4', title: `${name} ${o.side} ${remaining}`, dashed: true, draggable: true };
}

/**
 * Positions, orders, statistics and risk. Everything is read over REST after every action and
 * when the account stream (re)connects; positions then follow the stream's `position` messages
 * (of the charted symbol and every symbol with an open position), and a message from a fill (size
 * or realized PnL changed) re-reads orders, statistics and risk — a fill may have filled or
 * canceled orders. While the stream is down, a slow poll re-reads
 * everything instead. The chart shows the charted symbol's entry line, its orders (take-profit /
 * stop-loss included) and markers at its fills.
 */
export class Account {
  positions: Position[] = [];
  orders: Order[] = [];
  private recent: Order[] = [];
  private markersKey = '';
  /** A practice session's fills (a re-watch's are the original's): its markers; null on the live market. */
  private fills: Fill[] | null = null;
  /** …and its closed trades (a re-watch: the original's journal up to the clock), marked at their exits with their result. */
  private trades: ClosedTrade[] | null = null;
  /** A backtest's trade opened in a practice session: marked on that session's chart as its clock reaches it. */
  private study: Study | null = null;
  private running: Promise<void> | null = null;
  /** A run asked for while one runs: null none, else whether it re-reads positions too. */
  private again: boolean | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  /** The last position message per position, numbered: a REST read older than one yields to it. */
  private streamed = new Map<string, Streamed>();
  private seq = 0;

  constructor(
    private readonly chart: TradingChart,
    private readonly panel: PositionsPanel,
    private readonly cancel: (o: Order) => void,
    private readonly failed: (err: unknown) => void,
    /** The list of positions changed (the account stream follows their symbols). */
    private readonly positionsChanged: () => void = () => {},
  ) {
    this.streaming(false);
  }

  /** Re-reads everything; calls made while one runs are folded into one more run. */
  refresh(): Promise<void> {
    return this.schedule(true);
  }

  /** Marks a backtest's trade on the chart of its practice session (null: none); see Study. */
  studyTrade(s: Study | null): void {
    this.study = s;
  }

  /** The account stream's socket opened (its messages keep positions current) or went down (the poll does). */
  streaming(open: boolean): void {
    metrics.accountSocket = open ? 'open' : 'closed';
    if (open) {
      if (this.poll) clearInterval(this.poll);
      this.poll = null;
      void this.refresh(); // what happened while it was down
    } else if (!this.poll) {
      this.poll = setInterval(() => {
        if (!document.hidden) void this.refresh();
      }, FALLBACK_POLL_MS);
    }
  }

  /** A `position` message: its row at once, and after a fill the orders, statistics and risk. */
  applyPosition(p: Position): void {
    const fill = isFill(this.positions, p);
    this.streamed.set(`${p.mode}|${p.exchange}|${p.symbol}`, { seq: ++this.seq, p });
    this.positions = withPosition(this.positions, p);
    this.panel.apply(p);
    this.positionsChanged();
    this.drawLines();
    metrics.positionMessages++;
    if (fill) void this.schedule(false);
  }

  private schedule(positions: boolean): Promise<void> {
    if (this.running) {
      this.again = (this.again ?? false) || positions;
      return this.running;
    }
    this.running = this.load(positions)
      .catch(this.failed)
      .finally(() => {
        this.running = null;
        const again = this.again;
        this.again = null;
        if (again !== null) void this.schedule(again);
      });
    return this.running;
  }

  private async load(withPositions: boolean): Promise<void> {
    const { exchange, symbol, mode } = session.get();
    const asked = this.seq;
    const [read, orders, stats, risk, recent, fills, trades] = await Promise.all([
      withPositions ? api.positions(mode) : null,
      api.openOrders(),
      api.stats(),
      api.risk(),
      api.recentOrders(exchange, symbol),
      api.sessionFills(),
      api.sessionTrades(),
    ]);
    this.fills = fills;
    this.trades = trades;
    await instruments.load([...(read ?? []), ...orders].map((x) => x.exchange));
    if (read) {
      const positions = overlay(read, this.streamed.values(), asked);
      this.positions = positions;
      this.panel.render(positions);
      this.positionsChanged();
    }
    this.orders = orders;
    this.recent = recent;
    renderOrders(orders, this.cancel, tickOf, (ms) => this.chart.timeText(ms));
    renderStats(stats);
    renderRisk(risk);
    this.drawLines();
    this.drawMarkers();
  }

  private drawLines(): void {
    const { exchange, symbol, mode } = session.get();
    const lines: ChartLine[] = [];
    const p = this.positions.find((x) => x.mode === mode && x.exchange === exchange && x.symbol === symbol && x.side !== 'FLAT');
    if (p) lines.push({ id: 'entry', price: p.entry_price, color: ENTRY, title: `${p.side} ${p.quantity}` });
    for (const o of this.orders) {
      const l = o.exchange === exchange && o.symbol === symbol ? lineOf(o) : null;
      if (l) lines.push(l);
    }
    this.chart.setLines(lines);
  }

  private drawMarkers(): void {
    const { interval } = session.get();
    // The studied trade's marks up to the session's clock (a mark past the last bar would stand on it).
    const study = this.study?.session === replayTarget() ? this.study : null;
    const clock = study?.clock() ?? -Infinity;
    const fills = this.fills && [...this.fills, ...(study?.fills.filter((f) => f.time <= clock) ?? [])];
    const trades = this.trades && [...this.trades, ...(study?.trades.filter((t) => t.exit_time <= clock) ?? [])];
    const markers: ChartMarker[] = fills
      ? [
          ...fills.map((f) => ({ time: bucketStart(f.time, interval), side: f.side, text: `${f.side === 'BUY' ? 'B' : 'S'} ${f.quantity}` })),
          ...(trades ?? []).map((t) => ({ time: bucketStart(t.exit_time, interval), side: t.side === 'LONG' ? ('SELL' as const) : ('BUY' as const), text: tradeResultLabel(t.net_pnl, t.r_multiple) })),
        ]
      : this.recent
          .filter((o) => o.filled_quantity > 0 && o.avg_price !== null)
          .map((o) => ({ time: bucketStart(o.updated_at, interval), side: o.side, text: `${o.side === 'BUY' ? 'B' : 'S'} ${o.filled_quantity}` }));
    // The same markers again (a playing session's account is re-read every second): no redraw.
    const key = JSON.stringify(markers);
    if (key === this.markersKey) return;
    this.markersKey = key;
    this.chart.setMarkers(markers);
  }
}
