import { HOTKEYS } from '../core/hotkeys.js';
import type { TextKey } from '../core/i18n.js';
import { byId, el } from './dom.js';
import { t } from './i18n-dom.js';

const ARROWS: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowRight: '→', ArrowLeft: '←' };
const label = (k: string): string =>
  k === ' ' ? 'Space' : k.startsWith('Shift+') ? `Shift+${label(k.slice(6))}` : (ARROWS[k] ?? (k.length === 1 ? k.toUpperCase() : k));

/** The hotkey overlay ("?"), written from the same table the keyboard handler uses. */
export function renderHelp(): void {
  const table = byId('help-keys');
  table.replaceChildren(
    ...HOTKEYS.map((h) => {
      const tr = el('tr');
      const keys = el('td');
      keys.append(...h.keys.map((k) => el('kbd', undefined, label(k))));
      tr.append(keys, el('td', undefined, t(`key_${h.action}` as TextKey)));
      return tr;
    }),
  );
}

export const toggleHelp = (show = byId('help').hidden): void => {
  if (show) renderHelp();
  byId('help').hidden = !show;
};
