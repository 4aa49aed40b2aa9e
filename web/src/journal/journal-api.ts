import { call } from '../api.js';

/** One closed trade of GET …/journal (README "The journal and the review"). */
export interface JournalEntry {
  trade_id: string;
  mode: string;
  exchange: string;
  symbol: string;
  side: 'LONG' | 'SHORT';
  entry_time: number;
  exit_time: number;
  duration_ms: number;
  avg_entry_price: number;
  avg_exit_price: number;
  entry_quantity: number;
  max_size: number;
  gross_pnl: number;
  fees: number;
  net_pnl: number;
  stop_price: number | null;
  r_multiple: number | null;
  mfe: number | null;
  mae: number | null;
  fills: number;
  notes: string;
  tags: string[];
  setup: string | null;
  rating: number | null;
  mistakes: string[];
}

/** The fields PATCH …/journal/{trade_id} sets (the others are kept). */
export interface AnnotationPatch {
  notes?: string;
  tags?: string[];
  setup?: string | null;
  rating?: number | null;
  mistakes?: string[];
}

export type Annotation = Required<Pick<JournalEntry, 'trade_id' | 'notes' | 'tags' | 'setup' | 'rating' | 'mistakes'>> & { updated_at: number | null };

export interface CurvePoint {
  time: number;
  equity: number;
  drawdown: number;
  drawdown_pct: number;
}

/** GET …/journal/review: the figures (each defined in the README's table) and the curve. */
export type Review = Record<string, number | string | null> & { trades: number; open_trades: number; starting_equity: number; equity_curve: CurvePoint[]; sessions?: number };

/** Filters of the journal and the review (all optional, as the routes take them). */
export interface JournalFilter {
  mode?: string;
  tag?: string;
  setup?: string;
  symbol?: string;
  from?: number;
  to?: number;
}

/** Whose journal: a practice session's own ledger, or the live account's (`/api/journal`). */
export type JournalScope = { session: string } | { live: true };

const q = encodeURIComponent;
const base = (s: JournalScope) => ('session' in s ? `/api/replay/sessions/${q(s.session)}/journal` : '/api/journal');
const query = (f: JournalFilter) => {
  const parts = Object.entries(f).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${q(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

export const journalApi = {
  list: (s: JournalScope, f: JournalFilter = {}) => call<{ trades: JournalEntry[]; open_trades: number }>('GET', `${base(s)}${query(f)}`),
  /** The review of one scope, or of every practice session at once (`all`). */
  review: (s: JournalScope | 'all', f: JournalFilter = {}) => call<Review>('GET', `${s === 'all' ? '/api/replay/journal' : base(s)}/review${query(f)}`),
  annotate: (s: JournalScope, tradeId: string, patch: AnnotationPatch) => call<Annotation>('PATCH', `${base(s)}/${q(tradeId)}`, patch),
};
