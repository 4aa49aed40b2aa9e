import type { Position } from '../core/api-types.js';
import { fmtNum, fmtSigned, tone } from '../core/format.js';
import { unrealizedPnl } from '../core/pnl.js';
import { byId, el } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';

const key = (exchange: string, symbol: string) => `${exchange}:${symbol}`;

/**
 * Open positions. Size, entry and realized PnL come from the server; the mark and unrealized PnL
 * of the charted symbol move with every tick of the stream (computed here from entry and size).
 */
export class PositionsPanel {
  private rows = new Map<string, { p: Position; mark: HTMLElement; upnl: HTMLElement }>();

  constructor(private readonly onClose: (p: Position) => void) {}

  render(list: readonly Position[]): void {
    const body = byId('positions').querySelector('tbody')!;
    const open = list.filter((p) => p.side !== 'FLAT' && p.quantity > 0);
    const marks = new Map([...this.rows].map(([k, r]) => [k, r.mark.dataset.value]));
    this.rows.clear();
    body.replaceChildren(
      ...open.map((p) => {
        const tr = el('tr');
        tr.dataset.symbol = p.symbol;
        tr.dataset.exchange = p.exchange;
        const side = el('td', p.side === 'LONG' ? 'pos' : 'neg', p.side);
        const mark = el('td', 'n mark');
        const upnl = el('td', 'n upnl');
        const realized = el('td', `n ${tone(p.realized_pnl)}`, fmtSigned(p.realized_pnl));
        const close = el('button', 'mini', t('close_position'));
        close.addEventListener('click', () => this.onClose(p));
        const action = el('td');
        action.append(close);
        tr.append(el('td', 'sym', `${p.symbol} `), side, el('td', 'n', String(p.quantity)), el('td', 'n', fmtNum(p.entry_price, 2)), mark, upnl, realized, action);
        tr.firstElementChild!.append(el('small', 'ex', p.exchange));
        const row = { p, mark, upnl };
        this.rows.set(key(p.exchange, p.symbol), row);
        const kept = Number(marks.get(key(p.exchange, p.symbol)));
        this.setMark(row, Number.isFinite(kept) && kept > 0 ? kept : p.mark_price);
        return tr;
      }),
    );
    byId('positions-empty').hidden = open.length > 0;
  }

  /** The live mark of one symbol: its row's mark and unrealized PnL follow it. */
  mark(exchange: string, symbol: string, price: number): void {
    const row = this.rows.get(key(exchange, symbol));
    if (row) this.setMark(row, price);
  }

  position(exchange: string, symbol: string): Position | null {
    return this.rows.get(key(exchange, symbol))?.p ?? null;
  }

  private setMark(row: { p: Position; mark: HTMLElement; upnl: HTMLElement }, price: number | null): void {
    if (price === null) return;
    row.mark.dataset.value = String(price);
    row.mark.textContent = fmtNum(price, 2);
    const u = unrealizedPnl(row.p.side, row.p.quantity, row.p.entry_price, price);
    row.upnl.textContent = fmtSigned(u);
    row.upnl.dataset.value = String(u);
    row.upnl.className = `n upnl ${tone(u)}`;
  }
}
