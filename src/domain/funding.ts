import { Decimal } from './decimal.js';
import type { PositionId, TradingMode } from './ids.js';

/**
 * Funding of a perpetual: at each funding time the holder of a position pays (rate > 0, long) or
 * receives notional × rate, the notional at the mark of that moment. One payment a position a
 * funding time, kept in the ledger like a fill.
 *
 * @example
 *   fundingAmount(dec('2'), dec('92.25'), dec('0.0001'), 8) // −0.01845: a long pays a positive rate
 */
export interface FundingPayment {
  readonly mode: TradingMode;
  readonly exchange: string;
  readonly symbol: string;
  readonly positionId: PositionId;
  /** The funding time (e.g. 00:00, 08:00, 16:00 UTC for an 8 h interval). */
  readonly time: number;
  readonly rate: Decimal;
  readonly markPrice: Decimal;
  /** The signed position size it was paid on. */
  readonly quantity: Decimal;
  /** What the account received: −quantity × mark × rate (negative: paid). */
  readonly amount: Decimal;
}

export const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** −quantity × mark × rate at `scale` digits (half-even), as the venues settle it in the quote asset. */
export function fundingAmount(quantity: Decimal, mark: Decimal, rate: Decimal, scale: number): Decimal {
  return quantity.mul(mark).mul(rate).neg().rescale(scale, 'half-even');
}

/** Where the rates come from: one rate at every funding time, or a venue's history of them. */
export interface FundingSource {
  /** The first funding time strictly after `time`, or null when none is left. */
  nextAfter(time: number): number | null;
  /** The rate at a funding time of `symbol` on `exchange` (null: none then, e.g. before a file's first row). */
  rateAt(symbol: string, time: number, exchange?: string): Decimal | null;
}

/** The same rate every `intervalMs` (aligned to the epoch: 00, 08, 16 UTC for 8 h): the generator's, a backtest's --funding. */
export function fixedFunding(rate: Decimal, intervalMs = FUNDING_INTERVAL_MS): FundingSource {
  return {
    nextAfter: (time) => (Math.floor(time / intervalMs) + 1) * intervalMs,
    rateAt: () => rate,
  };
}

/** A history of funding times and rates (oldest first), e.g. from Binance's public fundingRate CSV. */
export function seriesFunding(points: readonly { time: number; rate: Decimal }[]): FundingSource {
  const times = points.map((p) => p.time);
  const rates = new Map(points.map((p) => [p.time, p.rate]));
  return {
    nextAfter: (time) => {
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid]! <= time) lo = mid + 1;
        else hi = mid;
      }
      return lo < times.length ? times[lo]! : null;
    },
    rateAt: (_symbol, time) => rates.get(time) ?? null,
  };
}

/**
 * Binance's public funding-rate file (data.binance.vision futures/um/monthly/fundingRate, e.g.
 * BTCUSDT-fundingRate-2024-06.csv): `calc_time,funding_interval_hours,last_funding_rate`, one row
 * a funding time. Throws on a line that is not one, naming it.
 */
export function parseBinanceFundingCsv(text: string): { time: number; rate: Decimal }[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out: { time: number; rate: Decimal }[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && !/^\d+$/.test(cells[0] ?? '')) {
      if (cells[0] !== 'calc_time' || cells[2] !== 'last_funding_rate') throw new RangeError(`line 1: expected the header calc_time,funding_interval_hours,last_funding_rate, got "${line}"`);
      return;
    }
    const time = Number(cells[0]);
    const rate = Decimal.tryParse(cells[2] ?? '');
    if (!Number.isSafeInteger(time) || rate === null) throw new RangeError(`line ${i + 1}: not a funding row (calc_time ms, interval hours, rate): "${line}"`);
    out.push({ time, rate });
  });
  return out.sort((a, b) => a.time - b.time);
}
