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
export function datasetFunding(datasetPath: string, symbol: string, fixedRate: Decimal | null, importDir?: string): FundingSource | null {
  const files = [...new Set([dirname(datasetPath), ...(importDir ? [importDir] : [])])].flatMap((dir) => {
    try {
      return readdirSync(dir)
        .filter((n) => n.toUpperCase().startsWith(`${symbol.toUpperCase()}-FUNDINGRATE`) && n.toLowerCase().endsWith('.csv'))
        .map((n) => join(dir, n));
    } catch {
      return [];
    }
  });
  if (files.length > 0) {
    const byTime = new Map<number, { time: number; rate: Decimal }>();
    for (const f of files.sort()) {
      let points: { time: number; rate: Decimal }[];
      try {
        points = parseBinanceFundingCsv(readFileSync(f, 'utf8'));
      } catch (err) {
        throw new RangeError(`${basename(f)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      for (const p of points) byTime.set(p.time, p); // the same month found twice is one history
    }
    return seriesFunding([...byTime.values()].sort((a, b) => a.time - b.time));
  }
  return fixedRate ? fixedFunding(fixedRate) : null;
}
