import type { OrderRequest, Side, SymbolInfo } from './core/api-types.js';
import { fmtNum } from './core/format.js';
import { stepPreset } from './core/hotkeys.js';
import { decimalsOf } from './core/pnl.js';
import { quantityPresets } from './core/presets.js';
import type { Quote } from './market.js';
import { byId, el } from './ui/dom.js';
import { t } from './ui/i18n-dom.js';

type TicketType = 'MARKET' | 'LIMIT' | 'STOP_MARKET';

const num = (id: string): number | null => {
  const v = byId<HTMLInputElement>(id).value.trim().replace(/,/g, '');
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
};

/** The order ticket: type, price, quantity with presets, optional take-profit / stop-loss. */
export class Ticket {
  type: TicketType = 'MARKET';
  private presets: number[] = [];
  private info: SymbolInfo | null = null;
  /** The presets were fitted to the symbol's minimum notional at a live price. */
  private fitted = false;
  private readonly quantityWatchers: ((text: string) => void)[] = [];

  constructor() {
    for (const b of byId('order-type').querySelectorAll<HTMLButtonElement>('button')) {
      b.addEventListener('click', () => this.setType(b.dataset.type as TicketType));
    }
    byId('qty').addEventListener('input', () => this.quantityChanged());
  }

  /** `fn(text)` on every change of the quantity (typed, a preset, a step): the phone's order bar shows it. */
  onQuantity(fn: (text: string) => void): void {
    this.quantityWatchers.push(fn);
    fn(byId<HTMLInputElement>('qty').value);
  }

  /** A quantity typed elsewhere (the order bar), kept as typed: request() says when it is not a number. */
  typeQuantity(text: string): void {
    byId<HTMLInputElement>('qty').value = text;
    this.quantityChanged();
  }

  private quantityChanged(): void {
    const text = byId<HTMLInputElement>('qty').value;
    for (const b of byId('presets').querySelectorAll<HTMLButtonElement>('button')) b.classList.toggle('on', Number(b.textContent) === Number(text));
    for (const fn of this.quantityWatchers) fn(text);
  }

  setType(type: TicketType): void {
    this.type = type;
    for (const b of byId('order-type').querySelectorAll<HTMLButtonElement>('button')) b.classList.toggle('on', b.dataset.type === type);
    byId('price-row').hidden = type === 'MARKET';
  }

  /**
   * Another symbol (or exchange): presets are multiples of its minimum quantity (fitted to its
   * minimum notional at the first live price) and the quantity starts at the smallest; the price,
   * take-profit and stop-loss were the last symbol's and are cleared.
   */
  setSymbol(info: SymbolInfo | null): void {
    this.info = info;
    this.fitted = false;
    for (const id of ['price', 'tp', 'sl']) byId<HTMLInputElement>(id).value = '';
    this.showPresets(quantityPresets(info, null));
  }

  private showPresets(presets: number[]): void {
    this.presets = presets;
    const box = byId('presets');
    box.replaceChildren(
      ...this.presets.map((p) => {
        const b = el('button', 'preset', String(p));
        b.addEventListener('click', () => this.setQuantity(p));
        return b;
      }),
    );
    this.setQuantity(this.presets[0]!);
  }

  quantity(): number {
    return num('qty') ?? 0;
  }

  setQuantity(q: number): void {
    byId<HTMLInputElement>('qty').value = String(q);
    this.quantityChanged();
  }

  stepQuantity(dir: 1 | -1): void {
    this.setQuantity(stepPreset(this.presets, this.quantity(), dir));
  }

  setQuote(q: Quote): void {
    if (!this.fitted && this.info) {
      this.fitted = true;
      const fitted = quantityPresets(this.info, q.last);
      if (fitted[0] !== this.presets[0]) this.showPresets(fitted);
    }
    const d = this.info ? decimalsOf(this.info.tick_size) : 2;
    // The ticket's buttons and the phone's order bar (mobile/order-bar.ts) show the same prices.
    for (const id of ['buy-px', 'ob-buy-px']) byId(id).textContent = fmtNum(q.ask, d);
    for (const id of ['sell-px', 'ob-sell-px']) byId(id).textContent = fmtNum(q.bid, d);
  }

  /** The order the ticket describes, or a sentence saying what is missing. */
  request(side: Side, exchange: string, symbol: string): OrderRequest | string {
    for (const [id, key] of [['qty', 'quantity'], ['price', 'price'], ['tp', 'take_profit'], ['sl', 'stop_loss']] as const) {
      if (Number.isNaN(num(id))) return `${t(key)}: "${byId<HTMLInputElement>(id).value}" is not a number`;
    }
    const quantity = this.quantity();
    if (!(quantity > 0)) return t('need_quantity');
    const o: OrderRequest = { exchange, symbol, side, type: this.type, quantity };
    if (this.type !== 'MARKET') {
      const price = num('price');
      if (price === null || !(price > 0)) return t('need_price');
      if (this.type === 'LIMIT') o.price = price;
      else o.stop_price = price;
    }
    const tp = num('tp');
    const sl = num('sl');
    if (tp !== null) o.take_profit = tp;
    if (sl !== null) o.stop_loss = sl;
    return o;
  }
}
