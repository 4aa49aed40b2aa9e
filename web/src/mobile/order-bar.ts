import type { Actions } from '../actions.js';
import type { Ticket } from '../ticket.js';
import { byId } from '../ui/dom.js';

/**
 * The phone's one-tap order bar at the bottom of the screen (shown by mobile.css on narrow
 * screens only): SELL at the bid, BUY at the ask (the ticket writes their prices), FLATTEN, and
 * the size — the ticket's own quantity, stepped through its presets with − / +. A tap does what the B / S / F hotkeys do: the
 * ticket's order (a market order unless the ticket says otherwise, with its take-profit and
 * stop-loss) in the ticket's size.
 */
export class OrderBar {
  constructor(ticket: Ticket, actions: Actions) {
    const qty = byId<HTMLInputElement>('ob-qty');
    ticket.onQuantity((text) => {
      if (qty.value !== text) qty.value = text;
    });
    qty.addEventListener('input', () => ticket.typeQuantity(qty.value));
    const tap = (id: string, fn: () => void) =>
      byId(id).addEventListener('click', (e) => {
        (e.currentTarget as HTMLElement).blur();
        fn();
      });
    tap('ob-less', () => ticket.stepQuantity(-1));
    tap('ob-more', () => ticket.stepQuantity(1));
    tap('ob-buy', () => void actions.submit('BUY'));
    tap('ob-sell', () => void actions.submit('SELL'));
    tap('ob-flatten', () => void actions.flatten());
  }
}
