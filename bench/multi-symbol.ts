/**
 * WS /ws/multi-symbol with 50 symbols × 3 exchanges streaming at the exchanges' real rates to 20
 * clients, against a raw `ws` WebSocketServer broadcasting the same messages, in the same run.
 *
 * Ours: the real server (buildServer) on a real engine and SQLite ledger and watch list, its three
 * exchanges (sim, binance, bybit) being SyntheticExchange adapters (bench/synthetic-exchange.ts)
 * that publish at 4/s, 10/s and 10/s per symbol: 1,200 upstream messages/s, 24,000 to deliver.
 * Every tick takes the production path: the engine marks it (as the composition root wires every
 * feed), the route's hub serializes it once and hands it to every client's bounded outbox.
 * Raw: the same synthetic publishers, each tick serialized once as the same `price` JSON and sent
 * to every client.
 *
 * Clients run in a child process (bench/ws-clients.ts) and take receive time − the tick's publish
 * stamp (its `timestamp`) as the latency. CPU is this process's (server + publishers) over the
 * phase. Rounds alternate ours, raw, ours, raw after a short warm-up; best of each is reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { ExecutionEngine } from '../src/engine/execution-engine.js';
import { RiskEngine } from '../src/engine/risk-engine.js';
import { openDatabase } from '../src/persistence/sqlite/database.js';
import { SqliteLedgerStore } from '../src/persistence/sqlite/sqlite-ledger-store.js';
import { SqliteRiskStore } from '../src/persistence/sqlite/sqlite-risk-store.js';
import { SqliteWatchList } from '../src/persistence/sqlite/sqlite-watch-list.js';
import { buildServer } from '../src/server/app.js';
import type { MarketTick } from '../src/sim/market/market-types.js';
import { SimVenue } from '../src/sim/sim-venue.js';
import { stamp, SyntheticExchange } from './synthetic-exchange.js';
import { row, table, type Row } from './table.js';
import { Clients } from './ws-client-process.js';

/** Each venue's real push interval per symbol (shared/TOOLING.md). */
const VENUES: readonly [string, number][] = [
  ['binance', 100], // book ticker: on every change, ~10/s on a liquid perpetual
  ['bybit', 100], // tickers: 100 ms
  ['sim', 250], // the embedded market's generator: 250 ms
];

interface Target {
  readonly url: string;
  readonly awaitFirst: boolean;
  readonly exchanges: readonly SyntheticExchange[];
  close(): Promise<void>;
}

