import { Decimal } from './decimal.js';
import { maintenanceMargin, tierFor, type LiquidationFormula, type MarginTiers } from './maintenance-tiers.js';

/**
 * Margin of a USDT-margined perpetual position, one-way mode, as the venues document it. Pure and
 * exact: every figure is a Decimal; prices come back at PRICE_SCALE digits.
 *
 * @example
 *   // Bybit, isolated: long 1 BTC at 20,000 with 50×, MMR 0.5 % → 19,700
 *   bybitIsolatedLiquidation({ side: 1, size: dec('1'), entry: dec('20000'), leverage: dec('50'), mmr: dec('0.005'), maintAmount: Decimal.ZERO })
 */

export type MarginMode = 'cross' | 'isolated';
export const MARGIN_MODES: readonly MarginMode[] = ['cross', 'isolated'];

/** Digits of a computed price (finer than any tick; rounded to the tick by whoever shows or uses it). */
export const PRICE_SCALE = 8;
const MONEY_SCALE = 8;

/** 1 for a long, −1 for a short. */
export type PositionSign = 1 | -1;

/** Binance's formula, one-way mode: every input named as on Binance's page. */
export interface BinanceLiquidationInput {
  /** Wallet balance: crossWalletBalance in cross, the position's isolatedWalletBalance in isolated. */
  readonly walletBalance: Decimal;
  /** TMM1: maintenance margin of every other position (0 in isolated). */
  readonly otherMaintenance: Decimal;
  /** UPNL1: unrealized PnL of every other position (0 in isolated). */
  readonly otherUnrealized: Decimal;
  /** cumB: the maintenance amount of the position's tier. */
  readonly maintAmount: Decimal;
  readonly side: PositionSign;
  /** |Position1BOTH| */
  readonly size: Decimal;
  /** EP1BOTH */
  readonly entry: Decimal;
  /** MMR B */
  readonly mmr: Decimal;
}

/**
 * LP = (WB − TMM1 + UPNL1 + cumB − Side × Position × EP) / (Position × MMR − Side × Position);
 * null when the position cannot be liquidated (the price would be ≤ 0).
 */
export function binanceLiquidationPrice(i: BinanceLiquidationInput): Decimal | null {
  const side = Decimal.fromInt(i.side);
  const num = i.walletBalance.sub(i.otherMaintenance).add(i.otherUnrealized).add(i.maintAmount).sub(side.mul(i.size).mul(i.entry));
  const den = i.size.mul(i.mmr).sub(side.mul(i.size));
  if (den.isZero()) return null;
  const lp = num.div(den, PRICE_SCALE, 'half-even');
  return lp.sign() > 0 ? lp : null;
}

/**
 * Binance's price with the tier chosen as its page says: the tier of the notional *at the
 * liquidation price* (when it differs from the tier at entry, recompute with that tier's MMR and cum).
 */
export function binanceLiquidationWithTiers(
  i: Omit<BinanceLiquidationInput, 'mmr' | 'maintAmount'>,
  tiers: MarginTiers,
): Decimal | null {
  let tier = tierFor(tiers, i.size.mul(i.entry));
  for (let n = 0; n <= tiers.length; n++) {
    const lp = binanceLiquidationPrice({ ...i, mmr: tier.mmr, maintAmount: tier.maintAmount });
    if (lp === null) return null;
    const at = tierFor(tiers, i.size.mul(lp));
    if (at.tier === tier.tier) return lp;
    tier = at;
  }
  return binanceLiquidationPrice({ ...i, mmr: tier.mmr, maintAmount: tier.maintAmount });
}

export interface BybitIsolatedInput {
  readonly side: PositionSign;
  readonly size: Decimal;
  readonly entry: Decimal;
  readonly leverage: Decimal;
  /** The risk-limit tier's maintenance margin rate and deduction. */
  readonly mmr: Decimal;
  readonly maintAmount: Decimal;
  /** Margin added to the position beyond its initial margin (default none). */
  readonly extraMargin?: Decimal;
}

/**
 * Bybit, isolated: LP = EP ∓ [(IM − MM) / size] ∓ extra / size (− for a long, + for a short), with
 * IM = size × EP / leverage and MM = size × EP × MMR − deduction.
 */
export function bybitIsolatedLiquidation(i: BybitIsolatedInput): Decimal | null {
  const value = i.size.mul(i.entry);
  const im = value.div(i.leverage, MONEY_SCALE, 'half-even');
  const mm = value.mul(i.mmr).sub(i.maintAmount);
  const cushion = im.sub(mm).add(i.extraMargin ?? Decimal.ZERO).div(i.size, PRICE_SCALE, 'half-even');
  const lp = i.side === 1 ? i.entry.sub(cushion) : i.entry.add(cushion);
  return lp.sign() > 0 ? lp.rescale(PRICE_SCALE) : null;
}

/** A position as the venue's liquidation sees it. */
export interface PerpPositionInput {
  readonly formula: LiquidationFormula;
  readonly mode: MarginMode;
  readonly tiers: MarginTiers;
  readonly leverage: Decimal;
  /** Signed size (short < 0). */
  readonly quantity: Decimal;
  readonly entry: Decimal;
  /** Cross: the account's wallet balance (cash: starting balance + realized − fees − funding). */
  readonly walletBalance: Decimal;
  /** Cross: the other positions' maintenance margin and unrealized PnL. */
  readonly otherMaintenance: Decimal;
  readonly otherUnrealized: Decimal;
}

