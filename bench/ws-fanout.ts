/**
 * WebSocket price fan-out: our `WS /ws/multi-exchange/BTCUSDT` route to 100 clients against a raw
 * `ws` WebSocketServer broadcasting the same messages, in the same run.
 *
 * Ours: the real server, startApp(loadConfig(…)) in this process, with its sim feed fed by the bench
 * instead of the generator (see startOurs). Each burst is pushed and emitted with `feed.pump()` —
 * the path of the feed's own timer: candles, last tick, the engine's and the sim exchange's
 * listeners, then every client's route listener (which serializes and sends a `ticker`, and a `best`
 * when the best bid/ask moved).
 *
 * Raw: a `ws` WebSocketServer; per tick the same `ticker` JSON (and `best` JSON when it moved),
 * serialized once, sent to every client.
 *
 * Ticks are generated beforehand by the seeded generator (BTCUSDT) and replayed in a cycle; each is
 * stamped `time` = performance.timeOrigin + performance.now() when it is pushed, which is the
 * `timestamp` of its messages: the clients (bench/ws-clients.ts, a child process) take receive time
 * minus it as the delivery latency. Every client must get exactly the expected number of ticker +
 * best messages (nothing dropped), or the run fails.
 *
 * Saturating phase: a burst of ticks per event-loop turn (setImmediate) while every server socket has
 * under WINDOW bytes buffered (backpressure: the pusher waits for the slowest socket instead of
 * queueing without bound). messages/s = messages received by all clients / (last receive − first
 * push). Fixed-rate phase: `rate` ticks/s paced by timers, for the latency of a server that is not
 * saturated.
 * Rounds alternate ours, raw, ours, raw, each after a short untimed warm-up phase; each server is
 * started fresh for its round and closed after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig } from '../src/app/config.js';
import { startApp, type Running } from '../src/app/create-app.js';
import { GeneratorSource } from '../src/sim/market/generator-source.js';
import { MarketFeed } from '../src/sim/market/market-feed.js';
import type { MarketTick } from '../src/sim/market/market-types.js';
import { SIM_EXCHANGE } from '../src/sim/market/sim-instruments.js';
import { row, type Row } from './table.js';
import { Clients } from './ws-client-process.js';

const SYMBOL = 'BTCUSDT';
const TEMPLATES = 20_000;
/** Ticks pushed per event-loop turn in the saturating phase. */
const BURST = 8;
/** The pusher waits while any server socket has this many bytes or more buffered. */
const WINDOW = 64 * 1024;

const now = () => performance.timeOrigin + performance.now();

/** The ticks the bench pushes, handed to the feed in order. */
class TickQueue {
  private queue: MarketTick[] = [];
  private head = 0;
  push(t: MarketTick): void {
    this.queue.push(t);
  }
  size(): number {
    return this.queue.length - this.head;
  }
  next(): MarketTick | null {
    if (this.head >= this.queue.length) return null;
    const t = this.queue[this.head++]!;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return t;
  }
}

// The route's messages (src/server/routes/multi-exchange-stream.ts), serialized the same way.
const tickerMessage = (exchange: string, t: MarketTick) =>
  JSON.stringify({ type: 'ticker', exchange, symbol: t.symbol, bid: t.bid.toNumber(), ask: t.ask.toNumber(), last: t.last.toNumber(), timestamp: t.time });
const bestMessage = (exchange: string, t: MarketTick) =>
  JSON.stringify({
    type: 'best',
    symbol: t.symbol,
    best_bid: { exchange, price: t.bid.toNumber() },
    best_ask: { exchange, price: t.ask.toNumber() },
    spread: t.ask.sub(t.bid).toNumber(),
    timestamp: t.time,
  });
