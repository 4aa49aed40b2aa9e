import { byId } from './dom.js';
import { t } from './i18n-dom.js';

let asking: Promise<string | null> | null = null;

/**
 * Asks for the API token in the page's own dialog (Enter saves, Escape cancels); null when
 * canceled. Calls that get a 401 together share one dialog. `wrong`: a token was sent and refused.
 */
export function askForToken(wrong: boolean): Promise<string | null> {
  asking ??= new Promise<string | null>((resolve) => {
    const box = byId('token-dialog');
    const input = byId<HTMLInputElement>('token-input');
    const ok = byId<HTMLButtonElement>('token-ok');
    const cancel = byId<HTMLButtonElement>('token-cancel');
    byId('token-text').textContent = t(wrong ? 'token_wrong' : 'token_prompt');
    input.value = '';
    box.hidden = false;
    input.focus();
    const done = (answer: string | null) => {
      box.hidden = true;
      ok.onclick = cancel.onclick = null;
      input.onkeydown = null;
      asking = null;
      resolve(answer);
    };
    const save = () => {
      const v = input.value.trim();
      if (v) done(v);
    };
    input.onkeydown = (e) => {
      if (e.key === 'Enter' || e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'Enter') save();
        else done(null);
      }
    };
    ok.onclick = save;
    cancel.onclick = () => done(null);
  });
  return asking;
}
