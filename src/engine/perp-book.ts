import { Decimal } from '../domain/decimal.js';
import type { TradingMode } from '../domain/ids.js';
import { priceScale, type Instrument } from '../domain/instrument.js';
import { maintenanceMargin, type LiquidationFormula, type MarginTiers } from '../domain/maintenance-tiers.js';
import { bankruptcyPrice, liquidationPrice, marginRatioPrice, perpFigures, type MarginMode, type PerpFigures, type PerpPositionInput } from '../domain/perp-margin.js';
import { entryPrice, type Position } from '../domain/position.js';

/** How a mode trades a perpetual where the engine keeps the margin (simulated accounts). */
export interface PerpTerms {
  readonly leverage: Decimal;
  readonly marginMode: MarginMode;
  readonly tiers: MarginTiers;
  readonly formula: LiquidationFormula;
}

/** The terms of a perpetual in a mode; null for spot and for live trading (the venue keeps its margin). */
export type PerpTermsOf = (mode: TradingMode, inst: Instrument) => PerpTerms | null;

/** An open perpetual position watched for its liquidation, its trigger as a whole number at the tick's scale. */
export interface PerpWatch {
  readonly position: Position;
  readonly inst: Instrument;
  readonly terms: PerpTerms;
  readonly input: PerpPositionInput;
  /** 1: liquidated when the mark is at or below `trigger`; −1: at or above. */
  readonly side: 1 | -1;
  /** The liquidation price on the tick grid (floor for a long, ceiling for a short): `raw` at `scale`. */
  readonly trigger: Decimal;
  readonly triggerRaw: bigint;
  readonly scale: number;
  /** Where the margin ratio reaches WARN_RATIO (on the tick grid, as `trigger`; 0n: never). */
  readonly warnRaw: bigint;
  /**
   * `trigger` and the warning price as whole numbers at every scale a mark may come in (index =
   * the mark's scale, 0 … CMP_SCALES − 1; floor for a long, ceiling for a short), so a tick at any
   * scale is compared without rescaling it: mark ≤ trigger ⇔ mark.raw ≤ triggerAt[mark.scale].
   */
  readonly triggerAt: readonly bigint[];
  readonly warnAt: readonly bigint[];
  /** The trigger in whole ticks of the instrument (for loops that keep prices as tick counts). */
  readonly triggerTicks: number;
  readonly bankruptcy: Decimal | null;
}

export interface PerpAccount {
  /** Wallet balance of a mode: starting cash + realized − fees − funding. */
  readonly wallet: (mode: TradingMode) => Decimal;
  readonly mark: (exchange: string, symbol: string) => Decimal | null;
  readonly instrument: (exchange: string, symbol: string) => Instrument | null;
}

const DOWN = { 1: 'floor', [-1]: 'ceil' } as const;
/** Mark scales kept precomputed (a finer mark is compared as a Decimal). */
const CMP_SCALES = 13;
const atScales = (d: Decimal | null, side: 1 | -1): bigint[] =>
  d === null ? [] : Array.from({ length: CMP_SCALES }, (_, s) => d.rescale(s, DOWN[side]).raw);

/** The margin ratio at which a position is warned of (the venues colour 80 % as danger). */
export const WARN_RATIO = Decimal.parse('0.8');

/**
 * The liquidation prices of the open perpetual positions, computed when a position (or the wallet)
 * changes, never per tick: a tick costs one map lookup by its symbol (nothing when no perpetual
 * position is open), and for a watched symbol a comparison of two whole numbers.
 */
export class PerpBook {
  private readonly bySymbol = new Map<string, PerpWatch[]>();
  private readonly byPosition = new Map<string, PerpWatch>();
  private watched = 0;
  /** A position or the wallet changed since the watches were computed: they are computed again when next read. */
  private stale = true;

  constructor(
    private readonly terms: PerpTermsOf,
    private readonly account: PerpAccount,
    /** The open positions (all modes) the watches are computed from. */
    private readonly open: () => Iterable<Position>,
  ) {}

  /** How many positions are watched for their liquidation. */
  get size(): number {
    if (this.stale) this.refresh();
    return this.watched;
  }

  /**
   * A position or the wallet changed: the watches are computed again on their next read (the next
   * tick of a watched symbol, a position's figures), not once per order — a burst of orders between
   * two ticks costs one computation.
   */
  invalidate(): void {
    this.stale = true;
  }

  /** Recompute every watch from the open positions now. */
  refresh(): void {
    this.stale = false;
    const open = this.open();
    this.bySymbol.clear();
    this.byPosition.clear();
    this.lastSymbol = null;
    this.lastList = undefined;
    this.watched = 0;
    const perps: { p: Position; inst: Instrument; terms: PerpTerms }[] = [];
    for (const p of open) {
      const inst = this.account.instrument(p.exchange, p.symbol);
      const terms = inst && !p.quantity.isZero() ? this.terms(p.mode, inst) : null;
      if (inst && terms) perps.push({ p, inst, terms });
    }
    for (const { p, inst, terms } of perps) {
      const input = this.inputOf(p, inst, terms, perps);
      const lp = liquidationPrice(input);
      const side = p.quantity.sign() > 0 ? 1 : -1;
      const scale = priceScale(inst);
      const trigger = lp === null ? null : lp.rescale(scale, DOWN[side]);
      const warnPrice = trigger === null ? null : marginRatioPrice(input, WARN_RATIO)?.rescale(scale, DOWN[side]) ?? null;
      const warn = warnPrice !== null && (side === 1 ? warnPrice.gte(trigger!) : warnPrice.lte(trigger!)) ? warnPrice : null;
      const watch: PerpWatch = {
        position: p,
        inst,
        terms,
        input,
        side,
        trigger: trigger ?? Decimal.ZERO,
        triggerRaw: trigger?.raw ?? 0n,
        warnRaw: warn?.raw ?? 0n,
        triggerAt: atScales(trigger, side),
        // No warning price (or one past the liquidation price): the warning is the liquidation.
        warnAt: atScales(warn ?? trigger, side),
        scale,
        triggerTicks: trigger === null ? 0 : Number(trigger.div(inst.tickSize, 0, DOWN[side]).raw),
        bankruptcy: bankruptcyPrice(input),
      };
      this.byPosition.set(p.id, watch);
      if (trigger === null || trigger.sign() <= 0) continue; // never liquidated (e.g. a long backed by its whole notional)
      const list = this.bySymbol.get(p.symbol);
      if (list) list.push(watch);
      else this.bySymbol.set(p.symbol, [watch]);
      this.watched++;
    }
  }

