/**
 * Preloaded into the soak's server process (`node --import tsx --import ./bench/soak/probe.ts`):
 * every SOAK_SAMPLE_MS it appends one JSON line to SOAK_PROBE_FILE with the process's memory and
 * the event-loop delay (perf_hooks.monitorEventLoopDelay) measured since the line before.
 * The server's own code is not touched.
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.SOAK_PROBE_FILE;
const every = Number(process.env.SOAK_SAMPLE_MS ?? 30_000);
if (file) {
  // The histogram holds the time between two 10 ms samples: the lag is what exceeds the 10 ms.
  const RESOLUTION_MS = 10;
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const lag = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  h.enable();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const line = { t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, lagP99Ms: lag(h.percentile(99)), lagMaxMs: lag(h.max) };
    h.reset();
    appendFileSync(file, JSON.stringify(line) + '\n');
  }, every);
  timer.unref();
}
