import { byId, el } from './dom.js';

/**
 * A visible message that stays a few seconds: every error from the server is shown with the
 * server's own message, never swallowed. The same text shown twice in a row is not repeated.
 * A `sticky` one stays until clicked.
 */
export function toast(message: string, kind: 'error' | 'info' = 'error', code?: string, sticky = false): void {
  const box = byId('toasts');
  const last = box.lastElementChild as HTMLElement | null;
  if (last?.dataset.text === message) {
    last.dataset.count = String(Number(last.dataset.count ?? '1') + 1);
    return;
  }
  const t = el('div', `toast ${kind}`);
  t.dataset.text = message;
  if (code) t.append(el('b', 'code', code));
  t.append(el('span', 'msg', message));
  t.addEventListener('click', () => t.remove());
  box.append(t);
  while (box.children.length > 4) box.firstElementChild?.remove();
  if (sticky) t.classList.add('sticky');
  else setTimeout(() => t.remove(), kind === 'error' ? 8_000 : 3_000);
}
