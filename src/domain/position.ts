import { Decimal } from './decimal.js';
import type { PositionId, Side, TradingMode } from './ids.js';

/**
 * A netting position (one-way mode) over one lifecycle: from the first fill that opens it to the
 * fill that brings it back to flat. `quantity` is signed (short < 0); `cost` is the signed exact
 * cost basis Σ qty × price of what is still open, so unrealized = quantity × mark − cost and
 * realized + unrealized − fees always equals the cash flows, to the last digit.
 */
export interface Position {
  readonly id: PositionId;
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly cost: Decimal;
  readonly realizedPnl: Decimal;
  readonly feesPaid: Decimal;
  /** Direction the position was opened in; kept after it closes, for the journal. */
  readonly openSide: 'LONG' | 'SHORT';
  /** Σ quantity and Σ quantity × price of the fills that added to it, and of those that reduced it. */
  readonly entryQuantity: Decimal;
  readonly entryValue: Decimal;
  readonly exitQuantity: Decimal;
  readonly exitValue: Decimal;
  readonly openedAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

export type PositionSide = 'LONG' | 'SHORT' | 'FLAT';
export const positionSide = (p: Position | null): PositionSide =>
  !p || p.quantity.isZero() ? 'FLAT' : p.quantity.sign() > 0 ? 'LONG' : 'SHORT';

export interface FillInput {
  readonly side: Side;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly fee: Decimal;
  readonly time: number;
}

export interface PositionUpdate {
  /** The position before the fill, now closed (set when the fill brought it to flat or flipped it). */
  readonly closed: Position | null;
  /** The position open after the fill, if any. */
  readonly open: Position | null;
  /** PnL realized by this fill (before fees). */
  readonly realizedPnl: Decimal;
}

export interface PositionKey {
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
}

/** Apply one fill to the current open position (or none). `newId` names a position this fill opens. */
export function applyFill(
  current: Position | null,
  key: PositionKey,
  fill: FillInput,
  moneyScale: number,
  newId: () => PositionId,
): PositionUpdate {
  const signed = fill.side === 'BUY' ? fill.quantity : fill.quantity.neg();
  const open = (qty: Decimal, fee: Decimal): Position => ({
    id: newId(),
    ...key,
    quantity: qty,
    cost: qty.mul(fill.price),
    realizedPnl: Decimal.ZERO,
    feesPaid: fee,
    openSide: qty.sign() > 0 ? 'LONG' : 'SHORT',
    entryQuantity: qty.abs(),
    entryValue: qty.abs().mul(fill.price),
    exitQuantity: Decimal.ZERO,
    exitValue: Decimal.ZERO,
    openedAt: fill.time,
    updatedAt: fill.time,
    closedAt: null,
  });

  if (!current || current.quantity.isZero()) {
    return { closed: null, open: open(signed, fill.fee), realizedPnl: Decimal.ZERO };
  }
  const q = current.quantity;
  if (q.sign() === signed.sign()) {
    const next: Position = {
      ...current,
      quantity: q.add(signed),
      cost: current.cost.add(signed.mul(fill.price)),
      feesPaid: current.feesPaid.add(fill.fee),
      entryQuantity: current.entryQuantity.add(fill.quantity),
      entryValue: current.entryValue.add(fill.quantity.mul(fill.price)),
      updatedAt: fill.time,
    };
    return { closed: null, open: next, realizedPnl: Decimal.ZERO };
  }
  // Reducing: the part that closes is at most |q|.
  const closing = signed.abs().min(q.abs());
  const closingSigned = q.sign() > 0 ? closing.neg() : closing;
  const remainder = signed.sub(closingSigned);
  const fully = closing.eq(q.abs());
  // Cost leaving the position, proportional to the quantity closed; the whole cost on a full close.
  const removed = fully ? current.cost : current.cost.mul(closing).div(q.abs(), moneyScale, 'half-even');
  const realized = closingSigned.neg().mul(fill.price).sub(removed);
  // On a flip the fee is split: the closing share stays with the old position, the rest opens the new.
  const closeFee = remainder.isZero() ? fill.fee : fill.fee.mul(closing).div(fill.quantity, moneyScale, 'half-even');
  const reduced: Position = {
    ...current,
    quantity: q.add(closingSigned),
    cost: current.cost.sub(removed),
    realizedPnl: current.realizedPnl.add(realized),
    feesPaid: current.feesPaid.add(closeFee),
    exitQuantity: current.exitQuantity.add(closing),
    exitValue: current.exitValue.add(closing.mul(fill.price)),
    updatedAt: fill.time,
    closedAt: fully ? fill.time : null,
  };
  if (!fully) return { closed: null, open: reduced, realizedPnl: realized };
  const flipped = remainder.isZero() ? null : open(remainder, fill.fee.sub(closeFee));
  return { closed: reduced, open: flipped, realizedPnl: realized };
}

export function unrealizedPnl(p: Position | null, mark: Decimal | null): Decimal {
  if (!p || !mark || p.quantity.isZero()) return Decimal.ZERO;
  return p.quantity.mul(mark).sub(p.cost);
}

/** Average price of every fill that added to the position (its whole life), or null. */
export function averageEntry(p: Position, scale: number): Decimal | null {
  return p.entryQuantity.isZero() ? null : p.entryValue.div(p.entryQuantity, scale);
}

/** Average price of every fill that reduced it, or null. */
export function averageExit(p: Position, scale: number): Decimal | null {
  return p.exitQuantity.isZero() ? null : p.exitValue.div(p.exitQuantity, scale);
}

/** Average entry price of what is open, at `scale` digits. */
export function entryPrice(p: Position, scale: number): Decimal {
  return p.quantity.isZero() ? Decimal.ZERO : p.cost.div(p.quantity, scale);
}
