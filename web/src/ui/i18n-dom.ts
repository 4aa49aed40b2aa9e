import { translate, type TextKey } from '../core/i18n.js';
import { session } from '../session.js';

/** The current language's text of `key`. */
export const t = (key: TextKey): string => translate(session.get().lang, key);

/** Writes the current language into every [data-i18n] element. */
export function applyLanguage(): void {
  document.documentElement.lang = session.get().lang;
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = t(e.dataset.i18n as TextKey);
}
