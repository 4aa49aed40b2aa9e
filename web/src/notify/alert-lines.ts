import type { ChartLine, TradingChart } from '../chart.js';
import { notifyText } from '../core/i18n-notify.js';
import { roundTo } from '../core/pnl.js';
import { fmtPrice } from '../core/format.js';
import { tickOf } from '../instruments.js';
import { session } from '../session.js';
import { notifyApi, type PriceAlert } from './notify-api.js';

const PREFIX = 'alert:';
const COLOR = '#f0b90b';

/**
 * The price alerts of the charted (exchange, symbol) as dashed lines on the chart (their own line
 * group, beside the account's orders); dragging one moves the alert (PATCH /api/alerts/{id}).
 */
export class AlertLines {
  alerts: PriceAlert[] = [];

  constructor(private readonly chart: TradingChart) {}

  static owns(line: ChartLine): boolean {
    return line.id.startsWith(PREFIX);
  }

  async refresh(): Promise<void> {
    try {
      this.alerts = await notifyApi.alerts();
    } catch {
      return; // shown again on the next refresh
    }
    this.draw();
  }

  draw(): void {
    const { exchange, symbol, lang } = session.get();
    const tick = tickOf(exchange, symbol);
    const lines: ChartLine[] = this.alerts
      .filter((a) => a.exchange === exchange && a.symbol === symbol && (a.armed || a.repeat))
      .map((a) => ({
        id: `${PREFIX}${a.id}`,
        price: a.price,
        color: COLOR,
        dashed: true,
        draggable: true,
        title: `${notifyText(lang, 'alert_line')} ${a.direction === 'above' ? '↑' : '↓'} ${fmtPrice(a.price, tick)}`,
      }));
    this.chart.setLines(lines, 'alerts');
  }

  /** A dragged line: the alert goes to the price under the pointer (at the tick), or back when refused. */
  async moved(line: ChartLine, price: number): Promise<void> {
    const id = Number(line.id.slice(PREFIX.length));
    const { exchange, symbol } = session.get();
    try {
      await notifyApi.moveAlert(id, roundTo(price, tickOf(exchange, symbol) ?? 0));
    } finally {
      await this.refresh();
    }
  }
}
