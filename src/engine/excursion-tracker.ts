import { Decimal } from '../domain/decimal.js';
import type { DomainEvent } from '../domain/events.js';
import type { PositionId } from '../domain/ids.js';
import type { Excursion } from '../domain/journal.js';
import type { Position } from '../domain/position.js';
import type { MarketTick } from '../sim/market/market-types.js';

/** Where excursions are kept: the ledger's own database (table `excursions`). */
export interface ExcursionStore {
  load(ids: readonly PositionId[]): Excursion[];
  save(rows: readonly Excursion[]): void;
}

/** What the journal reads: the excursion of any position, open (live) or closed (stored). */
export interface ExcursionReader {
  excursions(ids: readonly PositionId[]): Map<PositionId, Excursion>;
}

interface Tracked {
  position: Position;
  ex: Excursion;
  dirty: boolean;
  /** Lowest and highest price seen since the position last changed: a price between them changes nothing. */
  lo: Decimal | null;
  hi: Decimal | null;
}

const markKey = (exchange: string, symbol: string): string => `${exchange}|${symbol}`;
const posKey = (p: { mode: string; exchange: string; symbol: string }): string => `${p.mode}|${p.exchange}|${p.symbol}`;

/**
 * The best and worst price, and the highest and lowest open PnL, of every open position, from the
 * engine's marks (its ticks' last price) and its fills. Written at every change of the position
 * (open, scale, partial exit, close: right after the ledger committed it, the changes of one
 * group commit in one write, before its orders are acknowledged) and every `flush()` (a
 * timer in the app, and at shutdown); a tick alone is never a write, so the replay's tick rate is
 * not bound by the disk, and a crash loses at most one flush interval of excursion for a position
 * still open, never its close.
 */
export class ExcursionTracker implements ExcursionReader {
  private readonly open = new Map<PositionId, Tracked>();
  private readonly bySymbol = new Map<string, Set<Tracked>>();
  /** The price of the last fill per position key: what opened a position (a flip's fill included). */
  private readonly lastFill = new Map<string, Decimal>();
  /** Excursions of the positions changed since the last write (the last version of each). */
  private readonly changed = new Map<PositionId, Excursion>();
  private saveQueued = false;

  constructor(
    private readonly store: ExcursionStore,
    openPositions: readonly Position[],
    private readonly scale = 8,
  ) {
    const saved = new Map(store.load(openPositions.map((p) => p.id)).map((e) => [e.positionId, e]));
    for (const p of openPositions) this.track(p, saved.get(p.id) ?? null);
  }

  onEvent(e: DomainEvent): void {
    if (e.type === 'OrderFilled') {
      this.lastFill.set(posKey(e.fill), e.fill.price);
      const t = this.open.get(e.fill.positionId);
      if (t) this.see(t, e.fill.price, e.time);
      return;
    }
    if (e.type !== 'PositionChanged') return;
    const p = e.position;
    const t = this.open.get(p.id) ?? this.track(p, null);
    t.position = p;
    t.lo = t.hi = null;
    this.see(t, this.lastFill.get(posKey(p)) ?? null, e.time);
    this.changed.set(p.id, t.ex);
    t.dirty = false;
    if (p.closedAt !== null || p.quantity.isZero()) this.untrack(t);
    if (!this.saveQueued) {
      this.saveQueued = true;
      queueMicrotask(this.saveChanged);
    }
  }

  /**
   * The excursions of the positions that changed, in one write for all the position changes of a
   * group commit: the engine publishes a committed batch's events synchronously, and this microtask
   * runs when it is done, before the continuations that acknowledge the batch's orders.
   */
  private readonly saveChanged = (): void => {
    this.saveQueued = false;
    if (this.changed.size === 0) return;
    const rows = [...this.changed.values()];
    this.changed.clear();
    this.store.save(rows);
  };

  onTick(exchange: string, tick: MarketTick): void {
    const set = this.bySymbol.get(markKey(exchange, tick.symbol));
    if (set) for (const t of set) this.see(t, tick.last, tick.time);
  }

  /** Writes what ticks changed since the last write. */
  flush(): void {
    this.saveChanged();
    const dirty = [...this.open.values()].filter((t) => t.dirty);
    if (dirty.length === 0) return;
    this.store.save(dirty.map((t) => t.ex));
    for (const t of dirty) t.dirty = false;
  }

  excursions(ids: readonly PositionId[]): Map<PositionId, Excursion> {
    const out = new Map<PositionId, Excursion>();
    const missing = ids.filter((id) => {
      const ex = this.open.get(id)?.ex ?? this.changed.get(id);
      if (ex) out.set(id, ex);
      return !ex;
    });
    for (const e of this.store.load(missing)) out.set(e.positionId, e);
    return out;
  }

  private track(p: Position, saved: Excursion | null): Tracked {
    const entry = this.lastFill.get(posKey(p)) ?? p.cost.div(p.quantity, this.scale);
    const ex: Excursion = saved ?? { positionId: p.id, bestPrice: entry, worstPrice: entry, mfe: Decimal.ZERO, mae: Decimal.ZERO, updatedAt: p.updatedAt };
    const t: Tracked = { position: p, ex, dirty: saved === null, lo: null, hi: null };
    this.open.set(p.id, t);
    const k = markKey(p.exchange, p.symbol);
    const set = this.bySymbol.get(k) ?? new Set<Tracked>();
    set.add(t);
    this.bySymbol.set(k, set);
    return t;
  }

  private untrack(t: Tracked): void {
    this.open.delete(t.position.id);
    this.bySymbol.get(markKey(t.position.exchange, t.position.symbol))?.delete(t);
  }

  private see(t: Tracked, price: Decimal | null, time: number): void {
    if (price === null) return;
    // Open PnL is linear in the price, so its extremes since the last change are at lo and hi.
    if (t.lo !== null && t.hi !== null && price.gte(t.lo) && price.lte(t.hi)) return;
    t.lo = t.lo === null ? price : t.lo.min(price);
    t.hi = t.hi === null ? price : t.hi.max(price);
    const p = t.position;
    const ex = t.ex;
    const long = p.openSide === 'LONG';
    const upnl = p.quantity.isZero() ? null : p.quantity.mul(price).sub(p.cost);
    const best = long ? ex.bestPrice.max(price) : ex.bestPrice.min(price);
    const worst = long ? ex.worstPrice.min(price) : ex.worstPrice.max(price);
    const mfe = upnl && upnl.gt(ex.mfe) ? upnl : ex.mfe;
    const mae = upnl && upnl.lt(ex.mae) ? upnl : ex.mae;
    if (best === ex.bestPrice && worst === ex.worstPrice && mfe === ex.mfe && mae === ex.mae) return;
    t.ex = { positionId: ex.positionId, bestPrice: best, worstPrice: worst, mfe, mae, updatedAt: time };
    t.dirty = true;
  }
}
