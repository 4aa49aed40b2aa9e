import { byId } from './dom.js';

/** Asks a yes/no question in the page's own dialog (Enter confirms, Escape cancels). */
export function confirmDialog(text: string): Promise<boolean> {
  const box = byId('modal');
  byId('modal-text').textContent = text;
  box.hidden = false;
  const ok = byId<HTMLButtonElement>('modal-ok');
  const cancel = byId<HTMLButtonElement>('modal-cancel');
  ok.focus();
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      box.hidden = true;
      ok.onclick = cancel.onclick = null;
      document.removeEventListener('keydown', onKey, true);
      resolve(answer);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation();
        done(e.key === 'Enter');
      }
    };
    ok.onclick = () => done(true);
    cancel.onclick = () => done(false);
    document.addEventListener('keydown', onKey, true);
  });
}

export const modalOpen = (): boolean => !byId('modal').hidden;