  /** Positions already warned of their margin ratio (once a position: a warning is no alarm clock). */
  private readonly warned = new Set<string>();
  private lastSymbol: string | null = null;
  private lastList: PerpWatch[] | undefined = undefined;

  /**
   * The watch a tick's price crosses — its liquidation price, or (not yet warned) its warning price
   * — if any; `liquidates` tells which. Allocation-free: whole-number compares at the mark's own scale.
   */
  hit(exchange: string, symbol: string, mark: Decimal): PerpWatch | null {
    if (this.stale) this.refresh();
    const list = this.listOf(symbol);
    if (list === undefined) return null;
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      if (w.position.exchange !== exchange || !reaches(w, w.warnAt, mark)) continue;
      if (reaches(w, w.triggerAt, mark) || !this.warned.has(w.position.id)) return w;
    }
    return null;
  }

  /** Whether a symbol has a watched position (before its tick's mark is worked out). */
  watching(symbol: string): boolean {
    if (this.stale) this.refresh();
    return this.listOf(symbol) !== undefined;
  }

  private listOf(symbol: string): PerpWatch[] | undefined {
    // One symbol ticks most (a replay, a backtest): its list is kept without a map lookup.
    if (symbol !== this.lastSymbol) {
      this.lastSymbol = symbol;
      this.lastList = this.bySymbol.get(symbol);
    }
    return this.lastList;
  }

  /** Whether `mark` reaches the watch's liquidation price (else it reached its warning price). */
  liquidates(w: PerpWatch, mark: Decimal): boolean {
    return reaches(w, w.triggerAt, mark);
  }

  markWarned(w: PerpWatch): void {
    this.warned.add(w.position.id);
  }

  /** Whether a price range in whole ticks [low, high] reaches a watched position of the symbol. */
  crossesTicks(exchange: string, symbol: string, low: number, high: number): boolean {
    if (this.stale) this.refresh();
    const list = this.bySymbol.get(symbol);
    if (list === undefined) return false;
    for (const w of list) if (w.position.exchange === exchange && (w.side === 1 ? low <= w.triggerTicks : high >= w.triggerTicks)) return true;
    return false;
  }

  watchOf(p: Position): PerpWatch | null {
    if (this.stale) this.refresh();
    return this.byPosition.get(p.id) ?? null;
  }

  /** A position's margin figures at its mark (null for spot, live, or no mark yet). */
  figures(p: Position): (PerpFigures & { readonly leverage: Decimal; readonly marginMode: MarginMode }) | null {
    if (this.stale) this.refresh();
    const w = this.byPosition.get(p.id);
    const mark = this.account.mark(p.exchange, p.symbol);
    if (!w || !mark) return null;
    return { ...perpFigures(w.input, mark), leverage: w.terms.leverage, marginMode: w.terms.marginMode };
  }

  private inputOf(p: Position, inst: Instrument, terms: PerpTerms, all: readonly { p: Position; inst: Instrument; terms: PerpTerms }[]): PerpPositionInput {
    let otherMaintenance = Decimal.ZERO;
    let otherUnrealized = Decimal.ZERO;
    if (terms.marginMode === 'cross') {
      for (const o of all) {
        if (o.p === p || o.p.mode !== p.mode || o.terms.marginMode !== 'cross') continue;
        const mark = this.account.mark(o.p.exchange, o.p.symbol);
        if (!mark) continue;
        otherMaintenance = otherMaintenance.add(maintenanceMargin(o.terms.tiers, o.p.quantity.abs().mul(mark)));
        otherUnrealized = otherUnrealized.add(o.p.quantity.mul(mark).sub(o.p.cost));
      }
    }
    return {
      formula: terms.formula,
      mode: terms.marginMode,
      tiers: terms.tiers,
      leverage: terms.leverage,
      quantity: p.quantity,
      entry: entryPrice(p, priceScale(inst) + 8),
      walletBalance: this.account.wallet(p.mode),
      otherMaintenance,
      otherUnrealized,
    };
  }
}

/** mark ≤ the price (a long) or ≥ it (a short), the price given at each scale (`at`). */
function reaches(w: PerpWatch, at: readonly bigint[], mark: Decimal): boolean {
  const p = at[mark.scale];
  if (p === undefined) return w.side === 1 ? mark.lte(Decimal.of(at[CMP_SCALES - 1]!, CMP_SCALES - 1)) : mark.gte(Decimal.of(at[CMP_SCALES - 1]!, CMP_SCALES - 1));
  return w.side === 1 ? mark.raw <= p : mark.raw >= p;
}
