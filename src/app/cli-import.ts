import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../persistence/sqlite/database.js';
import { SqliteDatasetStore } from '../persistence/sqlite/sqlite-datasets.js';
import { DatasetLibrary, type ImportResult } from '../server/datasets/dataset-library.js';
import type { Market } from '../sim/market/dataset-naming.js';
import { UsageError, type Command, type Env } from './cli-command.js';
import { importFiles } from './dataset-import.js';
import { preparePrivateDataDir } from './private-data-dir.js';
import { bundledDatasetDirs } from './project-root.js';

export const dataDir = (env: Env): string => resolve(env.DATA_DIR || './data');

const MARKETS: readonly Market[] = ['spot', 'linear', 'inverse'];

/** `import <file…>`: market-data files into the datasets the server lists (same DATA_DIR/trainer.db). */
export const importCommand: Command = {
  args: '<file…> [--name N] [--venue V] [--market M] [--json]',
  summary: 'import market-data files (Binance klines/trades/aggTrades .csv or .zip, Bybit klines, …) as datasets for replay and backtests',
  help: [
    'Each CSV (also every .csv inside a .zip, or a .csv.gz) becomes one dataset; every line of every file is',
    'checked first, and a bad one refuses the whole import (file, line and why; exit 1; nothing recorded).',
    'Layouts: Binance public-data klines, trades and aggTrades with or without their header, times in ms or µs;',
    'Bybit klines (timestamp,open,high,low,close,volume…), OHLCV with a header, Tardis trades.',
    'A CSV is recorded where it is; an archive is extracted into DATA_DIR/datasets/ (a Binance .CHECKSUM beside it is verified).',
    'The datasets are listed by GET /api/datasets of a server on the same DATA_DIR (default ./data).',
    '',
    '--name N     the dataset\'s name (one dataset only; default: the file name without .csv)',
    '--venue V    for an archive whose name does not tell it: prefix the extracted file (binance_…), e.g. binance',
    '--market M   likewise: spot | linear | inverse (Binance futures/um is linear, futures/cm inverse)',
    '--json       print {"datasets": [...]} as GET /api/datasets answers them',
  ],
  run(args, env, print) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { name: { type: 'string' }, venue: { type: 'string' }, market: { type: 'string' }, json: { type: 'boolean' } },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0) throw new UsageError('name at least one file to import');
    if (values.name !== undefined && positionals.length > 1) throw new UsageError(`--name names one dataset, and this import has ${positionals.length} files: leave it out`);
    const name = values.name?.trim();
    if (values.name !== undefined && (name === '' || (name as string).length > 100)) throw new UsageError('--name must be 1 to 100 characters');
    const market = values.market?.toLowerCase();
    if (market !== undefined && !MARKETS.includes(market as Market)) throw new UsageError(`--market must be one of ${MARKETS.join(', ')}, not ${values.market}`);
    const venue = values.venue?.toLowerCase();
    if (venue !== undefined && !/^[a-z][a-z0-9]{1,19}$/.test(venue)) throw new UsageError(`--venue must be a lower-case word such as binance, not ${values.venue}`);
    const dir = dataDir(env);
    preparePrivateDataDir(dir);
    const db = openDatabase(join(dir, 'trainer.db'));
    try {
      const library = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: bundledDatasetDirs() });
      const funding: string[] = [];
      const onFunding = (file: string, rows: number) => funding.push(`${file}: ${rows} funding rates, for practice sessions on ${file.split('-')[0]}`);
      const results = importFiles(library, positionals, { datasetsDir: join(dir, 'datasets'), name, venue, market: market as Market | undefined, onFunding });
      if (!values.json) for (const line of funding) print(line);
      if (values.json) print(JSON.stringify({ datasets: results.map((r) => ({ ...r.dataset, created: r.created })) }));
      else for (const r of results) print(describe(r));
      return 0;
    } finally {
      db.close();
    }
  },
};

function describe({ dataset: d, created }: ImportResult): string {
  const where = [d.venue, d.market].filter(Boolean).join(' ') || 'venue unknown';
  const span = `${new Date(d.first_time).toISOString()} → ${new Date(d.last_time).toISOString()}`;
  return `${created ? 'imported' : 'already there'}  ${d.id}  ${d.name}  ${d.symbol} ${d.interval} (${where})  ${d.rows} rows  ${span}  ${d.path}`;
}
