import type { Market, MarketInterface } from 'ccxt';
import { Decimal } from '../../domain/decimal.js';
import { instrument, type Instrument } from '../../domain/instrument.js';

/** A number ccxt parsed from the venue's decimal text, back to that exact text. */
export const exact = (n: number | string | undefined | null): Decimal | null =>
  n === undefined || n === null || n === '' ? null : Decimal.tryParse(typeof n === 'number' ? n : String(n));

export interface VenueMarket {
  readonly instrument: Instrument;
  /** ccxt's unified symbol, e.g. BTC/USDT:USDT. */
  readonly ccxtSymbol: string;
  /**
   * Base units in one of ccxt's amounts: ccxt counts contract markets in contracts (OKX
   * BTC-USDT-SWAP: 0.01 BTC each; Binance and Bybit linear: 1), our quantities are in base units.
   */
  readonly contractSize: Decimal;
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
  symbolOf: (m: MarketInterface) => string = (m) => m.id!.toUpperCase(),
): Map<string, VenueMarket> {
  const out = new Map<string, VenueMarket>();
  for (const m of markets) {
    if (!m?.id || m.type !== type || m.active === false || (type === 'swap' && !m.linear)) continue;
    const cs = (m.contract ? exact(m.contractSize) : null) ?? Decimal.ONE;
    if (cs.sign() <= 0) continue;
    const tick = exact(m.precision?.price);
    const contracts = exact(m.precision?.amount);
    if (!tick || !contracts || tick.sign() <= 0 || contracts.sign() <= 0) continue;
    const step = contracts.mul(cs).normalize();
    const minQty = (exact(m.limits?.amount?.min)?.mul(cs) ?? step).normalize();
    const maxQty = exact(m.limits?.amount?.max)?.mul(cs).normalize();
    const inst = instrument({
      exchange,
      symbol: symbolOf(m),
      base: m.base,
      quote: m.quote,
      marketType: type === 'swap' ? 'linear' : 'spot',
      tickSize: tick.toString(),
      stepSize: step.toString(),
      minQty: minQty.toString(),
      maxQty: (maxQty ?? Decimal.fromInt(1_000_000_000)).toString(),
      minNotional: (exact(m.limits?.cost?.min) ?? Decimal.ZERO).toString(),
      makerFee: (exact(m.maker) ?? Decimal.parse('0.0002')).toString(),
      takerFee: (exact(m.taker) ?? Decimal.parse('0.0005')).toString(),
      priceBand: priceBand(m.info) ?? WIDE_BAND,
    });
    out.set(inst.symbol, { instrument: inst, ccxtSymbol: m.symbol, contractSize: cs });
  }
  return out;
}
