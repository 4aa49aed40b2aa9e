import { fmtNum, fmtPrice, fmtSigned, tone } from '../core/format.js';
import type { JournalKey } from '../core/i18n-journal.js';
import { fmtDuration, labelsText, parseLabels, tradeTime } from '../core/journal-format.js';
import { ApiError } from '../api.js';
import type { TickOf } from '../instruments.js';
import { el } from '../ui/dom.js';
import type { AnnotationPatch, JournalEntry } from './journal-api.js';

type Field = 'notes' | 'tags' | 'setup' | 'rating' | 'mistakes';
const FIELDS: readonly Field[] = ['notes', 'tags', 'setup', 'rating', 'mistakes'];
type Editor = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The columns, in order: a header key and, for the figures, how a trade's cell is written. */
const READ_ONLY: readonly [JournalKey, string, (t: JournalEntry, c: CellContext) => string][] = [
  ['col_trade', '', (t) => t.trade_id],
  ['col_symbol', '', (t) => t.symbol],
  ['col_side', '', (t) => t.side],
  ['col_size', 'n', (t) => fmtNum(t.entry_quantity, 0, 8)],
  ['col_entry_time', '', (t, c) => tradeTime(t.entry_time, c.origin)],
  ['col_exit_time', '', (t, c) => tradeTime(t.exit_time, c.origin)],
  ['col_avg_entry', 'n', (t, c) => fmtPrice(t.avg_entry_price, c.tickOf(t.exchange, t.symbol), 2)],
  ['col_avg_exit', 'n', (t, c) => fmtPrice(t.avg_exit_price, c.tickOf(t.exchange, t.symbol), 2)],
  ['col_net', 'n', (t) => fmtSigned(t.net_pnl)],
  ['col_fees', 'n', (t) => fmtNum(t.fees, 2, 4)],
  ['col_r', 'n', (t) => (t.r_multiple === null ? '—' : `${fmtSigned(t.r_multiple)}R`)],
  ['col_mae', 'n', (t) => fmtSigned(t.mae)],
  ['col_mfe', 'n', (t) => fmtSigned(t.mfe)],
  ['col_duration', 'n', (t) => fmtDuration(t.duration_ms)],
];
export const EDIT_COLUMNS: readonly JournalKey[] = ['col_notes', 'col_tags', 'col_setup', 'col_rating', 'col_mistakes'];
export const READ_COLUMNS = READ_ONLY.map(([k, cls]) => [k, cls] as const);

interface CellContext {
  /** A blind session's start: times are shown from it. */
  origin: number | null;
  tickOf: TickOf;
}

interface Row {
  trade: JournalEntry;
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  editors: Record<Field, Editor>;
  errorRow: HTMLTableRowElement;
  /** Fields typed in and not yet accepted by the server: a refresh must not overwrite them. */
  dirty: Set<Field>;
  /** The server's refusal of each field's last save. */
  errors: Map<Field, string>;
}

const valueOf = (t: Pick<JournalEntry, Field>, f: Field): string =>
  f === 'tags' || f === 'mistakes' ? labelsText(t[f]) : f === 'rating' ? (t.rating === null ? '' : String(t.rating)) : f === 'setup' ? (t.setup ?? '') : t.notes;

function patchOf(f: Field, text: string): AnnotationPatch {
  if (f === 'tags' || f === 'mistakes') return { [f]: parseLabels(text) };
  if (f === 'rating') return { rating: text === '' ? null : Number(text) };
  if (f === 'setup') return { setup: text.trim() === '' ? null : text.trim() };
  return { notes: text };
}

/**
 * The journal's rows, newest exit first: the figures of each closed trade and its annotations,
 * edited in place. A cell is saved when it changes (Enter or leaving it; the rating at once) with
 * PATCH of that field alone; the server's refusal is shown under the row and the text typed stays.
 */
