import { parentPort, workerData } from 'node:worker_threads';
import { loadBarData } from './bar-data.js';
import type { GridReply, GridRequest, WorkerSetup } from './grid-pool.js';
import { loadStrategy } from './load-strategy.js';
import { runBacktestSync } from './run-backtest.js';
import { unshareBars } from './shared-bars.js';

// One worker of a grid: reads the data and the strategy once, then runs each task it is sent.
const setup = (workerData as { data: WorkerSetup }).data;
const port = parentPort!;

try {
  const data = typeof setup.data === 'string' ? loadBarData(setup.data) : unshareBars(setup.data);
  const strategy = await loadStrategy(setup.strategy, setup.cwd);
  port.on('message', (req: GridRequest) => {
    let reply: GridReply;
    try {
      const { trades: _t, equity_curve: _c, logs: _l, ...summary } = runBacktestSync({
        ...setup.options,
        data,
        strategy,
        params: req.task.params,
        from: req.task.from,
        to: req.task.to,
        curvePoints: 1,
      });
      reply = { index: req.index, outcome: { ok: true, result: summary } };
    } catch (err) {
      reply = { index: req.index, outcome: { ok: false, error: err instanceof Error ? err.message : String(err) } };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
}
