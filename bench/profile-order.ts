/**
 * `npx tsx bench/profile-order.ts [seconds]`: where the time of `POST /api/trading/order` goes. The
 * app runs in this process under the V8 CPU profiler while autocannon (a child process) sends market
 * orders on 50 connections, as bench/http.ts does; prints the functions with the most self time and
 * the same time grouped by area (HTTP, Fastify, validation, engine, SQLite, …). `PROFILE_OUT=file`
 * also writes the .cpuprofile (open it in Chrome's DevTools). It profiles src/ through tsx (so that
 * each function keeps its file for the areas below; `BENCH_APP=bundle` profiles the esbuild bundle
 * that bench/http.ts measures, where tsx's `__name` helpers are not called).
 */
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { loadgen, orderLoad, startOurs } from './http.js';

const seconds = Number(process.argv[2] ?? 5);
process.env.BENCH_APP ??= 'source';

/** The area a function belongs to, from its script's path. */
function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)' || name === '(idle)') return name;
  if (/better-sqlite3/.test(url)) return 'better-sqlite3';
  if (/\/src\/persistence\//.test(url)) return 'src/persistence';
  if (/\/src\/engine\//.test(url)) return 'src/engine';
  if (/\/src\/domain\//.test(url)) return 'src/domain';
  if (/\/src\/sim\//.test(url)) return 'src/sim';
  if (/\/src\/server\//.test(url)) return 'src/server';
  if (/\/src\//.test(url)) return 'src (other)';
  if (/\/zod\//.test(url)) return 'zod';
  if (/fastify-type-provider-zod/.test(url)) return 'zod';
  if (/\/(fastify|find-my-way|light-my-request|avvio|@fastify|fast-json-stringify|secure-json-parse|pino|abstract-logging)\//.test(url)) return 'fastify';
  if (/^node:/.test(url) || url === '') return 'node (http, net, streams, timers)';
  return url.replace(/^.*node_modules\//, '').split('/')[0] ?? url;
}

const target = await startOurs();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const load = await loadgen(orderLoad(target.url, 50, seconds));
const { profile } = (await session.post('Profiler.stop')) as { profile: Profiler.Profile };
session.disconnect();
await target.close();
if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));

const dt = new Map<number, number>();
(profile.samples ?? []).forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const byFn = new Map<string, number>();
const byArea = new Map<string, number>();
for (const n of profile.nodes) {
  const t = dt.get(n.id) ?? 0;
  if (!t) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  const key = `${functionName || '(anonymous)'}  ${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const a = area(url, functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + t);
}
// Inclusive time: a function's own samples and those of everything it called (once per stack).
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Profiler.ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}`;
const inclusive = new Map<string, number>();
for (const [id, t] of dt) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const key = label(nodes.get(cur)!);
    if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    seen.add(key);
  }
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
const busy = total - (byArea.get('(idle)') ?? 0);
console.log(`${Math.round(load.total / load.duration)} orders/s for ${load.duration} s; main thread busy ${((100 * busy) / total).toFixed(0)} %, ${((busy / load.total) * 1).toFixed(1)} µs of it per order`);
console.log('\nby area (self time)');
for (const [a, t] of [...byArea].sort((x, y) => y[1] - x[1])) console.log(`${pct(t)}  ${(t / load.total).toFixed(1).padStart(6)} µs/order  ${a}`);
console.log('\ntop functions (self time)');
for (const [f, t] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, 30)) console.log(`${pct(t)}  ${f}`);
console.log('\ntop functions of src/ (inclusive time: with what they call)');
for (const [f, t] of [...inclusive].filter(([k]) => k.includes(process.env.BENCH_APP === 'bundle' ? 'bench-app' : 'src/')).sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`${pct(t)}  ${(t / load.total).toFixed(1).padStart(6)} µs/order  ${f}`);
