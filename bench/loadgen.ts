/**
 * The load generator, run as a child process by bench/http.ts so it does not share the server's
 * event loop: `node --import tsx bench/loadgen.ts '<autocannon options as JSON>'`. Prints a summary
 * as one line of JSON on stdout. Latency percentiles come from every response's own time (fractional
 * ms), not from autocannon's whole-millisecond histogram.
 */
import autocannon, { type Options } from 'autocannon';

const opts = JSON.parse(process.argv[2] ?? '{}') as Options;
const times: number[] = [];
const instance = autocannon(opts);
instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms));
const r = await instance;
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? NaN;
const summary = {
  duration: r.duration,
  total: r.requests.total,
  ok: r['2xx'],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  p50: pct(50),
  p99: pct(99),
  max: times[times.length - 1] ?? NaN,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
