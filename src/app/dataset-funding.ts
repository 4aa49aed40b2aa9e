import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Decimal } from '../domain/decimal.js';
import { fixedFunding, parseBinanceFundingCsv, seriesFunding, type FundingSource } from '../domain/funding.js';

/**
 * The funding a practice session on a dataset pays: Binance's public funding-rate files lying beside
 * the dataset (`<SYMBOL>-fundingRate-<YYYY-MM>.csv`, as data.binance.vision names them; several
 * months are read as one history), else the fixed rate configured (FUNDING_RATE), else none.
 *
 * @example
 *   datasets/BTCUSDT-fundingRate-2024-06.csv beside datasets/binance_futures_um_BTCUSDT_1m_2024-06.csv
 */
export function datasetFunding(datasetPath: string, symbol: string, fixedRate: Decimal | null): FundingSource | null {
  const dir = dirname(datasetPath);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.toUpperCase().startsWith(`${symbol.toUpperCase()}-FUNDINGRATE`) && n.toLowerCase().endsWith('.csv'));
  } catch {
    names = [];
  }
  if (names.length > 0) {
    const points = names.sort().flatMap((n) => {
      try {
        return parseBinanceFundingCsv(readFileSync(join(dir, n), 'utf8'));
      } catch (err) {
        throw new RangeError(`${basename(n)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    });
    return seriesFunding(points.sort((a, b) => a.time - b.time));
  }
  return fixedRate ? fixedFunding(fixedRate) : null;
}
