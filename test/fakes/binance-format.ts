import { Decimal } from '../../src/domain/decimal.js';
import type { Instrument } from '../../src/domain/instrument.js';

/** The two Binance venues the fake serves: spot (`/api/v3`) and USD-M futures (`/fapi`). */
export type Venue = 'spot' | 'futures';

/** One symbol's trading rules, taken from the project's sim instrument. */
export interface SymbolSpec {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tick: Decimal;
  readonly step: Decimal;
  readonly priceScale: number;
  readonly qtyScale: number;
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly minNotional: Decimal;
  readonly maker: Decimal;
  readonly taker: Decimal;
  /** PERCENT_PRICE band as a fraction (0.05: a limit within ±5 % of the mark). */
  readonly band: Decimal;
}

export function specOf(i: Instrument): SymbolSpec {
  const tick = i.tickSize.normalize();
  const step = i.stepSize.normalize();
  return {
    symbol: i.symbol,
    base: i.base,
    quote: i.quote,
    tick,
    step,
    priceScale: tick.scale,
    qtyScale: step.scale,
    minQty: i.minQty,
    maxQty: i.maxQty,
    minNotional: i.minNotional,
    maker: i.makerFee,
    taker: i.takerFee,
    band: i.priceBand,
  };
}

export const ZERO = Decimal.ZERO;
export const ONE = Decimal.fromInt(1);

/** Spot answers carry every number with 8 decimals ("64000.10000000"). */
export const n8 = (d: Decimal): string => d.toFixed(8);

/** Futures answers carry prices and quantities at the symbol's precision ("64000.1", "0.010"). */
export const px = (s: SymbolSpec, d: Decimal): string => d.rescale(Math.max(s.priceScale, 0), 'half-up').toFixed();
export const qty = (s: SymbolSpec, d: Decimal): string => d.rescale(s.qtyScale, 'half-up').toFixed();

/** A price in the venue's own text form. */
export const vpx = (v: Venue, s: SymbolSpec, d: Decimal): string => (v === 'spot' ? n8(d) : px(s, d));
export const vqty = (v: Venue, s: SymbolSpec, d: Decimal): string => (v === 'spot' ? n8(d) : qty(s, d));

/** Quote amounts (cost, fees, PnL) at 8 decimals, rounded half-up. */
export const money = (d: Decimal): string => d.rescale(8, 'half-up').toFixed(8);

/** A decimal request parameter, or null when absent; throws the caller's error when malformed. */
export function parseDecimal(text: string | undefined): Decimal | null | 'bad' {
  if (text === undefined || text === '') return null;
  const d = Decimal.tryParse(text);
  return d === null ? 'bad' : d;
}

/** Average price of a fill total, at 8 decimals (Binance's avgPrice). */
export function average(quote: Decimal, base: Decimal): Decimal {
  return base.isZero() ? ZERO : quote.div(base, 8, 'half-up');
}
