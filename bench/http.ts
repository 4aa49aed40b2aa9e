/**
 * `POST /api/trading/order` (MARKET, simulation) through the whole app — validation, engine, sim
 * venue, SQLite commit (WAL, synchronous=NORMAL: the default durability) — against a raw Fastify
 * `GET /hello`. The servers run in this process; autocannon runs in a child process (bench/loadgen.ts)
 * so the load generator does not share the server's event loop. Runs alternate (ours, hello, ours,
 * hello) after a short warm-up of each; each server is started fresh for its run and closed after it,
 * so only the server under load is alive.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { loadConfig } from '../src/app/config.js';
import { build } from 'esbuild';
import type { startApp as StartApp } from '../src/app/create-app.js';
import { row, type Row } from './table.js';

interface Load {
  duration: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
}

interface Target {
  url: string;
  close(): Promise<void>;
  /** Checked after the run, while the server is still up. */
  after?(): void;
}

const LOADGEN = fileURLToPath(new URL('./loadgen.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url)); // where --import tsx resolves
const ORDER_QTY = 0.001; // BTCUSDT ≈ 64,000 USDT: 64 USDT notional (minimum 5), the smallest lot.

export function loadgen(opts: object): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOADGEN, JSON.stringify(opts)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`loadgen exited with ${code}: ${err || out}`));
      resolve(JSON.parse(line) as Load);
    });
  });
}

let bundled: Promise<typeof StartApp> | undefined;

/**
 * The app as `npm start` runs it: src/ bundled by esbuild (scripts/start.mjs does the same), not
 * transpiled module by module by tsx, whose keep-names helpers (`__name`) run on every call of a
 * closure and would be measured as ours. `BENCH_APP=source` measures src/ through tsx instead.
 */
