import { loadBarData } from './src/backtest/bar-data.ts';
import { loadStrategy } from './src/backtest/load-strategy.ts';
import { runBacktestSync } from './src/backtest/run-backtest.ts';
const data = loadBarData('./datasets/bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv');
const def = await loadStrategy('sma_cross');
runBacktestSync({ data, strategy: def, params: { fast: 50, slow: 200, quantity: 1 }, feeBps: 5, repeat: 2 });
const t0 = performance.now();
const r = runBacktestSync({ data, strategy: def, params: { fast: 50, slow: 200, quantity: 1 }, feeBps: 5, repeat: 116 });
console.log(performance.now() - t0, r.trade_count);
