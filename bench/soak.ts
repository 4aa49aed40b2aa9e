/**
 * `npm run soak` (not part of npm test): the fake Binance and Bybit streaming three symbols, the
 * server in a child process connected to them in paper trading, 50 long-lived WebSocket clients,
 * 2,000 short WebSocket visits spread over the run, orders at a steady rate, and one fake
 * (alternately) dropping every connection each minute. Every 30 s: RSS, heap and event-loop lag
 * p99 of the server (measured inside it by bench/soak/probe.ts). At the end: no 1m candle gap after
 * the reconnects, a table, and whether memory stayed flat. SOAK_MINUTES (default 10), SOAK_ORDERS_PER_S (4).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeBinance } from '../test/fakes/fake-binance.js';
import { startFakeBybit } from '../test/fakes/fake-bybit.js';
import { freePort, REPO_ROOT } from '../test/server/harness.js';
import { candleGaps, header, line, memoryVerdict, type Kline, type Sample } from './soak/report.js';
import { WsCrowd } from './soak/ws-crowd.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const ORDERS_PER_S = Number(process.env.SOAK_ORDERS_PER_S ?? 4);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 30_000);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'AVAXUSDT'];
const VENUES = ['binance', 'bybit'] as const;
const QTY: Record<string, number> = { BTCUSDT: 0.001, ETHUSDT: 0.01, AVAXUSDT: 1 };
const VISITS = 2_000;
const LONG_LIVED = 50;

const [binance, bybit] = await Promise.all([startFakeBinance({ seed: 7, symbols: SYMBOLS, historyBars: 90 }), startFakeBybit({ seed: 8, symbols: SYMBOLS, historyBars: 90 })]);
const fakes = { binance, bybit };
const dataDir = mkdtempSync(join(tmpdir(), 'scalping-trainer-soak-'));
const probeFile = join(dataDir, 'probe.jsonl');
const port = await freePort();
mkdirSync(join(REPO_ROOT, 'bench', 'out'), { recursive: true });
const serverLog = join(REPO_ROOT, 'bench', 'out', 'soak-server.log');
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--import', 'tsx', '--import', './bench/soak/probe.ts', 'src/app/main.ts'], {
  cwd: REPO_ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SIM_HISTORY_BARS: '30',
    RATE_LIMIT_PER_MINUTE: '0',
    WS_MAX_CONNECTIONS_PER_CLIENT: '0',
    SOAK_PROBE_FILE: probeFile,
    SOAK_SAMPLE_MS: String(SAMPLE_MS),
    BINANCE_REST_URL: binance.restUrl,
    BINANCE_WS_SPOT_URL: binance.wsUrls.spot,
    BINANCE_WS_LINEAR_URL: binance.wsUrls.linear,
    BYBIT_REST_URL: bybit.restUrl,
    BYBIT_WS_STREAM_URL: bybit.wsUrls.public!,
  },
});
const logStream = createWriteStream(serverLog);
child.stdout.pipe(logStream);
child.stderr.pipe(logStream);
let serverDied = false;
let stopping = false;
child.once('exit', () => (serverDied = !stopping));

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(base + path, { method, headers: method === 'GET' ? {} : { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  return { status: res.status, json: (await res.json()) as unknown };
}
async function must(method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await call(method, path, body);
  if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health`)).status === 200) break;
  } catch {
    // not yet
  }
  if (i > 300) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 100));
}
for (const symbol of SYMBOLS) await must('POST', '/api/symbols/add', { symbol, exchanges: [...VENUES] });
await must('POST', '/api/trading/config/mode', { mode: 'paper_trading' });
const ticks = new Map<string, number>();
for (const v of VENUES) for (const s of ((await must('GET', `/api/exchanges/${v}/symbols`)) as { symbols: { symbol: string; tick_size: number }[] }).symbols) ticks.set(`${v}:${s.symbol}`, s.tick_size);

const crowd = new WsCrowd(base.replace('http', 'ws'), ['/ws/multi-symbol', ...SYMBOLS.map((s) => `/ws/multi-exchange/${s}`)]);
await crowd.openLongLived(LONG_LIVED);
const started = Date.now();
const runStart = Math.floor(started / 60_000) * 60_000;
const end = started + MINUTES * 60_000;
console.log(`soak: ${MINUTES} min, ${SYMBOLS.length} symbols on ${VENUES.join(' + ')} fakes, ${LONG_LIVED} WS clients, ${VISITS} WS visits, ${ORDERS_PER_S} orders/s in paper trading; server pid ${child.pid}, its log in ${serverLog}`);

// Orders: market orders that alternate sides per (venue, symbol), and now and then a resting limit and its cancel.
const orders = { ok: 0, errors: 0, codes: new Map<string, number>() };
let n = 0;
const orderTimer = setInterval(() => {
  const i = n++;
  const exchange = VENUES[i % 2]!;
  const symbol = SYMBOLS[Math.floor(i / 2) % SYMBOLS.length]!;
  const side = Math.floor(i / 6) % 2 === 0 ? 'BUY' : 'SELL';
  const place = async () => {
    if (i % 10 === 9) {
      const t = (await must('GET', `/api/exchanges/${exchange}/ticker/${symbol}`)) as { bid: number };
      const tick = ticks.get(`${exchange}:${symbol}`) ?? 0.01;
      const price = Number((Math.floor((t.bid * 0.99) / tick) * tick).toFixed(Math.max(0, Math.round(-Math.log10(tick)))));
      const o = (await must('POST', '/api/trading/order', { exchange, symbol, side: 'BUY', type: 'LIMIT', quantity: QTY[symbol], price })) as { order_id: string };
      await must('DELETE', `/api/trading/order/${exchange}/${symbol}/${o.order_id}`);
    } else await must('POST', '/api/trading/order', { exchange, symbol, side, type: 'MARKET', quantity: QTY[symbol] });
  };
  place().then(
    () => orders.ok++,
    (err: Error) => {
      orders.errors++;
      const code = /"code":"([A-Z_]+)"/.exec(err.message)?.[1] ?? err.message.slice(0, 60);
      orders.codes.set(code, (orders.codes.get(code) ?? 0) + 1);
    },
  );
}, 1_000 / ORDERS_PER_S);

let visitNo = 0;
const visitTimer = setInterval(() => void crowd.visit(visitNo++), (MINUTES * 60_000) / VISITS);
const drops: { at: number; exchange: string; dropped: number }[] = [];
const dropTimer = setInterval(() => {
  const exchange = VENUES[drops.length % 2]!;
  void fetch(`${fakes[exchange].restUrl}/__control/drop`, { method: 'POST' })
    .then((r) => r.json() as Promise<{ dropped: number }>)
    .then((r) => drops.push({ at: Date.now(), exchange, dropped: r.dropped }));
}, 60_000);

// Samples: one line of the probe file per SAMPLE_MS, printed as it comes.
const samples: Sample[] = [];
let lastMsgs = 0;
let lastAt = started;
console.log(header());
while (Date.now() < end && !serverDied) {
  await new Promise((r) => setTimeout(r, 1_000));
  const lines = existsSync(probeFile) ? readFileSync(probeFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  for (const text of lines.slice(samples.length)) {
    const p = JSON.parse(text) as { t: number; rss: number; heapUsed: number; lagP99Ms: number; lagMaxMs: number };
    if (p.t < started) continue;
    const s: Sample = { minute: (p.t - started) / 60_000, rssMb: p.rss / 2 ** 20, heapMb: p.heapUsed / 2 ** 20, lagP99Ms: p.lagP99Ms, lagMaxMs: p.lagMaxMs, wsMsgsPerS: ((crowd.messages - lastMsgs) * 1000) / (Date.now() - lastAt), visits: crowd.visits, orders: orders.ok, orderErrors: orders.errors, drops: drops.length };
    lastMsgs = crowd.messages;
    lastAt = Date.now();
    samples.push(s);
    console.log(line(s));
  }
}
clearInterval(orderTimer);
clearInterval(visitTimer);
clearInterval(dropTimer);
await new Promise((r) => setTimeout(r, 3_000));

// No 1m candle gap after a reconnect: every minute of the run is there, on every venue and symbol.
const gapRows: string[] = [];
let gapCount = 0;
for (const v of VENUES) {
  for (const s of SYMBOLS) {
    const k = (await must('GET', `/api/exchanges/${v}/klines/${s}?interval=1m&limit=1000`)) as { klines: Kline[] };
    const g = candleGaps(k.klines, runStart);
    const last = k.klines[k.klines.length - 1]?.open_time ?? 0;
    const tailMissing = Math.max(0, Math.floor((Math.floor(Date.now() / 60_000) * 60_000 - last) / 60_000));
    gapCount += g.gaps.length + (tailMissing > 1 ? 1 : 0);
    gapRows.push(`${v.padEnd(8)} ${s.padEnd(9)} ${String(g.bars).padStart(5)} bars since the start, ${g.gaps.length ? `GAPS ${JSON.stringify(g.gaps)}` : 'no gap'}${tailMissing > 1 ? `, the last ${tailMissing} minutes missing` : ''}`);
  }
}
const health = (await must('GET', '/health')) as { status: string; feeds: { exchange: string; state: string }[] };
const verdict = memoryVerdict(samples);
crowd.close();
stopping = true;
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await Promise.all([binance.close(), bybit.close()]);

console.log(`\n${header()}\n${samples.map(line).join('\n')}`);
console.log(`\nmemory: ${verdict.text}`);
console.log(`event-loop lag p99: max ${Math.max(...samples.map((s) => s.lagP99Ms)).toFixed(1)} ms over the samples`);
console.log(`orders: ${orders.ok} ok, ${orders.errors} refused ${JSON.stringify(Object.fromEntries(orders.codes))}`);
console.log(`WebSocket: ${LONG_LIVED} long-lived clients (${crowd.lostLongLived} lost), ${crowd.visits} visits (${crowd.visitFailures} failed), ${crowd.messages} messages`);
console.log(`drops: ${drops.map((d) => `${new Date(d.at).toISOString().slice(11, 19)} ${d.exchange} (${d.dropped} sockets)`).join(', ')}`);
console.log(`1m candles after the reconnects:\n  ${gapRows.join('\n  ')}`);
console.log(`health at the end: ${health.status}, feeds ${health.feeds.map((f) => `${f.exchange} ${f.state}`).join(', ')}`);
writeFileSync(join(REPO_ROOT, 'bench', 'out', 'soak.json'), JSON.stringify({ minutes: MINUTES, samples, verdict, orders: { ...orders, codes: Object.fromEntries(orders.codes) }, drops, gapRows, health }, null, 1));
rmSync(dataDir, { recursive: true, force: true });
const ok = !serverDied && verdict.flat && gapCount === 0 && crowd.lostLongLived === 0 && health.status === 'ok';
console.log(ok ? 'soak: passed' : 'soak: FAILED');
process.exit(ok ? 0 : 1);
