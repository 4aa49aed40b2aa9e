/**
 * The market-data files a replay can be started from: the CSVs shipped with the project ("bundled")
 * and the ones the user imported. Implemented by server/datasets/dataset-library.ts; the replay
 * opens `path` with the CSV code of sim/market.
 */
export interface DatasetInfo {
  /** Stable: a bundled file's name without `.csv`; an imported file `imp-<n>` (never reused). */
  readonly id: string;
  /** Absolute path of the file. */
  readonly path: string;
  /** The file's name (`bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv`). */
  readonly file: string;
  /** A bundled file's id; an imported one's name as given (default: its file name without `.csv`). */
  readonly name: string;
  readonly symbol: string;
  /** `binance`, `bybit`, … from the file name (or a Tardis `exchange` column); null when neither tells. */
  readonly venue: string | null;
  readonly market: DatasetMarket | null;
  /** The bar interval of a kline file (`1m`, `5m`, `1h`, `1d`, …), or `trades` for a trade-by-trade file. */
  readonly interval: string;
  /** Open time of the first bar / time of the first trade, ms since the epoch. */
  readonly first_time: number;
  /** Open time of the last bar / time of the last trade. */
  readonly last_time: number;
  /** Data rows (bars or trades). */
  readonly rows: number;
  readonly source: 'bundled' | 'imported';
}

export type DatasetMarket = 'spot' | 'linear' | 'inverse';

/** What reading a file tells about it (everything of DatasetInfo that is not where it is or who added it). */
export type DatasetFacts = Pick<DatasetInfo, 'symbol' | 'venue' | 'market' | 'interval' | 'first_time' | 'last_time' | 'rows'>;

/** The port the replay codes against. */
export interface DatasetCatalog {
  /** Every usable dataset: the bundled ones (by file name), then the imported ones (oldest first). */
  list(): DatasetInfo[];
  /** One dataset, or null when there is none by that id (or its file is gone or no longer valid). */
  get(id: string): DatasetInfo | null;
}
