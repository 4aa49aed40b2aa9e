import './backtest.css';
import { showError } from '../actions.js';
import type { BacktestTrade } from '../core/backtest-format.js';
import { backtestText, type BacktestKey } from '../core/i18n-backtest.js';
import { journalText, type JournalKey } from '../core/i18n-journal.js';
import { session } from '../session.js';
import { byId, el } from '../ui/dom.js';
import { backtestApi, followBacktest, type BacktestView, type NewBacktest } from './backtest-api.js';
import { BacktestForm } from './backtest-form.js';
import { BacktestReport, type ReportedRun } from './backtest-report.js';
import { BacktestRuns } from './backtest-runs.js';

/** A label of the dock: its own words, or the review's where it shows the same thing. */
/** How often an open dock reads the list again: runs started elsewhere (another page, the API) appear. */
const RUNS_POLL_MS = 3_000;

const tx = (k: BacktestKey | JournalKey): string => (k.startsWith('bt_') ? backtestText(session.get().lang, k as BacktestKey) : journalText(session.get().lang, k as JournalKey));

/**
 * The backtests dock under the chart (the "Backtests" button of the top bar opens it): the form of
 * a new run (POST /api/backtests) with its live progress (WS /ws/backtests/{id}), the past runs
 * (GET /api/backtests, read again every 3 s while open), and the report of the one picked or just
 * finished. "Open in replay" on a
 * trade is `openTrade`'s (main.ts: a practice session a few bars before its entry).
 */
export class BacktestDock {
  private readonly root = el('section', 'backtest-dock');
  private readonly form = new BacktestForm((b) => this.run(b));
  private readonly runs = new BacktestRuns(tx, (id) => void this.showReport(id));
  private readonly report: BacktestReport;
  private readonly progress = el('progress');
  private readonly progressText = el('span', 'dim');
  private stop: (() => void) | null = null;
  /** The state of the run followed last (its progress shown in the head). */
  private last: Pick<BacktestView, 'id' | 'status' | 'progress'> | null = null;

  constructor(openTrade: (run: ReportedRun, trade: BacktestTrade) => Promise<void>) {
    this.root.id = 'backtests';
    this.root.hidden = true;
    this.report = new BacktestReport(tx, (run, t) => {
      void openTrade(run, t)
        .then(() => this.toggle(false))
        .catch(showError);
    });
    const button = Object.assign(el('button'), { id: 'backtests-open', type: 'button' });
    button.dataset.ib = 'bt_open';
    byId('journal-open').after(button);
    button.addEventListener('click', () => {
      button.blur();
      this.toggle();
    });
    const head = el('div', 'j-head');
    const title = el('span', 'bt-head-title');
    title.dataset.ib = 'bt_title';
    this.progress.id = 'bt-progress';
    this.progress.hidden = true;
    this.progressText.id = 'bt-progress-text';
    const close = Object.assign(el('button', 'mini'), { id: 'bt-close', type: 'button' });
    close.dataset.ib = 'bt_close';
    close.addEventListener('click', () => this.toggle(false));
    head.append(title, this.progress, this.progressText, el('span', 'spacer'), close);
    const side = el('div', 'bt-side');
    side.append(this.form.root, this.runs.root);
    const body = el('div', 'bt-body');
    body.append(side, this.report.root);
    this.root.append(head, body);
    // After the journal's dock: the two docks open one under the other.
    (document.getElementById('journal') ?? document.querySelector('main.layout')!).after(this.root);
    session.on((next, prev) => {
      if (next.lang !== prev.lang) this.texts();
    });
    setInterval(() => {
      if (!this.root.hidden && !document.hidden) backtestApi.list().then((runs) => this.runs.render(runs), showError);
    }, RUNS_POLL_MS);
    this.texts();
  }

  toggle(open = this.root.hidden): void {
    this.root.hidden = !open;
    if (open) void this.refresh();
  }

  private texts(): void {
    for (const e of this.root.querySelectorAll<HTMLElement>('[data-ib]')) e.textContent = tx(e.dataset.ib as BacktestKey | JournalKey);
    byId('backtests-open').textContent = tx('bt_open');
    this.runs.texts();
    this.report.texts();
    this.progressLabel();
  }

  /** The form's choices and the list of runs, read again. */
  private async refresh(): Promise<void> {
    try {
      const [runs] = await Promise.all([backtestApi.list(), this.form.load()]);
      this.runs.render(runs);
      // A run still going (started before the page was opened): its progress is followed again.
      const going = [...runs].reverse().find((b) => b.status === 'queued' || b.status === 'running');
      if (going && !this.stop) this.follow(going.id);
    } catch (err) {
      showError(err);
    }
  }

  private async run(b: NewBacktest): Promise<void> {
    try {
      const job = await backtestApi.submit(b);
      this.runs.update(job);
      this.follow(job.id);
    } catch (err) {
      showError(err);
    }
  }

  /** Shows a run's progress from its stream; when it is done its report is shown. */
  private follow(id: string): void {
    this.stop?.();
    this.progress.hidden = false;
    this.progress.dataset.backtest = id;
    this.state({ id, status: 'queued', progress: null });
    this.stop = followBacktest(
      id,
      (b) => {
        this.runs.update(b);
        this.state(b);
        if (b.status === 'done' || b.status === 'failed') {
          this.stop = null;
          if (b.status === 'done') void this.showReport(b.id);
          else showError(new Error(`${b.id}: ${b.error ?? 'failed'}`));
        }
      },
      (message) => {
        this.stop = null;
        showError(new Error(message));
      },
    );
  }

  private state(b: Pick<BacktestView, 'id' | 'status' | 'progress'>): void {
    this.last = b;
    this.progress.dataset.status = b.status;
    const p = b.progress;
    if (b.status === 'done') {
      this.progress.max = 1;
      this.progress.value = 1;
    } else if (p && p.total > 0) {
      this.progress.max = p.total;
      this.progress.value = p.done;
    } else this.progress.removeAttribute('value'); // indeterminate: queued, or not started its bars yet
    this.progressLabel();
  }

  private progressLabel(): void {
    const b = this.last;
    if (!b) return;
    const p = b.progress;
    const bars = p && p.total > 0 ? ` ${p.done} / ${p.total} ${tx('bt_bars')}` : '';
    this.progressText.textContent = `${b.id} ${tx(`bt_status_${b.status}`)}${bars}`;
  }

  private async showReport(id: string): Promise<void> {
    try {
      const b = await backtestApi.get(id);
      if (b.result) this.report.show({ id: b.id, dataset: String(b.request.dataset), result: b.result });
    } catch (err) {
      showError(err);
    }
  }
}
