import { journalText, type JournalKey } from '../core/i18n-journal.js';
import { curveBars, FIGURES, figureKey, fmtFigure } from '../core/journal-format.js';
import { tone } from '../core/format.js';
import { ApiError } from '../api.js';
import { session } from '../session.js';
import { el } from '../ui/dom.js';
import { EquityChart, type CurveAxis } from './equity-chart.js';
import { journalApi, type JournalFilter, type JournalScope, type Review } from './journal-api.js';

const tj = (k: JournalKey) => journalText(session.get().lang, k);
const utc = (v: string): number | undefined => (v ? Date.parse(`${v}Z`) : undefined);

/** What the review is of: the charted ledger (a session or the live account), and whether it is blind. */
export interface ReviewTarget {
  scope: JournalScope;
  /** A blind session's start (times from it, dates hidden), else null. */
  origin: number | null;
}

/**
 * The review: filters (this ledger or every practice session, tag, setup, symbol, exit dates), every
 * figure of GET …/journal/review as the server computed it, and the equity curve with the drawdown
 * underneath. Nothing is computed here; each figure's cell carries the API's value in data-value.
 */
export class ReviewPanel {
  readonly root = el('div', 'review');
  private readonly scope = el('select');
  private readonly inputs = { tag: el('input'), setup: el('input'), symbol: el('input'), from: el('input'), to: el('input') };
  private readonly error = el('p', 'rv-error');
  private readonly figures = el('dl', 'rv-figures');
  private readonly chartBox = el('div', 'rv-chart');
  private readonly empty = el('p', 'empty');
  private chart: EquityChart | null = null;
  private last = '';
  private target: ReviewTarget | null = null;

  constructor() {
    this.scope.id = 'rv-scope';
    this.scope.append(Object.assign(el('option'), { value: 'current' }), Object.assign(el('option'), { value: 'all' }));
    for (const [k, e] of Object.entries(this.inputs)) {
      e.id = `rv-${k}`;
      e.autocomplete = 'off';
      e.spellcheck = false;
      if (k === 'from' || k === 'to') e.type = 'datetime-local';
    }
    const field = (key: JournalKey, e: HTMLElement) => {
      const l = el('label', 'field');
      const name = el('span');
      name.dataset.ij = key;
      l.append(name, e);
      return l;
    };
    const apply = Object.assign(el('button'), { id: 'rv-apply', type: 'button' });
    apply.dataset.ij = 'filter_apply';
    const clear = Object.assign(el('button'), { id: 'rv-clear', type: 'button' });
    clear.dataset.ij = 'filter_clear';
    const filters = el('div', 'rv-filters');
    filters.append(
      field('scope', this.scope),
      field('filter_tag', this.inputs.tag),
      field('filter_setup', this.inputs.setup),
      field('filter_symbol', this.inputs.symbol),
      field('filter_from', this.inputs.from),
      field('filter_to', this.inputs.to),
      apply,
      clear,
    );
    this.error.id = 'rv-error';
    this.error.hidden = true;
    this.figures.id = 'rv-figures';
    this.chartBox.id = 'rv-chart';
    this.empty.id = 'rv-curve-empty';
    this.empty.dataset.ij = 'curve_empty';
    const chartWrap = el('div', 'rv-chart-wrap');
    chartWrap.append(this.chartBox, this.empty);
    const body = el('div', 'rv-body');
    body.append(this.figures, chartWrap);
    this.root.append(filters, this.error, body);
    apply.addEventListener('click', () => void this.refresh(true));
    clear.addEventListener('click', () => {
      for (const e of Object.values(this.inputs)) e.value = '';
      void this.refresh(true);
    });
    this.scope.addEventListener('change', () => void this.refresh(true));
    for (const e of Object.values(this.inputs)) e.addEventListener('keydown', (ev) => ev.key === 'Enter' && void this.refresh(true));
  }

  /** The ledger charted now; the scope's first choice is named after it. */
  setTarget(t: ReviewTarget): void {
    const changed = JSON.stringify(t) !== JSON.stringify(this.target);
    this.target = t;
    if (changed) this.last = '';
    this.texts();
  }

  /** Writes the words of the current language (labels, the scope's choices, the figures' names). */
  texts(): void {
    for (const e of this.root.querySelectorAll<HTMLElement>('[data-ij]')) e.textContent = tj(e.dataset.ij as JournalKey);
    this.scope.options[0]!.textContent = tj(this.target && 'session' in this.target.scope ? 'scope_session' : 'scope_live');
    this.scope.options[1]!.textContent = tj('scope_all');
    const blind = this.target?.origin != null && this.scope.value === 'current';
    for (const e of [this.inputs.from, this.inputs.to]) {
      e.disabled = blind;
      e.title = blind ? tj('dates_hidden') : '';
    }
    for (const dt of this.figures.querySelectorAll<HTMLElement>('dt')) dt.textContent = tj(figureKey(dt.dataset.field!));
  }

  private filter(): JournalFilter {
    const i = this.inputs;
    const all = this.scope.value === 'all';
    const dates = !(this.target?.origin != null && !all);
    const live = this.target !== null && 'live' in this.target.scope && !all;
    return {
      mode: live ? session.get().mode : undefined,
      tag: i.tag.value.trim() || undefined,
      setup: i.setup.value.trim() || undefined,
      symbol: i.symbol.value.trim().toUpperCase() || undefined,
      from: dates ? utc(i.from.value) : undefined,
      to: dates ? utc(i.to.value) : undefined,
    };
  }

  /** Reads the review again; the figures and the curve are redrawn only when the answer changed. */
  async refresh(force = false): Promise<void> {
    const t = this.target;
    if (!t) return;
    this.texts();
    const all = this.scope.value === 'all';
    let r: Review;
    try {
      r = await journalApi.review(all ? 'all' : t.scope, this.filter());
    } catch (err) {
      this.error.hidden = false;
      this.error.textContent = err instanceof ApiError ? `${err.message} (${err.code})` : String(err);
      return;
    }
    this.error.hidden = true;
    const text = JSON.stringify([all, r]);
    if (!force && text === this.last) return;
    this.last = text;
    this.renderFigures(r, all);
    this.renderCurve(r, all ? { kind: 'trade' } : t.origin !== null ? { kind: 'relative', origin: t.origin } : { kind: 'utc' });
  }

  private renderFigures(r: Review, all: boolean): void {
    const list = all ? [...FIGURES, { field: 'sessions', kind: 'count' as const }] : FIGURES;
    this.figures.replaceChildren(
      ...list.flatMap(({ field, kind }) => {
        const v = r[field] as number | null | undefined;
        const dt = el('dt', undefined, tj(figureKey(field)));
        dt.dataset.field = field;
        const dd = el('dd', kind === 'signed' || kind === 'r' ? tone(v) : undefined, fmtFigure(kind, v));
        dd.dataset.field = field;
        dd.dataset.value = String(v ?? null);
        return [dt, dd];
      }),
    );
  }

  private renderCurve(r: Review, axis: CurveAxis): void {
    const bars = curveBars(r.equity_curve, axis.kind === 'trade');
    this.empty.hidden = bars.length > 0;
    this.chartBox.hidden = bars.length === 0;
    this.chartBox.dataset.points = String(bars.length);
    if (!bars.length) return;
    this.chart ??= new EquityChart(this.chartBox);
    this.chart.show(bars, r.starting_equity, axis, { equity: tj('equity'), drawdown: tj('drawdown') });
  }
}
