import { Decimal } from '../../domain/decimal.js';
import type { CsvData } from './csv-bars.js';

/** Significant digits of a rebasing factor: the first price lands within 0.5 % of 100. */
const FACTOR_DIGITS = 3;
const TARGET = Decimal.fromInt(100);

/**
 * The factor that brings `price` near 100: 100 / price rounded to three significant digits, so it
 * is an exact, short decimal (2512.37 → 0.0398: the first price is 99.99). Every price × factor is
 * then exact, and the file's tick × factor is the rebased market's tick: an order on that grid is
 * an order on the file's own grid, scaled.
 */
export function rebaseFactor(price: Decimal): Decimal {
  if (price.sign() <= 0) throw new RangeError(`cannot rebase a price of ${price.toString()}`);
  const q = TARGET.div(price, 30);
  const digits = q.abs().raw.toString().length;
  const scale = Math.max(0, q.scale - (digits - FACTOR_DIGITS));
  return q.rescale(scale, 'half-even').normalize();
}

/** The same file with every price multiplied by `factor` (volumes as they were). */
export function rebasedCsv(data: CsvData, factor: Decimal): CsvData {
  const m = (d: Decimal) => d.mul(factor);
  const priceScale = data.priceScale + factor.normalize().scale;
  if (data.kind === 'klines') {
    return { ...data, priceScale, bars: data.bars.map((b) => ({ ...b, open: m(b.open), high: m(b.high), low: m(b.low), close: m(b.close) })) };
  }
  return { ...data, priceScale, trades: data.trades.map((t) => ({ ...t, price: m(t.price) })) };
}
