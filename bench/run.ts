/**
 * `npm run bench`: the matching core against nodejs-order-book, the order route against a raw
 * Fastify route, the WebSocket price fan-out (one symbol; 50 symbols × 3 exchanges at real rates)
 * against a raw `ws` broadcast, the cold start against a raw Fastify server, and the browser page's
 * frames against a blank page, each baseline measured in the same run (alternating passes, best of each;
 * start-up: medians). Prints a table and writes bench/out/latest.json. Every `ratio` is oriented so
 * that > 1 is better for us.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runHttp } from './http.js';
import { runMatching } from './matching.js';
import { runMultiSymbol } from './multi-symbol.js';
import { runStartup } from './startup.js';
import { table, type Row } from './table.js';
import { runWebFrames } from './web-frames.js';
import { runWsFanout } from './ws-fanout.js';

const log = (line: string) => console.log(line);
const started = Date.now();
const rows: Row[] = [];

log('matching core vs nodejs-order-book (best of 3 alternating passes each, after warm-up)');
rows.push(...runMatching({ reps: 3, log }));

log('http: whole app vs raw fastify (autocannon in a child process, 2 alternating rounds, best of each)');
rows.push(...(await runHttp({ connections: 50, seconds: 5, lightSeconds: 3, rounds: 2, log })));

log('ws fan-out: /ws/multi-exchange to 100 clients vs raw ws broadcast (clients in a child process, 2 alternating rounds, best of each)');
rows.push(...(await runWsFanout({ clients: 100, seconds: 3, warmSeconds: 0.5, rate: 50, rateSeconds: 2, rounds: 2, log })));

log('multi-symbol: /ws/multi-symbol, 50 symbols × 3 exchanges at real rates to 20 clients vs raw ws broadcast (clients in a child process, 2 alternating rounds, best of each)');
rows.push(...(await runMultiSymbol({ symbols: 50, clients: 20, seconds: 6, warmSeconds: 1, rounds: 2, log })));

log('startup: spawn → /health ok vs raw fastify, and the ccxt classes vs an empty child (4 alternating runs each, medians)');
rows.push(...(await runStartup({ runs: 4, log })));

log('web: the trainer page in headless Chromium during a fast replay vs a blank page (frame interval, frame work vs the 16 ms budget, chart updates vs ticks)');
rows.push(...(await runWebFrames({ seconds: 30, log })));

const outDir = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.json`, `${JSON.stringify(rows, null, 2)}\n`);

log('');
log(table(rows));
log(`\nwrote bench/out/latest.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
