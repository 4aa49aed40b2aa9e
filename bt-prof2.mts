import { loadBarData } from './src/backtest/bar-data.ts';
import { runBacktestSync } from './src/backtest/run-backtest.ts';
import { defineStrategy } from './src/backtest/strategy.ts';
const data = loadBarData('./datasets/bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv');
const idle = defineStrategy({ name: 'idle', description: '', params: {}, create: () => ({ onBar() {} }) });
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  runBacktestSync({ data, strategy: idle, feeBps: 5, repeat: 10 });
  console.log('idle', performance.now() - t0);
}