/** The route's `best` rule for one exchange: a `best` message whenever the bid or ask changed. */
class BestKey {
  private key: string;
  constructor(first: MarketTick) {
    this.key = BestKey.of(first);
  }
  static of(t: MarketTick): string {
    return `${SIM_EXCHANGE}:${t.bid.toString()}|${SIM_EXCHANGE}:${t.ask.toString()}`;
  }
  changed(t: MarketTick): boolean {
    const k = BestKey.of(t);
    if (k === this.key) return false;
    this.key = k;
    return true;
  }
}

function templates(): MarketTick[] {
  const source = new GeneratorSource({ seed: 1, startTime: 0, symbols: [SYMBOL] });
  const out: MarketTick[] = [];
  while (out.length < TEMPLATES + 1) {
    const t = source.next();
    if (t) out.push(t);
  }
  return out;
}

interface Target {
  readonly url: string;
  /** The tick the clients' `best` state starts from (ours: the warmed-up market's last tick, sent on connect). */
  readonly first: MarketTick;
  /** The server sends something on connect (ours: the last tick), which tells that it has subscribed the client. */
  readonly awaitFirst: boolean;
  sockets(): Iterable<WebSocket>;
  /** Sends one burst of stamped ticks to every client. */
  inject(ticks: readonly MarketTick[]): void;
  close(): Promise<void>;
}

/**
 * Our real server (startApp), with its sim feed taken over. startApp builds the feed inside and
 * calls its start() once listening; MarketFeed.prototype.start is wrapped for that one call to learn
 * the instance (public API only: start, source, pump). The generator's source then gets the bench's
 * queue in place of its own next/peekTime: the feed's timer keeps running (the feed stays live, not
 * stopped or ended) but finds nothing due, and pump() emits exactly what the bench pushed.
 */
