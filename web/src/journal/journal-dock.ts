import './journal.css';
import { journalText, type JournalKey } from '../core/i18n-journal.js';
import { tickOf } from '../instruments.js';
import type { ReplaySessionInfo } from '../replay/replay-api.js';
import { session } from '../session.js';
import { byId, el } from '../ui/dom.js';
import { journalApi, type JournalScope } from './journal-api.js';
import { EDIT_COLUMNS, JournalTable, READ_COLUMNS } from './journal-table.js';
import { ReviewPanel } from './review-panel.js';
import { showError } from '../actions.js';

const tj = (k: JournalKey) => journalText(session.get().lang, k);
/** How often an open dock reads the journal again: trades close on the session's ticks or the live market's. */
export const JOURNAL_POLL_MS = 1_500;

/**
 * The journal dock under the chart (the "Journal" button of the top bar opens it): the closed trades
 * of the charted practice session — or of the live account's journal in the page's mode when none
 * is charted — with inline editing, and the review tab. While open it re-reads the journal every
 * 1.5 s, so a trade that closes (a fill, a stop on a replayed tick) appears without a click.
 */
export class JournalDock {
  private readonly root = el('section', 'journal-dock');
  private readonly table: JournalTable;
  private readonly review = new ReviewPanel();
  private readonly journalPane = el('div', 'j-pane');
  private readonly emptyNote = el('p', 'empty');
  private readonly openNote = el('span', 'dim');
  private tab: 'journal' | 'review' = 'journal';
  private scopeKey = '';
  private busy = false;

  constructor(private readonly charted: () => ReplaySessionInfo | null) {
    this.root.id = 'journal';
    this.root.hidden = true;
    const button = Object.assign(el('button'), { id: 'journal-open', type: 'button' });
    button.dataset.ij = 'journal';
    byId('practice-open').after(button);
    button.addEventListener('click', () => {
      button.blur();
      this.toggle();
    });

    const head = el('div', 'j-head');
    const tabs = el('div', 'seg');
    for (const [id, key] of [['journal', 'journal_title'], ['review', 'review_title']] as const) {
      const b = Object.assign(el('button'), { id: `j-tab-${id}`, type: 'button' });
      b.dataset.ij = key;
      b.dataset.tab = id;
      b.addEventListener('click', () => {
        b.blur();
        this.show(id);
      });
      tabs.append(b);
    }
    const close = Object.assign(el('button', 'mini'), { id: 'j-close', type: 'button' });
    close.dataset.ij = 'close';
    close.addEventListener('click', () => this.toggle(false));
    this.openNote.id = 'j-open-trades';
    head.append(tabs, this.openNote, el('span', 'spacer'), close);

    const grid = el('table', 'grid j-table');
    grid.id = 'journal-table';
    const hr = el('tr');
    for (const [k, cls] of [...READ_COLUMNS, ...EDIT_COLUMNS.map((k) => [k, 'j-edit'] as const)]) {
      const th = el('th', cls || undefined);
      th.dataset.ij = k;
      hr.append(th);
    }
    const thead = el('thead');
    thead.append(hr);
    const tbody = el('tbody');
    grid.append(thead, tbody);
    this.emptyNote.id = 'journal-empty';
    this.emptyNote.dataset.ij = 'no_trades';
    this.journalPane.append(grid, this.emptyNote);
    this.table = new JournalTable(tbody, (id, patch) => journalApi.annotate(this.scope(), id, patch), tickOf, () => tj('hint_labels'));

    this.root.append(head, this.journalPane, this.review.root);
    document.querySelector('main.layout')!.after(this.root);
    session.on((next, prev) => {
      if (next.lang !== prev.lang) this.texts();
      if (next.mode !== prev.mode && !this.root.hidden) void this.refresh();
    });
    setInterval(() => {
      if (!this.root.hidden && !document.hidden) void this.refresh();
    }, JOURNAL_POLL_MS);
    this.show('journal');
  }

  toggle(open = this.root.hidden): void {
    this.root.hidden = !open;
    if (open) void this.refresh();
  }

  private show(tab: 'journal' | 'review'): void {
    this.tab = tab;
    this.root.dataset.tab = tab;
    this.journalPane.hidden = tab !== 'journal';
    this.review.root.hidden = tab !== 'review';
    for (const b of this.root.querySelectorAll<HTMLElement>('[data-tab]')) b.classList.toggle('on', b.dataset.tab === tab);
    this.texts();
    if (!this.root.hidden) void this.refresh();
  }

  private scope(): JournalScope {
    const s = this.charted();
    return s ? { session: s.session_id } : { live: true };
  }

  /** A blind session's start: its trades' times are shown from it. */
  private origin(): number | null {
    const s = this.charted();
    return s?.blind ? s.clock - s.elapsed_ms : null;
  }

  private texts(): void {
    for (const e of this.root.querySelectorAll<HTMLElement>('[data-ij]')) e.textContent = tj(e.dataset.ij as JournalKey);
    byId('journal-open').textContent = tj('journal');
    this.table.texts();
    this.review.texts();
  }

  /** Reads what the open tab shows (one read at a time). */
  async refresh(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const scope = this.scope();
      const key = JSON.stringify([scope, session.get().mode]);
      if (key !== this.scopeKey) {
        this.scopeKey = key;
        this.table.clear();
      }
      this.review.setTarget({ scope, origin: this.origin() });
      if (this.tab === 'review') return await this.review.refresh();
      const r = await journalApi.list(scope, 'live' in scope ? { mode: session.get().mode } : {});
      if (JSON.stringify([this.scope(), session.get().mode]) !== key) return; // switched meanwhile
      this.table.render(r.trades, this.origin());
      this.emptyNote.hidden = r.trades.length > 0;
      this.openNote.textContent = r.open_trades ? `${r.open_trades} ${tj('open_positions')}` : '';
      this.openNote.dataset.value = String(r.open_trades);
    } catch (err) {
      showError(err);
    } finally {
      this.busy = false;
    }
  }
}
