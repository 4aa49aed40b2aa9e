import { fmtFigure } from '../core/journal-format.js';
import { tone } from '../core/format.js';
import type { BacktestKey } from '../core/i18n-backtest.js';
import { el } from '../ui/dom.js';
import type { BacktestView } from './backtest-api.js';

type Text = (k: BacktestKey) => string;

const COLUMNS: BacktestKey[] = ['bt_col_id', 'bt_col_strategy', 'bt_col_status', 'bt_col_trades', 'bt_col_net'];

/**
 * The list of past runs (GET /api/backtests), newest first: what ran on what (the dataset and the
 * parameters in its tooltip), its state (a running one's progress), its trades and net result, and a
 * button that shows its report.
 */
export class BacktestRuns {
  readonly root = el('div', 'bt-runs');
  private readonly body = el('tbody');
  private readonly empty = el('p', 'empty');
  private runs: BacktestView[] = [];

  constructor(
    private readonly tx: Text,
    private readonly show: (id: string) => void,
  ) {
    const table = el('table', 'grid bt-runs-table');
    table.id = 'bt-runs';
    const head = el('tr');
    for (const k of [...COLUMNS, null]) {
      const th = el('th');
      if (k) th.dataset.ib = k;
      head.append(th);
    }
    const thead = el('thead');
    thead.append(head);
    table.append(thead, this.body);
    this.empty.id = 'bt-runs-empty';
    this.empty.dataset.ib = 'bt_no_runs';
    const title = el('h2');
    title.dataset.ib = 'bt_runs';
    this.root.append(title, table, this.empty);
  }

  /** The rows as drawn last: the same list again (a poll) draws nothing. */
  private drawn = '';

  render(runs: readonly BacktestView[], force = false): void {
    const key = JSON.stringify(runs);
    if (key === this.drawn && !force) return;
    this.drawn = key;
    this.runs = [...runs];
    this.empty.hidden = runs.length > 0;
    this.body.replaceChildren(...[...runs].reverse().map((b) => this.row(b)));
  }

  /** A run's new state (from its stream): its row only. */
  update(b: BacktestView): void {
    const i = this.runs.findIndex((x) => x.id === b.id);
    if (i < 0) this.runs.push(b);
    else this.runs[i] = b;
    this.render(this.runs);
  }

  /** Redraws the rows in the current language. */
  texts(): void {
    this.render(this.runs, true);
  }

  private row(b: BacktestView): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.backtest = b.id;
    tr.dataset.status = b.status;
    const r = b.request;
    const status = this.tx(`bt_status_${b.status}`) + (b.progress && b.progress.total > 0 ? ` ${Math.floor((b.progress.done / b.progress.total) * 100)}%` : '');
    const s = b.summary;
    const what = el('td', undefined, r.strategy ?? '');
    what.append(el('span', 'dim bt-market', `${r.symbol ?? ''} ${r.interval ?? ''}`));
    what.title = `${r.dataset ?? ''} ${Object.entries(r.params ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}`;
    const cells = [
      el('td', 'dim', b.id),
      what,
      el('td', 'bt-status', status),
      el('td', 'n', s ? String(s.trade_count) : ''),
      el('td', `n ${tone(s?.net_pnl)}`, s ? fmtFigure('signed', s.net_pnl) : ''),
      el('td'),
    ];
    if (b.error) cells[2]!.title = b.error;
    if (b.status === 'done') {
      const show = Object.assign(el('button', 'mini bt-show', this.tx('bt_show')), { type: 'button' });
      show.addEventListener('click', () => this.show(b.id));
      cells[5]!.append(show);
    }
    tr.append(...cells);
    return tr;
  }
}
