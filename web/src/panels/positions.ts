import type { Position } from '../core/api-types.js';
import { fmtPrice, fmtSigned, tone } from '../core/format.js';
import { isOpen } from '../core/position-message.js';
import { unrealizedPnl } from '../core/pnl.js';
import type { TickOf } from '../instruments.js';
import { byId, el } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';

/** Positions are kept per mode: the same symbol in two modes is two rows. */
const key = (p: Pick<Position, 'mode' | 'exchange' | 'symbol'>) => `${p.mode}:${p.exchange}:${p.symbol}`;

interface Row {
  p: Position;
  tr: HTMLTableRowElement;
  side: HTMLElement;
  size: HTMLElement;
  entry: HTMLElement;
  mark: HTMLElement;
  upnl: HTMLElement;
  realized: HTMLElement;
  liq: HTMLElement;
  ratio: HTMLElement;
}

/**
 * Open positions, prices at each symbol's tick. The whole list comes from REST reads; a row is
 * then updated in place from each `position` message of WS /ws/multi-symbol (side, size, entry,
 * mark, unrealized and realized PnL; `data-streamed` counts them), and the charted symbol's mark
 * and unrealized PnL also move with every tick of the market stream (computed here from entry and size).
 */
export class PositionsPanel {
  private rows = new Map<string, Row>();

  constructor(
    private readonly onClose: (p: Position) => void,
    private readonly tickOf: TickOf,
  ) {}

  render(list: readonly Position[]): void {
    const marks = new Map([...this.rows].map(([k, r]) => [k, Number(r.mark.dataset.value)]));
    this.rows.clear();
    const open = list.filter(isOpen);
    byId('positions').querySelector('tbody')!.replaceChildren(...open.map((p) => this.add(p, marks.get(key(p))).tr));
    this.empty();
  }

  /** One position as a message carries it: its row is updated, added, or removed once flat. */
  apply(p: Position): void {
    const k = key(p);
    const row = this.rows.get(k);
    if (!isOpen(p)) {
      row?.tr.remove();
      this.rows.delete(k);
    } else if (row) {
      this.fill(row, p);
    } else {
      byId('positions').querySelector('tbody')!.append(this.add(p).tr);
    }
    const now = this.rows.get(k);
    if (now) now.tr.dataset.streamed = String(Number(now.tr.dataset.streamed ?? 0) + 1);
    this.empty();
  }

  /** The live mark of one symbol: its row's mark and unrealized PnL follow it. */
  mark(mode: Position['mode'], exchange: string, symbol: string, price: number): void {
    const row = this.rows.get(key({ mode, exchange, symbol }));
    if (row) this.setMark(row, price, unrealizedPnl(row.p.side, row.p.quantity, row.p.entry_price, price));
  }

  private add(p: Position, keptMark?: number): Row {
    const tr = el('tr');
    tr.dataset.symbol = p.symbol;
    tr.dataset.exchange = p.exchange;
    tr.dataset.mode = p.mode;
    const row: Row = { p, tr, side: el('td'), size: el('td', 'n size'), entry: el('td', 'n entry'), mark: el('td', 'n mark'), upnl: el('td', 'n upnl'), realized: el('td'), liq: el('td', 'n liq'), ratio: el('td', 'n ratio') };
    const close = el('button', 'mini', t('close_position'));
    close.addEventListener('click', () => this.onClose(row.p));
    const action = el('td');
    action.append(close);
    const sym = el('td', 'sym', `${p.symbol} `);
    sym.append(el('small', 'ex', p.exchange));
    tr.append(sym, row.side, row.size, row.entry, row.mark, row.upnl, row.realized, row.liq, row.ratio, action);
    this.rows.set(key(p), row);
    this.fill(row, p);
    // A REST read's mark is older than the last tick the row showed.
    if (keptMark !== undefined && Number.isFinite(keptMark) && keptMark > 0) this.mark(p.mode, p.exchange, p.symbol, keptMark);
    return row;
  }

  private fill(row: Row, p: Position): void {
    row.p = p;
    const tick = this.tickOf(p.exchange, p.symbol);
    row.side.textContent = p.side;
    row.side.className = p.side === 'LONG' ? 'pos' : 'neg';
    row.size.textContent = String(p.quantity);
    row.size.dataset.value = String(p.quantity);
    row.entry.textContent = fmtPrice(p.entry_price, tick, 2);
    row.realized.textContent = fmtSigned(p.realized_pnl);
    row.realized.className = `n realized ${tone(p.realized_pnl)}`;
    row.realized.dataset.value = String(p.realized_pnl);
    if (p.mark_price !== null) this.setMark(row, p.mark_price, p.unrealized_pnl);
    this.fillMargin(row, p, tick);
  }

  /**
   * Liquidation price and margin ratio (perpetuals of a simulated account; blank for spot and live),
   * from REST reads and position messages alike; a message without the fields leaves them as they are.
   */
  private fillMargin(row: Row, p: Position, tick: number | null): void {
    if (p.leverage === undefined) return;
    const perp = p.leverage !== null;
    row.liq.textContent = !perp ? '' : p.liquidation_price == null ? t('liq_none') : fmtPrice(p.liquidation_price, tick);
    row.liq.dataset.value = p.liquidation_price == null ? '' : String(p.liquidation_price);
    const ratio = p.margin_ratio ?? null;
    row.ratio.textContent = ratio === null ? '' : `${(ratio * 100).toFixed(2)} %`;
    row.ratio.dataset.value = ratio === null ? '' : String(ratio);
    // 80 % of the way to liquidation (100 %) is a warning, as the venues colour it.
    row.ratio.className = `n ratio ${ratio !== null && ratio >= 0.8 ? 'neg' : ''}`;
    row.tr.title = perp
      ? t('margin_title')
          .replace('{mode}', p.margin_mode ?? '')
          .replace('{leverage}', String(p.leverage))
          .replace('{im}', String(p.initial_margin ?? ''))
          .replace('{mm}', String(p.maintenance_margin ?? ''))
      : '';
  }

  private setMark(row: Row, price: number, upnl: number): void {
    row.mark.dataset.value = String(price);
    row.mark.textContent = fmtPrice(price, this.tickOf(row.p.exchange, row.p.symbol));
    row.upnl.textContent = fmtSigned(upnl);
    row.upnl.dataset.value = String(upnl);
    row.upnl.className = `n upnl ${tone(upnl)}`;
  }

  private empty(): void {
    byId('positions-empty').hidden = this.rows.size > 0;
  }
}