const symbolsOf = (n: number) => Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}USDT`);
const venues = (symbols: readonly string[]) => VENUES.map(([id, ms], i) => new SyntheticExchange(id, symbols, ms, 7 + i));

async function startOurs(symbols: readonly string[]): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'scalping-bench-multi-'));
  const db = openDatabase(join(dir, 'trainer.db'));
  const list = venues(symbols);
  const exchanges = new Map(list.map((a) => [a.id, a]));
  const clock = { now: Date.now };
  const store = new SqliteLedgerStore(db);
  const engine: ExecutionEngine = new ExecutionEngine({
    store,
    clock,
    venueFor: (_mode, exchange) => new SimVenue(exchanges.get(exchange)!.instruments(), (o) => engine.positionOf(o)),
    instrument: (exchange, symbol) => exchanges.get(exchange)?.instrument(symbol) ?? null,
    groupCommit: (flush) => setImmediate(flush),
  });
  for (const a of list) a.onTick((t) => engine.onTick(a.id, t));
  const watchList = new SqliteWatchList(db);
  for (const e of watchList.list()) watchList.remove(e.symbol);
  for (const symbol of symbols) watchList.put({ symbol, exchanges: list.map((a) => a.id), addedAt: Date.now() });
  const server = await buildServer({
    engine,
    risk: new RiskEngine(new SqliteRiskStore(db), clock),
    store,
    exchanges,
    mode: () => 'simulation',
    setMode: () => {},
    defaultExchange: 'sim',
    pingDatabase: () => {},
    watchList,
    // Every client comes from one address: the per-client WebSocket cap is off for the benchmark.
    limits: { wsMaxConnectionsPerClient: 0 },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/ws/multi-symbol`,
    awaitFirst: true,
    exchanges: list,
    async close() {
      list.forEach((a) => a.stop());
      await server.close();
      await engine.durable();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const priceJson = (exchange: string, t: MarketTick) =>
  JSON.stringify({ type: 'price', symbol: t.symbol, exchange, bid: t.bid.toNumber(), ask: t.ask.toNumber(), last: t.last.toNumber(), timestamp: t.time });

async function startRaw(symbols: readonly string[]): Promise<Target> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const list = venues(symbols);
  for (const a of list) {
    a.onTick((t) => {
      const text = priceJson(a.id, t);
      for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
    });
  }
  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws/multi-symbol`,
    awaitFirst: false,
    exchanges: list,
    close: () =>
      new Promise<void>((resolve) => {
        list.forEach((a) => a.stop());
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

interface Result {
  readonly published: number;
  readonly expected: number;
  readonly delivered: number;
  readonly msgsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly cpuPct: number;
}

async function phase(t: Target, clients: Clients, n: number, seconds: number): Promise<Result> {
  clients.send({ reset: true });
  await clients.next();
  const before = t.exchanges.reduce((s, a) => s + a.published, 0);
  const cpu = process.cpuUsage();
  const t0 = stamp();
  t.exchanges.forEach((a) => a.start());
  await new Promise((r) => setTimeout(r, seconds * 1000));
  t.exchanges.forEach((a) => a.stop());
  const published = t.exchanges.reduce((s, a) => s + a.published, 0) - before;
  clients.send({ expect: published });
  const r = await clients.next();
  const used = process.cpuUsage(cpu);
  const wall = r.last! - t0;
  return {
    published,
    expected: published * n,
    delivered: r.total!,
    msgsPerSec: r.total! / (wall / 1000),
    p50: r.p50!,
    p99: r.p99!,
    max: r.maxLatency!,
    cpuPct: (100 * (used.user + used.system)) / 1000 / wall,
  };
}

async function round(start: (s: readonly string[]) => Promise<Target>, symbols: readonly string[], o: MultiSymbolOptions): Promise<Result> {
  const t = await start(symbols);
  const clients = new Clients(t.url, o.clients, t.awaitFirst, ['price']);
  try {
    if (!(await clients.next()).ready) throw new Error('multi-symbol: clients not ready');
    if (t.awaitFirst) {
      // One upstream subscription per (exchange, symbol), however many clients.
      for (const a of t.exchanges) {
        if (a.subscriptions.size !== symbols.length || [...a.subscriptions.values()].some((c) => c !== 1)) {
          throw new Error(`multi-symbol: ${a.id} holds ${a.subscriptions.size} subscriptions, expected one per symbol (${symbols.length})`);
        }
      }
    }
    await phase(t, clients, o.clients, o.warmSeconds);
    return await phase(t, clients, o.clients, o.seconds);
  } finally {
    await clients.exit();
    await t.close();
  }
}

export interface MultiSymbolOptions {
  readonly symbols: number;
  readonly clients: number;
  readonly seconds: number;
  readonly warmSeconds: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

export async function runMultiSymbol(o: MultiSymbolOptions): Promise<Row[]> {
  const symbols = symbolsOf(o.symbols);
  const runs = { ours: [] as Result[], raw: [] as Result[] };
  for (let i = 0; i < o.rounds; i++) {
    runs.ours.push(await round(startOurs, symbols, o));
    runs.raw.push(await round(startRaw, symbols, o));
  }
  const f = (x: number) => x.toFixed(2);
  const show = (r: Result) =>
    `${Math.round(r.msgsPerSec)} msg/s delivered (${r.delivered}/${r.expected}, ${r.published} upstream) p50 ${f(r.p50)} p99 ${f(r.p99)} max ${f(r.max)} ms, cpu ${f(r.cpuPct)}%`;
  for (const [name, rs] of Object.entries(runs)) o.log(`  ${name}: ${rs.map(show).join(' | ')}`);
  const best = (rs: Result[], k: 'msgsPerSec') => Math.max(...rs.map((r) => r[k]));
  const least = (rs: Result[], k: 'p99' | 'cpuPct') => Math.min(...rs.map((r) => r[k]));
  const label = `${o.symbols} symbols × ${VENUES.length} exchanges → ${o.clients} clients`;
  const [ours, raw] = [best(runs.ours, 'msgsPerSec'), best(runs.raw, 'msgsPerSec')];
  const [p99, rawP99] = [least(runs.ours, 'p99'), least(runs.raw, 'p99')];
  const [cpu, rawCpu] = [least(runs.ours, 'cpuPct'), least(runs.raw, 'cpuPct')];
  return [
    row(`multi-symbol: ${label}, delivered at real rates`, 'msg/s', 'raw ws broadcast, same msgs', ours, raw, ours / raw),
    row(`multi-symbol: p99 upstream → client latency (ratio = base/ours)`, 'ms', 'raw ws broadcast p99', p99, rawP99, rawP99 / p99),
    row(`multi-symbol: server CPU (ratio = base/ours)`, '% of a core', 'raw ws broadcast CPU', cpu, rawCpu, rawCpu / cpu),
  ];
}

// `npx tsx bench/multi-symbol.ts`: this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runMultiSymbol({ symbols: 50, clients: 20, seconds: 6, warmSeconds: 1, rounds: 2, log: console.log });
  console.log(table(rows));
}