/** The isolated margin of a position: its initial margin at entry, |qty| × EP / leverage. */
export const isolatedMargin = (quantity: Decimal, entry: Decimal, leverage: Decimal): Decimal =>
  quantity.abs().mul(entry).div(leverage, MONEY_SCALE, 'half-even');

const sideOf = (q: Decimal): PositionSign => (q.sign() >= 0 ? 1 : -1);

/**
 * The liquidation price of a position by its venue's formula: Binance's in both modes (isolated:
 * WB = the isolated margin, TMM1 = UPNL1 = 0); Bybit's isolated formula, and in cross Binance's
 * equation too (Bybit documents cross liquidation as the account's margin reaching the maintenance
 * margin, which is the same balance).
 */
export function liquidationPrice(p: PerpPositionInput): Decimal | null {
  if (p.quantity.isZero()) return null;
  const size = p.quantity.abs();
  const side = sideOf(p.quantity);
  if (p.mode === 'isolated' && p.formula === 'bybit') {
    const t = tierFor(p.tiers, size.mul(p.entry));
    return bybitIsolatedLiquidation({ side, size, entry: p.entry, leverage: p.leverage, mmr: t.mmr, maintAmount: t.maintAmount });
  }
  const isolated = p.mode === 'isolated';
  return binanceLiquidationWithTiers(
    {
      walletBalance: isolated ? isolatedMargin(p.quantity, p.entry, p.leverage) : p.walletBalance,
      otherMaintenance: isolated ? Decimal.ZERO : p.otherMaintenance,
      otherUnrealized: isolated ? Decimal.ZERO : p.otherUnrealized,
      side,
      size,
      entry: p.entry,
    },
    p.tiers,
  );
}

/**
 * The bankruptcy price: where the margin backing the position is all gone (the same balance with
 * no maintenance margin). A liquidated position's trader loses exactly down to it.
 */
export function bankruptcyPrice(p: PerpPositionInput): Decimal | null {
  if (p.quantity.isZero()) return null;
  const isolated = p.mode === 'isolated';
  return binanceLiquidationPrice({
    walletBalance: isolated ? isolatedMargin(p.quantity, p.entry, p.leverage) : p.walletBalance,
    otherMaintenance: isolated ? Decimal.ZERO : p.otherMaintenance,
    otherUnrealized: isolated ? Decimal.ZERO : p.otherUnrealized,
    maintAmount: Decimal.ZERO,
    side: sideOf(p.quantity),
    size: p.quantity.abs(),
    entry: p.entry,
    mmr: Decimal.ZERO,
  });
}

/**
 * The mark at which the margin ratio (maintenance margin ÷ margin balance) reaches `ratio`: Binance's
 * equation with the balance scaled, P = (r·(WB + UPNL1 − Side·Pos·EP) + cum − TMM1) / (Pos·MMR − r·Side·Pos)
 * (r = 1 is the liquidation price), with the tier of the position's notional at entry.
 */
export function marginRatioPrice(p: PerpPositionInput, ratio: Decimal): Decimal | null {
  if (p.quantity.isZero()) return null;
  const size = p.quantity.abs();
  const side = Decimal.fromInt(sideOf(p.quantity));
  const t = tierFor(p.tiers, size.mul(p.entry));
  const isolated = p.mode === 'isolated';
  const wb = isolated ? isolatedMargin(p.quantity, p.entry, p.leverage) : p.walletBalance;
  const upnl = isolated ? Decimal.ZERO : p.otherUnrealized;
  const tmm = isolated ? Decimal.ZERO : p.otherMaintenance;
  const num = ratio.mul(wb.add(upnl).sub(side.mul(size).mul(p.entry))).add(t.maintAmount).sub(tmm);
  const den = size.mul(t.mmr).sub(ratio.mul(side).mul(size));
  if (den.isZero()) return null;
  const price = num.div(den, PRICE_SCALE, 'half-even');
  return price.sign() > 0 ? price : null;
}

/** What a position's row shows: its margin figures at the mark. */
export interface PerpFigures {
  readonly initialMargin: Decimal;
  readonly maintenanceMargin: Decimal;
  /** Maintenance margin ÷ margin balance (Binance's margin ratio: 100 % is liquidation); null without balance. */
  readonly marginRatio: Decimal | null;
  readonly liquidationPrice: Decimal | null;
}

/**
 * A position's figures at `mark`: IM = |qty| × mark / leverage, MM by its tier at the mark, margin
 * balance = the isolated margin + its unrealized PnL (isolated) or wallet + every unrealized PnL
 * (cross: `crossMaintenance` is then every position's maintenance margin).
 */
export function perpFigures(p: PerpPositionInput, mark: Decimal, crossMaintenance?: Decimal): PerpFigures {
  const notional = p.quantity.abs().mul(mark);
  const im = notional.div(p.leverage, MONEY_SCALE, 'up');
  const mm = maintenanceMargin(p.tiers, notional);
  const upnl = p.quantity.mul(mark.sub(p.entry));
  const balance =
    p.mode === 'isolated' ? isolatedMargin(p.quantity, p.entry, p.leverage).add(upnl) : p.walletBalance.add(p.otherUnrealized).add(upnl);
  const totalMm = p.mode === 'isolated' ? mm : (crossMaintenance ?? mm.add(p.otherMaintenance));
  const marginRatio = balance.sign() > 0 ? totalMm.div(balance, 6, 'up') : null;
  return { initialMargin: im, maintenanceMargin: mm.rescale(MONEY_SCALE, 'up'), marginRatio, liquidationPrice: liquidationPrice(p) };
}
