import { BACKTEST_FIGURES, backtestCurve, figureValue, type BacktestResult, type BacktestTrade } from '../core/backtest-format.js';
import { fmtNum, tone } from '../core/format.js';
import type { BacktestKey } from '../core/i18n-backtest.js';
import type { JournalKey } from '../core/i18n-journal.js';
import { fmtDuration, fmtFigure, tradeTime } from '../core/journal-format.js';
import { EquityChart } from '../journal/equity-chart.js';
import { el } from '../ui/dom.js';

type Text = (k: BacktestKey | JournalKey) => string;

/** A finished run: its id, the dataset it ran over and its result. */
export interface ReportedRun {
  id: string;
  dataset: string;
  result: BacktestResult;
}

/** The trade list's columns: the journal's names for the same things. */
const COLUMNS: JournalKey[] = ['col_trade', 'col_side', 'col_entry_time', 'col_exit_time', 'col_avg_entry', 'col_avg_exit', 'col_size', 'col_net', 'col_fees', 'col_duration'];
const price = (p: number) => fmtNum(p, 2, 8);

/**
 * The report of a finished backtest: what ran, the figures (written as the review writes its own,
 * each cell's API value in data-value), the equity curve with its drawdown (the review's chart) and
 * every trade, each with "Open in replay".
 */
export class BacktestReport {
  readonly root = el('div', 'bt-report');
  private readonly title = el('p', 'bt-title');
  private readonly figures = el('dl', 'rv-figures bt-figures');
  private readonly chartBox = el('div', 'rv-chart');
  private readonly trades = el('tbody');
  private readonly empty = el('p', 'empty');
  private readonly body = el('div', 'bt-report-body');
  private chart: EquityChart | null = null;
  private shown: ReportedRun | null = null;

  constructor(
    private readonly tx: Text,
    private readonly openTrade: (run: ReportedRun, trade: BacktestTrade) => void,
  ) {
    this.root.id = 'bt-report';
    this.title.id = 'bt-report-title';
    this.figures.id = 'bt-figures';
    this.chartBox.id = 'bt-chart';
    this.empty.id = 'bt-report-empty';
    this.empty.dataset.ib = 'bt_report_empty';
    const chartWrap = el('div', 'rv-chart-wrap');
    chartWrap.append(this.chartBox);
    const top = el('div', 'rv-body bt-top');
    top.append(this.figures, chartWrap);
    const table = el('table', 'grid bt-trades');
    table.id = 'bt-trades';
    const head = el('tr');
    for (const k of COLUMNS) {
      const th = el('th', k.startsWith('col_avg') || k === 'col_size' || k === 'col_net' || k === 'col_fees' ? 'n' : undefined);
      th.dataset.ib = k;
      head.append(th);
    }
    head.append(el('th'));
    const thead = el('thead');
    thead.append(head);
    table.append(thead, this.trades);
    const list = el('div', 'bt-trade-list');
    const caption = el('h2');
    caption.dataset.ib = 'bt_trades';
    list.append(caption, table);
    this.body.append(this.title, top, list);
    this.body.hidden = true;
    this.root.append(this.empty, this.body);
  }

  get id(): string | null {
    return this.shown?.id ?? null;
  }

  show(run: ReportedRun): void {
    this.shown = run;
    const id = run.id;
    this.root.dataset.backtest = id;
    this.empty.hidden = true;
    this.body.hidden = false;
    this.render();
  }

  /** Writes the report again in the current language. */
  texts(): void {
    if (this.shown) this.render();
  }

  private render(): void {
    const run = this.shown!;
    const { id, result: r } = run;
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
    this.title.textContent = `${id} · ${r.strategy} ${params} · ${r.symbol} · ${r.bars} ${this.tx('bt_bars')} · ${tradeTime(r.from, null)} → ${tradeTime(r.to, null)} · ${this.tx('bt_fee_bps')} ${r.fee_bps} · ${this.tx('bt_slippage_bps')} ${r.slippage_bps}`;
    this.figures.replaceChildren(
      ...BACKTEST_FIGURES.flatMap(({ field, kind, key }) => {
        const v = figureValue(r, field);
        const dt = el('dt', undefined, this.tx(key));
        dt.dataset.field = field;
        const dd = el('dd', kind === 'signed' ? tone(v) : undefined, fmtFigure(kind, v));
        dd.dataset.field = field;
        dd.dataset.value = String(v);
        return [dt, dd];
      }),
    );
    const bars = backtestCurve(r.equity_curve);
    this.chartBox.dataset.points = String(bars.length);
    this.chart ??= new EquityChart(this.chartBox);
    this.chart.show(bars, r.starting_cash, { kind: 'utc' }, { equity: this.tx('equity'), drawdown: this.tx('drawdown') });
    this.trades.replaceChildren(...r.trades.map((t) => this.row(run, t)));
    this.trades.dataset.count = String(r.trades.length);
  }

  private row(run: ReportedRun, t: BacktestTrade): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.trade = t.id;
    const open = Object.assign(el('button', 'mini bt-replay', this.tx('bt_open_replay')), { type: 'button' });
    open.addEventListener('click', () => {
      open.blur();
      this.openTrade(run, t);
    });
    const net = el('td', `n ${tone(t.pnl)}`, fmtFigure('signed', t.pnl));
    net.dataset.value = String(t.pnl);
    const action = el('td');
    action.append(open);
    tr.append(
      el('td', 'dim', t.id),
      el('td', t.side === 'LONG' ? 'pos' : 'neg', t.side),
      el('td', undefined, tradeTime(t.entry_time, null)),
      el('td', undefined, tradeTime(t.exit_time, null)),
      el('td', 'n', price(t.entry_price)),
      el('td', 'n', price(t.exit_price)),
      el('td', 'n', String(t.quantity)),
      net,
      el('td', 'n', fmtNum(t.fees, 2)),
      el('td', undefined, fmtDuration(t.exit_time - t.entry_time)),
      action,
    );
    return tr;
  }
}