function appStarter(): Promise<typeof StartApp> {
  if (process.env.BENCH_APP === 'source') return import('../src/app/create-app.js').then((m) => m.startApp);
  bundled ??= (async () => {
    const outfile = join(ROOT, 'dist', 'bench-app.mjs');
    await build({ entryPoints: [join(ROOT, 'src', 'app', 'create-app.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
    return ((await import(pathToFileURL(outfile).href)) as { startApp: typeof StartApp }).startApp;
  })();
  return bundled;
}

export async function startOurs(): Promise<Target> {
  const startApp = await appStarter();
  const dir = mkdtempSync(join(tmpdir(), 'scalping-bench-'));
  const app = await startApp(
    // SIM_SPEED 4: the book is renewed 16 times a second, so ~9k orders/s alternating BUY/SELL do
    // not use up the synthetic depth between two market updates (they would expire, unbalanced).
    // RATE_LIMIT_PER_MINUTE 0: the load comes from one address at ~9k req/s, far over any per-client limit.
    loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', SIM_HISTORY_BARS: '30', SIM_SEED: '1', SIM_SPEED: '4', DB_SYNC: 'normal', RATE_LIMIT_PER_MINUTE: '0' }),
  );
  const post = async (side: 'BUY' | 'SELL') => {
    const res = await fetch(`${app.url}/api/trading/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'BTCUSDT', side, quantity: ORDER_QTY }),
    });
    const body = (await res.json()) as { status?: string };
    if (res.status !== 200 || body.status !== 'FILLED') throw new Error(`http bench: a ${side} market order was not filled: ${res.status} ${JSON.stringify(body)}`);
  };
  // Preflight: the order route works and market orders fill (the durable path is what we measure).
  await post('BUY');
  await post('SELL');
  return {
    url: app.url,
    after() {
      // Alternating BUY/SELL per connection keeps the position within the number of connections × qty.
      const pos = app.engine.positions('simulation').find((p) => p.symbol === 'BTCUSDT');
      const qty = pos ? Math.abs(pos.quantity.toNumber()) : 0;
      if (qty > ORDER_QTY * 200) throw new Error(`http bench: the position grew to ${qty} BTC`);
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startHello(): Promise<Target> {
  const app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * The floor of a POST with a body: a raw Fastify route on the order's path that parses the same
 * JSON body and answers an order-sized JSON (what the order route returns, ~600 bytes), no engine,
 * no ledger, no hooks.
 */
async function startEcho(): Promise<Target> {
  const app = Fastify();
  const answer = (side: unknown) => ({
    order_id: '1', client_order_id: 'st-1', mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', side, type: 'MARKET', status: 'FILLED',
    time_in_force: 'GTC', quantity: 0.001, filled_quantity: 0.001, avg_price: 63074.2, price: null, stop_price: null, reduce_only: false,
    take_profit: null, stop_loss: null, parent_order_id: null, triggered: false, reject_reason: null,
    fills: [{ fill_id: '1', order_id: '1', side, price: 63074.2, quantity: 0.001, fee: 0.02522968, fee_asset: 'USDT', liquidity: 'TAKER', realized_pnl: 0, time: Date.now() }],
    created_at: Date.now(), updated_at: Date.now(),
  });
  app.post('/api/trading/order', async (req) => answer((req.body as { side?: unknown }).side));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export const orderLoad = (url: string, connections: number, duration: number) => {
  const body = (side: string) => JSON.stringify({ symbol: 'BTCUSDT', side, quantity: ORDER_QTY });
  return {
    url,
    connections,
    duration,
    headers: { 'content-type': 'application/json' },
    // Each connection cycles through these: BUY, SELL, BUY, … so the position stays small.
    requests: [
      { method: 'POST', path: '/api/trading/order', body: body('BUY') },
      { method: 'POST', path: '/api/trading/order', body: body('SELL') },
    ],
  };
};
const helloLoad = (url: string, connections: number, duration: number) => ({ url: `${url}/hello`, connections, duration });

async function run(name: string, start: () => Promise<Target>, load: (url: string) => object): Promise<Load> {
  const t = await start();
  try {
    const r = await loadgen(load(t.url));
    if (r.non2xx || r.errors || r.timeouts || r.ok !== r.total || r.total === 0) {
      throw new Error(`http bench "${name}": ${r.total} requests, ${r.ok} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    }
    t.after?.();
    return r;
  } finally {
    await t.close();
  }
}

export interface HttpOptions {
  /** Saturating runs: this many connections, each sending its next request as soon as it is answered. */
  readonly connections: number;
  readonly seconds: number;
  /** Light-load runs: one connection, so no request queues behind another (service latency). */
  readonly lightSeconds: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

export async function runHttp(o: HttpOptions): Promise<Row[]> {
  const { connections, seconds, lightSeconds, rounds, log } = o;
  log('  (the order server runs with RATE_LIMIT_PER_MINUTE=0: the per-client request limit is off for this load from one address)');
  await run('order warm-up', startOurs, (u) => orderLoad(u, connections, 1));
  await run('hello warm-up', startHello, (u) => helloLoad(u, connections, 1));
  const runs = { order: [] as Load[], hello: [] as Load[], echo: [] as Load[], 'order 1 conn': [] as Load[], 'hello 1 conn': [] as Load[] };
  for (let i = 0; i < rounds; i++) {
    runs.order.push(await run('order', startOurs, (u) => orderLoad(u, connections, seconds)));
    runs.hello.push(await run('hello', startHello, (u) => helloLoad(u, connections, seconds)));
    runs.echo.push(await run('echo', startEcho, (u) => orderLoad(u, connections, seconds)));
    runs['order 1 conn'].push(await run('order, 1 connection', startOurs, (u) => orderLoad(u, 1, lightSeconds)));
    runs['hello 1 conn'].push(await run('hello, 1 connection', startHello, (u) => helloLoad(u, 1, lightSeconds)));
  }
  const rps = (l: Load) => l.total / l.duration;
  const ms = (x: number) => x.toFixed(2);
  for (const [n, ls] of Object.entries(runs)) {
    log(`  ${n}: ${ls.map((l) => `${Math.round(rps(l))} req/s p50 ${ms(l.p50)} p99 ${ms(l.p99)} max ${ms(l.max)} ms (${l.total} req, all 2xx)`).join(' | ')}`);
  }
  const bestRps = (ls: Load[]) => Math.max(...ls.map(rps));
  const bestP99 = (ls: Load[]) => Math.min(...ls.map((l) => l.p99));
  const [ours, hello, echo] = [bestRps(runs.order), bestRps(runs.hello), bestRps(runs.echo)];
  const [p99, helloP99] = [bestP99(runs.order), bestP99(runs.hello)];
  const [lightP99, helloLightP99] = [bestP99(runs['order 1 conn']), bestP99(runs['hello 1 conn'])];
  return [
    row(`http: POST /api/trading/order MARKET, ${connections} conns`, 'req/s', 'raw fastify GET /hello', ours, hello, ours / hello),
    row(`http: POST /api/trading/order MARKET, ${connections} conns, vs a POST's floor`, 'req/s', 'raw fastify POST, same body, order-sized reply', ours, echo, ours / echo),
    row(`http: order p99 latency, ${connections} conns (ratio = base/ours)`, 'ms', 'raw fastify /hello p99', p99, helloP99, helloP99 / p99),
    row('http: order p99 latency, 1 conn (ratio = base/ours)', 'ms', 'raw fastify /hello p99', lightP99, helloLightP99, helloLightP99 / lightP99),
  ];
}
