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
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const line = { t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, lagP99Ms: h.percentile(99) / 1e6, lagMaxMs: h.max / 1e6 };
    h.reset();
    appendFileSync(file, JSON.stringify(line) + '\n');
  }, every);
  timer.unref();
}
