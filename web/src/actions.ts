import type { Order, OrderRequest, Position, Side, SymbolInfo } from './core/api-types.js';
import { fmtPrice } from './core/format.js';
import { roundTo } from './core/pnl.js';
import type { Account } from './account.js';
import { api, ApiError } from './api.js';
import type { ChartLine } from './chart.js';
import { session } from './session.js';
import type { Ticket } from './ticket.js';
import { t } from './ui/i18n-dom.js';
import { confirmDialog } from './ui/modal.js';
import { toast } from './ui/toast.js';

/** Shows a failure with the server's own code and message. */
export function showError(err: unknown): void {
  if (err instanceof ApiError) toast(err.message, 'error', err.code === 'NETWORK' ? undefined : err.code);
  else toast(err instanceof Error ? err.message : String(err));
}

/**
 * Every trading action of the page (buttons, hotkeys, the chart's lines). Each one is followed by a
 * refresh of positions, orders and statistics; a refusal shows the server's message.
 */
export class Actions {
  constructor(
    private readonly ticket: Ticket,
    private readonly account: Account,
    private readonly info: () => SymbolInfo | null,
  ) {}

  submit(side: Side): Promise<void> {
    const { exchange, symbol } = session.get();
    const o = this.ticket.request(side, exchange, symbol);
    if (typeof o === 'string') {
      toast(o);
      return Promise.resolve();
    }
    return this.place(o);
  }

  flatten(): Promise<void> {
    const { exchange, symbol } = session.get();
    return this.run(`${t('flatten')} ${symbol}?`, () => api.closePosition(exchange, symbol));
  }

  reverse(): Promise<void> {
    const { exchange, symbol, mode } = session.get();
    const p = this.account.positions.find((x) => x.mode === mode && x.exchange === exchange && x.symbol === symbol && x.side !== 'FLAT');
    if (!p) {
      toast(t('nothing_to_flatten'));
      return Promise.resolve();
    }
    const quantity = roundTo(p.quantity * 2, this.info()?.step_size ?? 0);
    return this.place({ exchange, symbol, side: p.side === 'LONG' ? 'SELL' : 'BUY', type: 'MARKET', quantity });
  }

  cancelAll(): Promise<void> {
    const { exchange, symbol } = session.get();
    const mine = this.account.orders.filter((o) => o.exchange === exchange && o.symbol === symbol);
    return this.run(null, () => Promise.all(mine.map((o) => api.cancelOrder(o))));
  }

  cancel(o: Order): Promise<void> {
    return this.run(null, () => api.cancelOrder(o));
  }

  close(p: Position): Promise<void> {
    return this.run(`${t('flatten')} ${p.symbol}?`, () => api.closePosition(p.exchange, p.symbol));
  }

  /**
   * A dragged line: the server has no amend route, so the order is canceled and placed again at
   * the new price (same side, type, remaining quantity, reduce-only flag). A take-profit or
   * stop-loss placed again is a plain reduce-only order: it no longer cancels its sibling, but
   * reduce-only orders are canceled when the position goes flat. When the new price is refused,
   * the order is placed again at its old price (a stop-loss must not silently vanish); when even
   * that fails, a warning stays until clicked.
   */
  moveOrder(line: ChartLine, price: number): Promise<void> {
    const o = this.account.orders.find((x) => x.order_id === line.id);
    if (!o) return this.account.refresh();
    const tick = this.info()?.tick_size;
    const at = roundTo(price, tick ?? 0);
    const was = (o.type === 'LIMIT' ? o.price : o.stop_price) ?? line.price;
    const requestAt = (p: number): OrderRequest => ({
      exchange: o.exchange,
      symbol: o.symbol,
      side: o.side,
      type: o.type as OrderRequest['type'],
      quantity: o.quantity - o.filled_quantity,
      ...(o.reduce_only ? { reduce_only: true } : {}),
      ...(o.type === 'LIMIT' ? { price: p } : { stop_price: p }),
    });
    const shown = fmtPrice(at, tick);
    return this.run(`${o.side} ${o.type} → ${shown}?`, async () => {
      await api.cancelOrder(o);
      try {
        await api.placeOrder(requestAt(at));
      } catch (refused) {
        showError(refused);
        const old = `${o.side} ${o.type} @ ${fmtPrice(was, tick)}`;
        try {
          await api.placeOrder(requestAt(was));
          toast(`${t('order_kept')} ${old}`, 'info');
        } catch (err) {
          const e = err instanceof ApiError ? err : null;
          toast(`${t(o.reduce_only ? 'exit_lost' : 'order_lost')} (${old}): ${e?.message ?? String(err)}`, 'error', e?.code, true);
        }
        return;
      }
      toast(`${t('moved_order')} ${shown}`, 'info');
    });
  }

  private place(o: OrderRequest): Promise<void> {
    const what = `${o.side} ${o.quantity} ${o.symbol} ${o.type}${o.price ? ` @ ${o.price}` : o.stop_price ? ` @ ${o.stop_price}` : ''}`;
    return this.run(what, () => api.placeOrder(o));
  }

  /** Runs one action (asking first in live mode when the setting is on), then refreshes. */
  private async run(question: string | null, act: () => Promise<unknown>): Promise<void> {
    const s = session.get();
    if (question && s.mode === 'live_trading' && s.confirmLive && !(await confirmDialog(`${t('confirm_order')}\n${question}`))) return;
    try {
      await act();
    } catch (err) {
      showError(err);
    } finally {
      await this.account.refresh();
    }
  }
}
