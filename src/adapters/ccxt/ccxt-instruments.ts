import type { Market } from 'ccxt';
import { Decimal } from '../../domain/decimal.js';
import { instrument, type Instrument } from '../../domain/instrument.js';

/** A number ccxt parsed from the venue's decimal text, back to that exact text. */
export const exact = (n: number | string | undefined | null): Decimal | null =>
  n === undefined || n === null || n === '' ? null : Decimal.tryParse(typeof n === 'number' ? n : String(n));

export interface VenueMarket {
  readonly instrument: Instrument;
  /** ccxt's unified symbol, e.g. BTC/USDT:USDT. */
  readonly ccxtSymbol: string;
}

/**
 * ccxt markets (TICK_SIZE precision mode: precision.price is the tick) → our instruments, keyed
 * by the venue's own symbol (BTCUSDT). Only active markets of the wanted type are kept.
 */
/** Without a published band a real venue's prices are only refused when absurd (±50 % of the mark). */
const WIDE_BAND = '0.5';

export function toInstruments(
  exchange: string,
  markets: readonly Market[],
  type: 'swap' | 'spot',
  priceBand: (raw: unknown) => string | null = () => null,
): Map<string, VenueMarket> {
  const out = new Map<string, VenueMarket>();
  for (const m of markets) {
    if (!m?.id || m.type !== type || m.active === false || (type === 'swap' && !m.linear)) continue;
    const tick = exact(m.precision?.price);
    const step = exact(m.precision?.amount);
    if (!tick || !step || tick.sign() <= 0 || step.sign() <= 0) continue;
    const minQty = exact(m.limits?.amount?.min) ?? step;
    const inst = instrument({
      exchange,
      symbol: m.id!.toUpperCase(),
      base: m.base,
      quote: m.quote,
      marketType: type === 'swap' ? 'linear' : 'spot',
      tickSize: tick.toString(),
      stepSize: step.toString(),
      minQty: minQty.toString(),
      maxQty: (exact(m.limits?.amount?.max) ?? Decimal.fromInt(1_000_000_000)).toString(),
      minNotional: (exact(m.limits?.cost?.min) ?? Decimal.ZERO).toString(),
      makerFee: (exact(m.maker) ?? Decimal.parse('0.0002')).toString(),
      takerFee: (exact(m.taker) ?? Decimal.parse('0.0005')).toString(),
      priceBand: priceBand(m.info) ?? WIDE_BAND,
    });
    out.set(inst.symbol, { instrument: inst, ccxtSymbol: m.symbol });
  }
  return out;
}
