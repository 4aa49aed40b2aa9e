import { Decimal } from '../../domain/decimal.js';
import { positionId, type TradingMode } from '../../domain/ids.js';
import type { JournalTrade } from '../../domain/journal.js';
import { Rejection } from '../../domain/rejection.js';
import { review } from '../../domain/trade-stats.js';
import type { ExcursionReader } from '../../engine/excursion-tracker.js';
import { readJournal } from '../../engine/journal-reader.js';
import type { LedgerStore } from '../../engine/ports.js';
import { emptyAnnotation, type AnnotationStore, type TradeAnnotation } from '../../engine/trade-annotations.js';
import { annotationView, journalEntryView, reviewView } from './journal-views.js';

/**
 * Everything a journal needs of one ledger: the main one (its modes) or a practice session's own
 * file. The handlers below are functions of this alone, so any ledger can mount them.
 */
export interface JournalSource {
  readonly store: LedgerStore;
  readonly annotations: AnnotationStore;
  readonly excursions: ExcursionReader;
  /** The account's starting cash: where the equity curve starts. */
  readonly startingEquity: Decimal;
  /** The mode a request without `mode` reads. */
  readonly mode: () => TradingMode;
  /** Resolves once everything the ledger's engine did is written (a read answers only what is durable). */
  readonly durable: () => Promise<void>;
  readonly now: () => number;
  /** Trades that exit after this time are not shown yet (a re-watch: the original's journal up to its clock). */
  readonly until?: () => number;
}

export interface JournalFilter {
  readonly mode?: string;
  readonly symbol?: string;
  readonly tag?: string;
  readonly setup?: string;
  readonly from?: number;
  readonly to?: number;
}

export interface AnnotationPatch {
  readonly notes?: string;
  readonly tags?: string[];
  readonly setup?: string | null;
  readonly rating?: number | null;
  readonly mistakes?: string[];
}

const ALL = 1_000_000_000;

/** A read answers only what is durable; a ledger that refused its writes is a 503. */
async function settled(src: JournalSource): Promise<void> {
  try {
    await src.durable();
  } catch (err) {
    throw new Rejection('LEDGER_WRITE_FAILED', `the ledger could not be written, so nothing was done: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function select(src: JournalSource, q: JournalFilter) {
  await settled(src);
  const mode = (q.mode ?? src.mode()) as TradingMode;
  const { trades, open } = readJournal(src.store, src.excursions, { mode, symbol: q.symbol });
  const notes = src.annotations.all();
  const until = src.until?.() ?? Number.POSITIVE_INFINITY;
  const keep = (t: JournalTrade): boolean => {
    if (t.exitTime > until) return false;
    if ((q.from !== undefined && t.exitTime < q.from) || (q.to !== undefined && t.exitTime > q.to)) return false;
    const a = notes.get(t.tradeId);
    if (q.tag !== undefined && !a?.tags.includes(q.tag)) return false;
    return q.setup === undefined || a?.setup === q.setup;
  };
  return { mode, trades: trades.filter(keep), open, notes };
}

/** GET …/journal: the closed trades matching the filters, newest exit first, with their annotations. */
export async function listJournal(src: JournalSource, q: JournalFilter) {
  const { mode, trades, open, notes } = await select(src, q);
  return { mode, trades: [...trades].reverse().map((t) => journalEntryView(t, notes.get(t.tradeId))), open_trades: open.length };
}

const outcome = (t: JournalTrade) => ({ openedAt: t.entryTime, closedAt: t.exitTime, grossPnl: t.grossPnl, fees: t.fees, netPnl: t.netPnl, rMultiple: t.rMultiple });

/** GET …/journal/review: the statistics and the equity curve of the same selection. */
export async function reviewJournal(src: JournalSource, q: JournalFilter) {
  const { mode, trades, open } = await select(src, q);
  return reviewView(mode, review(trades.map(outcome), src.startingEquity), open.length, src.startingEquity);
}

/**
 * The review of several ledgers' trades as one record (GET /api/replay/journal/review: every
 * practice session): the same filters on each, their trades in order of exit, the curve starting at
 * the mean of the ledgers' starting cash (so its percentages read as one session's would).
 */
export async function reviewJournals(srcs: readonly JournalSource[], q: JournalFilter, fallbackMode: TradingMode) {
  const picked = await Promise.all(srcs.map((s) => select(s, q)));
  const trades = picked.flatMap((p) => p.trades.map(outcome));
  const open = picked.reduce((a, p) => a + p.open.length, 0);
  const start = srcs.length ? srcs.reduce((a, s) => a.add(s.startingEquity), Decimal.ZERO).div(Decimal.fromInt(srcs.length), 8).normalize() : Decimal.ZERO;
  return reviewView(q.mode ?? fallbackMode, review(trades, start), open, start);
}

/** PATCH …/journal/{trade_id}: sets the given fields (null clears setup / rating), keeps the others. */
export async function annotateTrade(src: JournalSource, tradeId: string, patch: AnnotationPatch) {
  await settled(src);
  const id = positionId(tradeId);
  const until = src.until?.() ?? Number.POSITIVE_INFINITY;
  if (!src.store.listPositions({ status: 'all', limit: ALL }).some((p) => p.id === id && (p.closedAt === null || p.closedAt <= until))) {
    throw new Rejection('TRADE_NOT_FOUND', `no trade ${tradeId} in this ledger`, { trade_id: tradeId });
  }
  const before = src.annotations.get(id) ?? emptyAnnotation(id, src.now());
  const next: TradeAnnotation = {
    tradeId: id,
    notes: patch.notes ?? before.notes,
    tags: patch.tags ?? before.tags,
    setup: patch.setup === undefined ? before.setup : patch.setup,
    rating: patch.rating === undefined ? before.rating : patch.rating,
    mistakes: patch.mistakes ?? before.mistakes,
    updatedAt: src.now(),
  };
  src.annotations.put(next);
  return annotationView(next);
}
