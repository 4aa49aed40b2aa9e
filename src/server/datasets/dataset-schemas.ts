import { z } from 'zod';

/** Requests and answers of /api/datasets. */
export const datasetSchema = z.object({
  id: z.string().describe('stable: a bundled file\'s name without `.csv`, an imported file `imp-<n>` (never reused)'),
  path: z.string().describe('absolute path of the file (an import\'s real path, symbolic links resolved)'),
  file: z.string().describe('the file name'),
  name: z.string().describe('the id of a bundled file; the name given at import (default: the file name without `.csv`)'),
  symbol: z.string().describe('from the symbol column, else the file name'),
  venue: z.string().nullable().describe('`binance`, `bybit`, … from the file name (or a Tardis `exchange` column); null when neither tells'),
  market: z.enum(['spot', 'linear', 'inverse']).nullable().describe('from the file name (`spot`, `linear`/`um`, `inverse`/`cm`, `futures` by the quote asset); null when it does not tell'),
  interval: z.string().describe('the bar interval of a kline file (`1m`, `5m`, `1h`, `1d`, …), or `trades` for a trade-by-trade file'),
  first_time: z.number().int().describe('open time of the first bar, or time of the first trade (ms since the epoch)'),
  last_time: z.number().int().describe('open time of the last bar, or time of the last trade'),
  rows: z.number().int().describe('data rows: bars or trades'),
  source: z.enum(['bundled', 'imported']),
});

const noControl = (s: string): boolean => ![...s].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127);

export const importBody = z.strictObject({
  path: z
    .string({ error: 'is required: the CSV file to import, absolute or relative to the server\'s working directory' })
    .min(1, 'must not be empty')
    .max(4096, 'must be at most 4096 characters')
    .refine(noControl, 'must not contain control characters'),
  name: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .refine(noControl, 'must not contain control characters')
    .optional(),
});

export const datasetParams = z.object({ id: z.string().max(200) });
