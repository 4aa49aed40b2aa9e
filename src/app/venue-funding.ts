import type { Decimal } from '../domain/decimal.js';
import { FUNDING_INTERVAL_MS, type FundingSource } from '../domain/funding.js';
import type { ExchangeAdapter } from '../engine/ports.js';

/**
 * The funding of the main engine's simulated accounts: paper trading on a real venue pays that
 * venue's current rate (read through its adapter, kept here; Binance premiumIndex, Bybit tickers),
 * the embedded `sim` market and a venue not read yet the fixed FUNDING_RATE (or nothing). Funding
 * falls due every 8 h at 00, 08, 16 UTC, as on both venues for their USDT perpetuals.
 *
 * @example
 *   const f = new VenueFundingRates((id) => exchanges.get(id), fixedFunding(dec('0.0001')));
 *   await f.refresh([{ exchange: 'binance', symbol: 'BTCUSDT' }]);
 */
export class VenueFundingRates implements FundingSource {
  private readonly rates = new Map<string, Decimal>();

  constructor(
    private readonly adapter: (exchange: string) => ExchangeAdapter | undefined,
    private readonly fallback: FundingSource | null,
    private readonly intervalMs = FUNDING_INTERVAL_MS,
  ) {}

  nextAfter(time: number): number {
    return (Math.floor(time / this.intervalMs) + 1) * this.intervalMs;
  }

  rateAt(symbol: string, time: number, exchange?: string): Decimal | null {
    const venue = exchange === undefined ? undefined : this.rates.get(`${exchange}|${symbol}`);
    return venue ?? this.fallback?.rateAt(symbol, time, exchange) ?? null;
  }

  /** Reads the venues' current rates of these pairs; a venue that fails keeps the rate it had. Returns how many were read. */
  async refresh(pairs: readonly { readonly exchange: string; readonly symbol: string }[]): Promise<number> {
    let read = 0;
    for (const { exchange, symbol } of pairs) {
      const a = this.adapter(exchange);
      if (!a?.fundingRate || !a.info().connected) continue;
      try {
        const r = await a.fundingRate(symbol);
        if (r) {
          this.rates.set(`${exchange}|${symbol}`, r.rate);
          read++;
        }
      } catch {
        // Unreachable for now: the last rate read (or the fallback) stands until the next refresh.
      }
    }
    return read;
  }
}