export class JournalTable {
  private readonly rows = new Map<string, Row>();
  private ctx: CellContext;

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly save: (tradeId: string, patch: AnnotationPatch) => Promise<Pick<JournalEntry, Field>>,
    tickOf: TickOf,
    /** The placeholder of the tags and mistakes cells, in the page's language. */
    private readonly labelsHint: () => string,
  ) {
    this.ctx = { origin: null, tickOf };
  }

  /** The language changed: the placeholders follow. */
  texts(): void {
    for (const r of this.rows.values()) for (const e of [r.editors.tags, r.editors.mistakes]) e.setAttribute('placeholder', this.labelsHint());
  }

  /** Forgets every row (another ledger is shown). */
  clear(): void {
    this.rows.clear();
    this.body.replaceChildren();
  }

  /** The ledger's trades: rows are added, updated in place (edits in progress are kept) or removed. */
  render(trades: readonly JournalEntry[], origin: number | null): void {
    const originChanged = origin !== this.ctx.origin;
    this.ctx = { ...this.ctx, origin };
    const keep = new Set(trades.map((t) => t.trade_id));
    for (const [id, r] of this.rows) {
      if (keep.has(id)) continue;
      r.tr.remove();
      r.errorRow.remove();
      this.rows.delete(id);
    }
    const order: HTMLTableRowElement[] = [];
    for (const t of trades) {
      const had = this.rows.get(t.trade_id);
      const row = had ?? this.add(t);
      if (!had || originChanged || JSON.stringify(row.trade) !== JSON.stringify(t)) this.fill(row, t);
      order.push(row.tr, row.errorRow);
    }
    // Newest first: put the rows in the list's order (a row that stays keeps its focus).
    order.forEach((tr, i) => {
      if (this.body.children[i] !== tr) this.body.insertBefore(tr, this.body.children[i] ?? null);
    });
  }

  private add(t: JournalEntry): Row {
    const tr = el('tr');
    tr.dataset.tradeId = t.trade_id;
    const cells = READ_ONLY.map(([, cls]) => el('td', cls || undefined));
    const notes = el('textarea', 'j-notes');
    notes.rows = 1;
    notes.spellcheck = false;
    const rating = el('select', 'j-rating');
    rating.append(Object.assign(el('option', undefined, '—'), { value: '' }), ...[1, 2, 3, 4, 5].map((n) => Object.assign(el('option', undefined, '★'.repeat(n)), { value: String(n) })));
    const text = (cls: string) => Object.assign(el('input', cls), { spellcheck: false, autocomplete: 'off' });
    const editors: Record<Field, Editor> = { notes, tags: text('j-tags'), setup: text('j-setup'), rating, mistakes: text('j-mistakes') };
    for (const e of [editors.tags, editors.mistakes]) e.setAttribute('placeholder', this.labelsHint());
    tr.append(...cells, ...FIELDS.map((f) => el('td', `j-edit j-${f}-cell`)));
    FIELDS.forEach((f, i) => tr.children[READ_ONLY.length + i]!.append(editors[f]));
    const errorRow = el('tr', 'j-error');
    errorRow.dataset.for = t.trade_id;
    errorRow.hidden = true;
    const msg = el('td');
    msg.colSpan = READ_ONLY.length + FIELDS.length;
    errorRow.append(msg);
    const row: Row = { trade: t, tr, cells, editors, errorRow, dirty: new Set(), errors: new Map() };
    for (const f of FIELDS) {
      const e = editors[f];
      e.dataset.field = f;
      e.addEventListener('input', () => row.dirty.add(f));
      e.addEventListener('change', () => void this.commit(row, f));
      e.addEventListener('keydown', (ev) => {
        const k = ev as KeyboardEvent;
        if (k.key === 'Enter' && !k.shiftKey && !(e instanceof HTMLSelectElement)) {
          k.preventDefault();
          e.blur();
        }
      });
    }
    this.rows.set(t.trade_id, row);
    return row;
  }

  private fill(row: Row, t: JournalEntry): void {
    row.trade = t;
    READ_ONLY.forEach(([, , text], i) => (row.cells[i]!.textContent = text(t, this.ctx)));
    const net = row.cells[READ_ONLY.findIndex(([k]) => k === 'col_net')]!;
    net.className = `n ${tone(t.net_pnl)}`;
    net.dataset.value = String(t.net_pnl);
    row.cells[READ_ONLY.findIndex(([k]) => k === 'col_side')]!.className = t.side === 'LONG' ? 'pos' : 'neg';
    for (const f of FIELDS) if (!row.dirty.has(f) && document.activeElement !== row.editors[f]) row.editors[f].value = valueOf(t, f);
  }

  private async commit(row: Row, f: Field): Promise<void> {
    const e = row.editors[f];
    const typed = e.value;
    row.dirty.add(f);
    try {
      const saved = await this.save(row.trade.trade_id, patchOf(f, typed));
      row.trade = { ...row.trade, ...saved };
      if (e.value === typed) {
        row.dirty.delete(f);
        if (document.activeElement !== e) e.value = valueOf(saved, f);
      }
      e.classList.remove('bad');
      e.classList.add('ok');
      setTimeout(() => e.classList.remove('ok'), 900);
      row.errors.delete(f);
    } catch (err) {
      // The text stays as typed (still dirty), the server's reason under the row.
      e.classList.add('bad');
      const message = err instanceof ApiError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
      row.errors.set(f, message.startsWith(f) ? message : `${f}: ${message}`);
    }
    this.showErrors(row);
  }

  /** One line per refused field under the row; hidden when every field is saved. */
  private showErrors(row: Row): void {
    row.errorRow.hidden = row.errors.size === 0;
    row.errorRow.firstElementChild!.textContent = [...row.errors.values()].join('\n');
  }
}