async function startOurs(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'scalping-bench-ws-'));
  // 100 clients from one address: the per-client WebSocket cap is off for the benchmark.
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', SIM_HISTORY_BARS: '30', SIM_SEED: '1', WS_MAX_CONNECTIONS_PER_CLIENT: '0' });
  const start = MarketFeed.prototype.start;
  const started: MarketFeed[] = [];
  MarketFeed.prototype.start = function (this: MarketFeed) {
    started.push(this);
    start.call(this);
  };
  let app: Running;
  try {
    app = await startApp(config);
  } finally {
    MarketFeed.prototype.start = start;
  }
  const feed = started[0];
  const first = app.exchanges.get(SIM_EXCHANGE)?.lastTick(SYMBOL);
  if (started.length !== 1 || !feed || !first) {
    await app.close();
    throw new Error(`ws fan-out: could not take over the sim feed (${started.length} started, last tick ${first ? 'present' : 'missing'})`);
  }
  const queue = new TickQueue();
  // Every pushed tick is due at once (the feed's clock is Date.now(); the stamps are finer-grained);
  // with nothing pushed the next tick is "never", so the feed is neither due nor ended.
  Object.assign(feed.source, { next: () => queue.next(), peekTime: () => (queue.size() > 0 ? 0 : Infinity) });
  const server = app.server;
  return {
    url: `${app.url.replace(/^http/, 'ws')}/ws/multi-exchange/${SYMBOL}`,
    first,
    awaitFirst: true,
    sockets: () => server.websocketServer.clients,
    inject(ticks) {
      for (const t of ticks) queue.push(t);
      const n = feed.pump();
      if (n !== ticks.length) throw new Error(`ws fan-out: the feed emitted ${n} of ${ticks.length} ticks pushed`);
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startRaw(tpl: readonly MarketTick[]): Promise<Target> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const first = tpl[0]!; // as if sent on connect, like ours: the `best` rule starts from it
  const best = new BestKey(first);
  return {
    url: `ws://127.0.0.1:${port}/ws/multi-exchange/${SYMBOL}`,
    first,
    awaitFirst: false,
    sockets: () => wss.clients,
    inject(ticks) {
      for (const t of ticks) {
        const ticker = tickerMessage(SIM_EXCHANGE, t);
        const b = best.changed(t) ? bestMessage(SIM_EXCHANGE, t) : null;
        for (const ws of wss.clients) {
          if (ws.readyState !== WebSocket.OPEN) continue;
          ws.send(ticker);
          if (b !== null) ws.send(b);
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

interface Phase {
  /** Ticks per second, or null: saturating. */
  readonly rate: number | null;
  readonly seconds: number;
}

interface Result {
  readonly ticks: number;
  readonly messages: number;
  readonly msgsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Mean server time per tick in inject(): from the feed (or the broadcast loop) until every client's messages are written. */
  readonly sendMsPerTick: number;
  /** CPU time (user + system) of the server's process and of the clients' process over the phase. */
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
  readonly wallMs: number;
}

/** Where a target is in the cycle of templates, and the expected message count per client. */
class Cursor {
  private i = 1;
  private readonly best: BestKey;
  constructor(
    private readonly tpl: readonly MarketTick[],
    first: MarketTick,
  ) {
    this.best = new BestKey(first);
  }
  take(): MarketTick {
    const t = this.tpl[this.i]!;
    this.i = this.i + 1 >= this.tpl.length ? 1 : this.i + 1;
    return t;
  }
  /** Messages a client gets for these ticks (after the fact, off the clock): a ticker each, a best when it moved. */
  messages(ticks: readonly MarketTick[]): number {
    let n = 0;
    for (const t of ticks) n += this.best.changed(t) ? 2 : 1;
    return n;
  }
}

function maxBuffered(t: Target): number {
  let max = 0;
  for (const ws of t.sockets()) if (ws.bufferedAmount > max) max = ws.bufferedAmount;
  return max;
}

function push(t: Target, cursor: Cursor, phase: Phase): Promise<{ t0: number; sent: MarketTick[]; injectMs: number }> {
  const sent: MarketTick[] = [];
  let injectMs = 0;
  return new Promise((resolve, reject) => {
    const t0 = now();
    const end = t0 + phase.seconds * 1000;
    const step = () => {
      try {
        turn();
      } catch (err) {
        reject(err);
      }
    };
    const turn = () => {
      const at = now();
      if (at >= end) return resolve({ t0, sent, injectMs });
      const due = phase.rate === null ? (maxBuffered(t) < WINDOW ? BURST : 0) : Math.floor(((at - t0) * phase.rate) / 1000) + 1 - sent.length;
      if (due > 0) {
        const burst: MarketTick[] = [];
        for (let k = 0; k < due; k++) {
          const tpl = cursor.take();
          sent.push(tpl);
          burst.push({ ...tpl, time: now() });
        }
        const q = now();
        t.inject(burst);
        injectMs += now() - q;
      }
      if (phase.rate === null) setImmediate(step);
      else setTimeout(step, Math.max(0, t0 + ((sent.length + 0.5) * 1000) / phase.rate - now()));
    };
    step();
  });
}

async function phase(t: Target, clients: Clients, cursor: Cursor, n: number, p: Phase): Promise<Result> {
  clients.send({ reset: true });
  await clients.next();
  const cpu = process.cpuUsage();
  const { t0, sent, injectMs } = await push(t, cursor, p);
  const perClient = cursor.messages(sent);
  clients.send({ expect: perClient });
  const r = await clients.next();
  const used = process.cpuUsage(cpu);
  if (r.min !== perClient || r.max !== perClient || r.total !== perClient * n) {
    throw new Error(`ws fan-out: expected ${perClient} messages per client, got ${r.min}..${r.max} (${r.total} in all)`);
  }
  if (r.negative! > 0) throw new Error(`ws fan-out: ${r.negative} messages arrived before their timestamp (clock?)`);
  return { ticks: sent.length, messages: r.total!, msgsPerSec: r.total! / ((r.last! - t0) / 1000), p50: r.p50!, p99: r.p99!, max: r.maxLatency!, sendMsPerTick: injectMs / sent.length, serverCpuMs: (used.user + used.system) / 1000, clientCpuMs: r.cpuMs!, wallMs: r.last! - t0 };
}

async function round(start: (tpl: readonly MarketTick[]) => Promise<Target>, tpl: readonly MarketTick[], o: WsOptions): Promise<{ sat: Result; fixed: Result }> {
  const t = await start(tpl);
  const clients = new Clients(t.url, o.clients, t.awaitFirst);
  try {
    const ready = await clients.next();
    if (!ready.ready) throw new Error('ws clients: not ready');
    const cursor = new Cursor(tpl, t.first);
    await phase(t, clients, cursor, o.clients, { rate: null, seconds: o.warmSeconds });
    const sat = await phase(t, clients, cursor, o.clients, { rate: null, seconds: o.seconds });
    const fixed = await phase(t, clients, cursor, o.clients, { rate: o.rate, seconds: o.rateSeconds });
    return { sat, fixed };
  } finally {
    await clients.exit();
    await t.close();
  }
}

export interface WsOptions {
  readonly clients: number;
  /** Saturating phase, seconds. */
  readonly seconds: number;
  /** Untimed saturating warm-up at the start of each round. */
  readonly warmSeconds: number;
  /** Fixed-rate phase: ticks per second and seconds. */
  readonly rate: number;
  readonly rateSeconds: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

export async function runWsFanout(o: WsOptions): Promise<Row[]> {
  const { log } = o;
  const tpl = templates();
  const runs = { ours: [] as { sat: Result; fixed: Result }[], raw: [] as { sat: Result; fixed: Result }[] };
  for (let i = 0; i < o.rounds; i++) {
    runs.ours.push(await round(() => startOurs(), tpl, o));
    runs.raw.push(await round(startRaw, tpl, o));
  }
  const ms = (x: number) => x.toFixed(2);
  const show = (r: Result) => `${Math.round(r.msgsPerSec)} msg/s (${r.ticks} ticks) p50 ${ms(r.p50)} p99 ${ms(r.p99)} max ${ms(r.max)} ms, server ${ms(r.sendMsPerTick)} ms/tick, cpu server ${Math.round((100 * r.serverCpuMs) / r.wallMs)}% clients ${Math.round((100 * r.clientCpuMs) / r.wallMs)}%`;
  for (const [name, rs] of Object.entries(runs)) {
    log(`  ${name}, saturating: ${rs.map((r) => show(r.sat)).join(' | ')}`);
    log(`  ${name}, ${o.rate} ticks/s: ${rs.map((r) => show(r.fixed)).join(' | ')}`);
  }
  const best = (rs: Result[]) => Math.max(...rs.map((r) => r.msgsPerSec));
  const bestP99 = (rs: Result[]) => Math.min(...rs.map((r) => r.p99));
  const sat = (k: 'ours' | 'raw') => runs[k].map((r) => r.sat);
  const fixed = (k: 'ours' | 'raw') => runs[k].map((r) => r.fixed);
  const [ours, raw] = [best(sat('ours')), best(sat('raw'))];
  log(`  goal ≥ 0.8× raw messages/s: ${(ours / raw).toFixed(2)}× — ${ours / raw >= 0.8 ? 'met' : 'NOT met'}`);
  const [p99Sat, rawP99Sat] = [bestP99(sat('ours')), bestP99(sat('raw'))];
  const [p99Fixed, rawP99Fixed] = [bestP99(fixed('ours')), bestP99(fixed('raw'))];
  return [
    row(`ws fan-out: ticker+best msgs to ${o.clients} clients, saturating`, 'msg/s', 'raw ws broadcast, same msgs', ours, raw, ours / raw),
    row(`ws fan-out: p99 delivery latency, saturating (ratio = base/ours)`, 'ms', 'raw ws broadcast p99', p99Sat, rawP99Sat, rawP99Sat / p99Sat),
    row(`ws fan-out: p99 delivery latency, ${o.rate} ticks/s (ratio = base/ours)`, 'ms', 'raw ws broadcast p99', p99Fixed, rawP99Fixed, rawP99Fixed / p99Fixed),
  ];
}
