import { fileURLToPath } from 'node:url';

/** The sample market data the project ships (datasets/README.md): never a file outside the repository. */
export const DATASETS_DIR = fileURLToPath(new URL('../datasets/', import.meta.url));

export const DATASET = {
  btcSpot1m: `${DATASETS_DIR}binance_spot_BTCUSDT_1m_2025-08-01_2025-08-11.csv`,
  ethBybit1m: `${DATASETS_DIR}bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv`,
  avaxUm1m: `${DATASETS_DIR}binance_futures_um_AVAXUSDT_1m_2023-02.csv`,
  btcTrades: `${DATASETS_DIR}binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample.csv`,
} as const;
