import { actionFor, REPLAY_ACTIONS, type HotkeyAction } from './core/hotkeys.js';
import type { Actions } from './actions.js';
import type { Ticket } from './ticket.js';
import { byId, inField } from './ui/dom.js';
import { toggleHelp } from './ui/help.js';
import { modalOpen } from './ui/modal.js';

type ReplayAction = 'playPause' | 'stepBar' | 'stepTick' | 'speedDown' | 'speedUp';
const isReplay = (a: HotkeyAction): a is ReplayAction => REPLAY_ACTIONS.includes(a);

/** Keyboard trading (core/hotkeys.ts has the map; "?" shows it in the page); `replay` gets the practice keys. */
export function bindHotkeys(actions: Actions, ticket: Ticket, lastPrice: () => number | null, replay: (a: ReplayAction) => void): void {
  document.addEventListener('keydown', (e) => {
    if (modalOpen()) return;
    const action = actionFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, repeat: e.repeat, inField: inField(e.target) });
    if (!action) return;
    e.preventDefault();
    if (action === 'close') {
      toggleHelp(false);
      if (e.target instanceof HTMLElement) e.target.blur();
      return;
    }
    if (action === 'help') return toggleHelp();
    if (isReplay(action)) return replay(action);
    if (action === 'qtyUp' || action === 'qtyDown') return ticket.stepQuantity(action === 'qtyUp' ? 1 : -1);
    if (action === 'buy' || action === 'sell') return void actions.submit(action === 'buy' ? 'BUY' : 'SELL');
    if (action === 'flatten') return void actions.flatten();
    if (action === 'cancelAll') return void actions.cancelAll();
    if (action === 'reverse') return void actions.reverse();
  });
  byId('help-open').addEventListener('click', () => toggleHelp());
  byId('help-close').addEventListener('click', () => toggleHelp(false));
  // A limit or stop ticket starts at the last price.
  for (const b of byId('order-type').querySelectorAll<HTMLButtonElement>('button')) {
    b.addEventListener('click', () => {
      const price = byId<HTMLInputElement>('price');
      const last = lastPrice();
      if (ticket.type !== 'MARKET' && price.value === '' && last !== null) price.value = String(last);
      b.blur();
    });
  }
}
