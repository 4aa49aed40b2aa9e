import type { TextKey } from '../core/i18n.js';
import { showError } from '../actions.js';
import { byId, el } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';
import { confirmDialog } from '../ui/modal.js';
import { replayApi, type ReplaySessionInfo } from './replay-api.js';
import { clockText } from './clock-text.js';

type Open = (s: ReplaySessionInfo) => Promise<void>;

/**
 * The Practice panel's list of every session: status, clock and name (renamed in place), what it
 * replays (a blind session says only "blind"), and open, re-watch (a finished one), finish and
 * delete (after a confirmation). `changed` is told of a session renamed, finished (its new state) or
 * deleted (null) from here.
 */
export class SessionList {
  constructor(
    private readonly open: Open,
    private readonly changed: (s: ReplaySessionInfo | null, id: string) => void,
  ) {}

  async load(): Promise<void> {
    try {
      this.render(await replayApi.sessions());
    } catch (err) {
      showError(err);
    }
  }

  render(sessions: readonly ReplaySessionInfo[]): void {
    const body = byId('pr-list').querySelector('tbody')!;
    byId('pr-list').hidden = sessions.length === 0;
    body.replaceChildren(...[...sessions].reverse().map((s) => this.row(s)));
  }

  private row(s: ReplaySessionInfo): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.session = s.session_id;
    tr.dataset.status = s.status;
    const name = Object.assign(el('input', 'pr-name'), { value: s.name, maxLength: 100 });
    name.setAttribute('aria-label', t('practice_rename'));
    name.addEventListener('change', () => {
      const v = name.value.trim();
      if (!v) return void (name.value = s.name);
      replayApi.rename(s.session_id, v).then(
        (r) => {
          s.name = name.value = r.name;
          this.changed(r, s.session_id); // the bar shows the new name when it is the open one
        },
        (err: unknown) => {
          name.value = s.name;
          showError(err);
        },
      );
    });
    name.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault(); // not the panel form's submit (a new session)
      name.blur();
    });
    const what = s.blind ? t('practice_blind_short') : `${s.symbol} · ${s.dataset_id ?? ''}`;
    const status = el('td', 'pr-status', t(`practice_status_${s.status}`));
    const kind = s.rewatch_of ? ` · ${t('practice_rewatch_of')} ${s.rewatch_of}` : '';
    const cells = [el('td', 'dim', s.session_id), el('td'), status, el('td', 'pr-clock', clockText(s)), el('td', 'dim', what + kind), el('td', 'pr-actions')];
    cells[1]!.append(name);
    const actions = cells[5]!;
    const button = (key: TextKey, cls: string, run: () => Promise<unknown>) => {
      const b = el('button', cls, t(key));
      b.type = 'button';
      b.addEventListener('click', () => void run().catch(showError));
      actions.append(b);
    };
    button('practice_open', 'pr-open', () => replayApi.get(s.session_id).then(this.open));
    if (s.status === 'finished') button('practice_rewatch', 'pr-rewatch', () => replayApi.rewatch(s.session_id).then(this.open));
    else
      button('practice_finish', 'pr-finish', async () => {
        if (!(await confirmDialog(t('practice_confirm_finish')))) return;
        this.changed(await replayApi.control(s.session_id, { action: 'finish' }), s.session_id);
        await this.load();
      });
    button('practice_delete', 'pr-delete sell', async () => {
      if (!(await confirmDialog(t('practice_confirm_delete')))) return;
      await replayApi.remove(s.session_id);
      this.changed(null, s.session_id);
      await this.load();
    });
    tr.append(...cells);
    return tr;
  }
}
