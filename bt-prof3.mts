import { loadBarData } from './src/backtest/bar-data.ts';
import { loadStrategy } from './src/backtest/load-strategy.ts';
import { runBacktestSync } from './src/backtest/run-backtest.ts';
const data = loadBarData('./datasets/bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv');
const def = await loadStrategy('sma_cross');
for (const [fast, slow] of [[20, 60]]) {
  runBacktestSync({ data, strategy: def, params: { fast, slow, quantity: 1 }, feeBps: 5, repeat: 2 });
  const t0 = performance.now();
  const r = runBacktestSync({ data, strategy: def, params: { fast, slow, quantity: 1 }, feeBps: 5, repeat: 20 });
  const ms = performance.now() - t0;
  console.log(fast, slow, r.trade_count, ms.toFixed(0), 'ms', ((r.bars / ms) * 1000 / 1e6).toFixed(2), 'M bars/s');
}
