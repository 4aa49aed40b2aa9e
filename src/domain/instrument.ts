import { Decimal } from './decimal.js';

/** A tradable market on one exchange, with the exchange's own rules. */
export interface Instrument {
  readonly exchange: string;
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly marketType: 'linear' | 'spot';
  readonly tickSize: Decimal;
  readonly stepSize: Decimal;
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly minNotional: Decimal;
  readonly makerFee: Decimal;
  readonly takerFee: Decimal;
  /** Digits of the quote asset used for balances, PnL and fees. */
  readonly quoteScale: number;
  /** A limit or stop price further than this fraction from the mark is refused (Binance PERCENT_PRICE). */
  readonly priceBand: Decimal;
}

export const priceScale = (i: Instrument): number => i.tickSize.normalize().scale;
export const qtyScale = (i: Instrument): number => i.stepSize.normalize().scale;

export function instrument(fields: {
  exchange: string;
  symbol: string;
  base: string;
  quote: string;
  marketType?: 'linear' | 'spot';
  tickSize: string;
  stepSize: string;
  minQty?: string;
  maxQty: string;
  minNotional: string;
  makerFee: string;
  takerFee: string;
  quoteScale?: number;
  priceBand?: string;
}): Instrument {
  return {
    exchange: fields.exchange,
    symbol: fields.symbol,
    base: fields.base,
    quote: fields.quote,
    marketType: fields.marketType ?? 'linear',
    tickSize: Decimal.parse(fields.tickSize),
    stepSize: Decimal.parse(fields.stepSize),
    minQty: Decimal.parse(fields.minQty ?? fields.stepSize),
    maxQty: Decimal.parse(fields.maxQty),
    minNotional: Decimal.parse(fields.minNotional),
    makerFee: Decimal.parse(fields.makerFee),
    takerFee: Decimal.parse(fields.takerFee),
    quoteScale: fields.quoteScale ?? 8,
    priceBand: Decimal.parse(fields.priceBand ?? '0.05'),
  };
}

/** Fee of one fill in the quote asset, rounded half-up to the quote precision. */
export function feeFor(i: Instrument, price: Decimal, quantity: Decimal, liquidity: 'MAKER' | 'TAKER'): Decimal {
  const rate = liquidity === 'MAKER' ? i.makerFee : i.takerFee;
  return price.mul(quantity).mul(rate).rescale(i.quoteScale, 'half-up');
}
