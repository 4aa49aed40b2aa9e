import type { BacktestKey } from '../core/i18n-backtest.js';
import { replayApi, type Dataset } from '../replay/replay-api.js';
import { el } from '../ui/dom.js';
import { backtestApi, type NewBacktest, type StrategyInfo } from './backtest-api.js';

/** `YYYY-MM-DDTHH:MM` of a datetime-local field, in UTC. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const utc = (v: string): number | undefined => (v ? Date.parse(`${v}Z`) : undefined);
/** A number typed (thousands commas allowed); an empty field is NaN, sent as null: the server says it is missing. */
const num = (e: HTMLInputElement) => {
  const v = e.value.trim().replace(/,/g, '');
  return v === '' ? Number.NaN : Number(v);
};

/**
 * The form of a new backtest: a dataset (GET /api/datasets; its span fills from/to), a built-in
 * strategy (GET /api/backtests/strategies) with a field for each of its parameters at its default,
 * fee and slippage in basis points, and the starting cash. The server checks every value; its
 * refusal is shown as any other.
 */
export class BacktestForm {
  readonly root = el('form', 'bt-form');
  private readonly dataset = el('select');
  private readonly strategy = el('select');
  private readonly params = el('div', 'bt-params');
  private readonly fee = el('input');
  private readonly slippage = el('input');
  private readonly from = el('input');
  private readonly to = el('input');
  private readonly cash = el('input');
  private datasets: Dataset[] = [];
  private strategies: StrategyInfo[] = [];

  constructor(private readonly submit: (b: NewBacktest) => Promise<void>) {
    this.root.id = 'bt-form';
    this.root.noValidate = true; // the server says what is wrong, in the page's language of errors
    const ids: [HTMLElement, string][] = [[this.dataset, 'dataset'], [this.strategy, 'strategy'], [this.fee, 'fee'], [this.slippage, 'slippage'], [this.from, 'from'], [this.to, 'to'], [this.cash, 'cash']];
    for (const [e, id] of ids) e.id = `bt-${id}`;
    for (const e of [this.fee, this.slippage, this.cash]) e.inputMode = 'decimal';
    for (const e of [this.from, this.to]) e.type = 'datetime-local';
    this.fee.value = '4';
    this.slippage.value = '0';
    this.cash.value = '10000';
    this.params.id = 'bt-params';
    const run = Object.assign(el('button', 'buy'), { id: 'bt-run', type: 'submit' });
    run.dataset.ib = 'bt_run';
    this.root.append(
      field('bt_dataset', this.dataset),
      field('bt_strategy', this.strategy),
      this.params,
      field('bt_fee_bps', this.fee),
      field('bt_slippage_bps', this.slippage),
      field('bt_from', this.from),
      field('bt_to', this.to),
      field('bt_cash', this.cash),
      run,
    );
    this.dataset.addEventListener('change', () => this.span());
    this.strategy.addEventListener('change', () => this.showParams());
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      run.disabled = true;
      void this.submit(this.body()).finally(() => (run.disabled = false));
    });
  }

  /** Reads the datasets and the strategies (the choices made stay when they still exist). */
  async load(): Promise<void> {
    const [datasets, strategies] = await Promise.all([replayApi.datasets(), backtestApi.strategies()]);
    const keep = (s: HTMLSelectElement) => s.value;
    const [ds, st] = [keep(this.dataset), keep(this.strategy)];
    this.datasets = datasets;
    this.strategies = strategies;
    this.dataset.replaceChildren(...datasets.map((d) => Object.assign(el('option', undefined, `${d.name} (${d.symbol} ${d.interval})`), { value: d.id })));
    this.strategy.replaceChildren(...strategies.map((s) => Object.assign(el('option', undefined, s.name), { value: s.name, title: s.description })));
    if (datasets.some((d) => d.id === ds)) this.dataset.value = ds;
    else this.span();
    if (strategies.some((s) => s.name === st)) this.strategy.value = st;
    else this.showParams();
  }

  /** The chosen dataset's first and last bar in from / to. */
  private span(): void {
    const d = this.datasets.find((x) => x.id === this.dataset.value);
    if (!d) return;
    this.from.value = local(d.first_time);
    this.to.value = local(d.last_time);
  }

  private showParams(): void {
    const s = this.strategies.find((x) => x.name === this.strategy.value);
    this.strategy.title = s?.description ?? '';
    this.params.replaceChildren(
      ...Object.entries(s?.params ?? {}).map(([name, p]) => {
        const input = Object.assign(el('input'), { id: `bt-param-${name}`, value: String(p.default), title: p.description, inputMode: 'decimal' });
        input.dataset.param = name;
        const l = el('label', 'field');
        l.title = p.description;
        l.append(el('span', undefined, name), input);
        return l;
      }),
    );
  }

  private body(): NewBacktest {
    const params = Object.fromEntries([...this.params.querySelectorAll<HTMLInputElement>('input[data-param]')].map((e) => [e.dataset.param!, num(e)]));
    return {
      dataset: this.dataset.value,
      strategy: this.strategy.value,
      params,
      fee_bps: num(this.fee),
      slippage_bps: num(this.slippage),
      from: utc(this.from.value),
      to: utc(this.to.value),
      cash: num(this.cash),
    };
  }
}

function field(key: BacktestKey, e: HTMLElement): HTMLLabelElement {
  const l = el('label', 'field');
  const name = el('span');
  name.dataset.ib = key;
  l.append(name, e);
  return l;
}
