import { parentPort, workerData } from 'node:worker_threads';
import { loadBarData } from './bar-data.js';
import type { BarData } from './bar-data.js';
import type { GridData, GridReply, GridRequest, WorkerSetup } from './grid-pool.js';
import { loadStrategy } from './load-strategy.js';
import { runBacktestSync } from './run-backtest.js';
import { unshareBars } from './shared-bars.js';

const setup = (workerData as { data: WorkerSetup }).data;
const port = parentPort!;

// One worker of a grid: loads the strategy, takes the data (the first message), then runs each
// task it is sent.
try {
  const strategy = await loadStrategy(setup.strategy, setup.cwd);
  let data: BarData | null = null;
  port.on('message', (msg: GridData | GridRequest) => {
    if ('data' in msg) {
      try {
        data = typeof msg.data === 'string' ? loadBarData(msg.data) : unshareBars(msg.data);
        port.postMessage({ ready: true });
      } catch (err) {
        port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    const req = msg;
    let reply: GridReply;
    try {
      const { trades: _t, equity_curve: _c, logs: _l, ...summary } = runBacktestSync({
        ...setup.options,
        data: data as BarData,
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
} catch (err) {
  port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
}
