import type { Order } from '../core/api-types.js';
import { fmtPrice, fmtTime } from '../core/format.js';
import type { TickOf } from '../instruments.js';
import { byId, el } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';

const TYPE: Record<string, string> = { LIMIT: 'LIMIT', MARKET: 'MARKET', STOP_MARKET: 'STOP', TAKE_PROFIT_MARKET: 'TP' };

/** The open orders, each with a cancel button; prices at each symbol's tick. */
export function renderOrders(list: readonly Order[], cancel: (o: Order) => void, tickOf: TickOf, timeText: (ms: number) => string = fmtTime): void {
  const body = byId('orders').querySelector('tbody')!;
  body.replaceChildren(
    ...list.map((o) => {
      const tr = el('tr');
      tr.dataset.orderId = o.order_id;
      const price = o.price ?? o.stop_price;
      const b = el('button', 'mini', t('cancel'));
      b.addEventListener('click', () => cancel(o));
      const action = el('td');
      action.append(b);
      const type = `${TYPE[o.type] ?? o.type}${o.reduce_only ? ' · RO' : ''}`;
      tr.append(
        el('td', 'sym', o.symbol),
        el('td', o.side === 'BUY' ? 'pos' : 'neg', o.side),
        el('td', undefined, type),
        el('td', 'n', fmtPrice(price, tickOf(o.exchange, o.symbol))),
        el('td', 'n', `${o.filled_quantity ? `${o.filled_quantity}/` : ''}${o.quantity}`),
        el('td', 'dim', timeText(o.created_at)),
        action,
      );
      return tr;
    }),
  );
  byId('orders-empty').hidden = list.length > 0;
}
