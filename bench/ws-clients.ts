/**
 * The WebSocket clients of bench/ws-fanout.ts, run as a child process so they do not share the
 * server's event loop: `node --import tsx bench/ws-clients.ts '{"url":…,"clients":100,"awaitFirst":true}'`.
 *
 * Protocol, one JSON object per line. Out: `{"ready":true}` once every client is open (and, with
 * awaitFirst, has had its first message: the server has then subscribed it) and the connection
 * messages have settled. In: `{"reset":true}` → counters zeroed, answered `{"reset":true}`;
 * `{"expect":n}` → waits until every client has had n counted messages (or a timeout) and answers
 * with a summary; `{"exit":true}`.
 *
 * Counted: `ticker` and `best` messages (or the `types` given). Each carries `timestamp` (its last field) = the tick's time,
 * stamped by the bench at injection with performance.timeOrigin + performance.now(); the delivery
 * latency is the receive time on the same clock minus it, kept in a 10 µs histogram.
 */
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';

interface Opts {
  url: string;
  clients: number;
  awaitFirst: boolean;
  /** Message types counted (default ticker and best); each message's `type` must come first. */
  types?: string[];
}

const opts = JSON.parse(process.argv[2] ?? '{}') as Opts;
const BUCKET_MS = 0.01;
const BUCKETS = 500_000; // up to 5 s
const hist = new Uint32Array(BUCKETS);
const counts = new Array<number>(opts.clients).fill(0);
const seen = new Array<boolean>(opts.clients).fill(false);
let total = 0;
let first = Infinity;
let last = 0;
let negative = 0;
let maxLatency = 0;
let cpu = process.cpuUsage();
const now = () => performance.timeOrigin + performance.now();
const TS = Buffer.from('"timestamp":');
const COUNTED = (opts.types ?? ['ticker', 'best']).map((t) => Buffer.from(`${t}"`));

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

function onMessage(i: number, data: Buffer): void {
  seen[i] = true;
  // `{"type":"ticker",…` / `{"type":"best",…`: the type starts at byte 9.
  if (!COUNTED.some((t) => data.subarray(9, 9 + t.length).equals(t))) return;
  const at = now();
  const k = data.lastIndexOf(TS);
  if (k < 0) return;
  const sent = Number(data.toString('latin1', k + TS.length, data.length - 1));
  const ms = at - sent;
  if (ms < 0) negative++;
  if (ms > maxLatency) maxLatency = ms;
  hist[Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)))]!++;
  counts[i]!++;
  total++;
  if (at < first) first = at;
  last = at;
}

function reset(): void {
  hist.fill(0);
  counts.fill(0);
  total = 0;
  first = Infinity;
  last = 0;
  negative = 0;
  maxLatency = 0;
  cpu = process.cpuUsage();
}

function pct(p: number): number {
  const want = Math.ceil((p / 100) * total);
  let acc = 0;
  for (let b = 0; b < BUCKETS; b++) {
    acc += hist[b]!;
    if (acc >= want && acc > 0) return (b + 1) * BUCKET_MS; // upper edge of the bucket
  }
  return NaN;
}

/**
 * A minimal WebSocket client: the RFC 6455 handshake, then unmasked server frames parsed in place
 * (text and binary counted, ping answered, close ends). Much cheaper per message than `ws`'s
 * stream-based receiver, so that the one client process outpaces the server under test.
 */
function connect(i: number, url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: url.hostname, port: Number(url.port) });
    socket.setNoDelay(true);
    let upgraded = false;
    let pending: Buffer | null = null;
    socket.once('error', reject);
    socket.on('connect', () => {
      const key = randomBytes(16).toString('base64');
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return void (pending = buf);
        const head = buf.toString('latin1', 0, end);
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`client ${i}: no upgrade: ${head.split('\r\n')[0]}`));
        upgraded = true;
        resolve(socket);
        buf = buf.subarray(end + 4);
      }
      let at = 0;
      while (buf.length - at >= 2) {
        const b0 = buf[at]!;
        const b1 = buf[at + 1]!;
        if (b1 & 0x80) throw new Error(`client ${i}: a masked frame from the server`);
        let len = b1 & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length - at < 4) break;
          len = buf.readUInt16BE(at + 2);
          off = 4;
        } else if (len === 127) {
          if (buf.length - at < 10) break;
          len = Number(buf.readBigUInt64BE(at + 2));
          off = 10;
        }
        if (buf.length - at < off + len) break;
        const opcode = b0 & 0x0f;
        if (!(b0 & 0x80) || opcode === 0) throw new Error(`client ${i}: a fragmented message`);
        const payload = buf.subarray(at + off, at + off + len);
        if (opcode === 1 || opcode === 2) onMessage(i, payload);
        else if (opcode === 9) socket.write(frame(0x8a, payload));
        else if (opcode === 8) socket.end();
        at += off + len;
      }
      if (at < buf.length) pending = Buffer.from(buf.subarray(at)); // a copy: the chunk is not ours to keep
    });
    socket.on('close', () => {
      if (!exiting) {
        process.stderr.write(`client ${i}: closed by the server\n`);
        process.exit(2);
      }
    });
  });
}

/** A client frame (masked, as the protocol requires) with a short payload. */
function frame(b0: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = b0;
  out[1] = 0x80 | payload.length;
  mask.copy(out, 2);
  for (let k = 0; k < payload.length; k++) out[6 + k] = payload[k]! ^ mask[k & 3]!;
  return out;
}

const sockets: Socket[] = [];
let exiting = false;
const url = new URL(opts.url);
for (let i = 0; i < opts.clients; i++) sockets.push(await connect(i, url));
const deadline = Date.now() + 5_000;
while (opts.awaitFirst && seen.some((s) => !s)) {
  if (Date.now() > deadline) throw new Error('not every client had its first message within 5 s');
  await new Promise((r) => setTimeout(r, 5));
}
await new Promise((r) => setTimeout(r, 200));
reset();
say({ ready: true });

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const msg = JSON.parse(line) as { reset?: boolean; expect?: number; exit?: boolean };
  if (msg.reset) {
    reset();
    say({ reset: true });
  } else if (msg.expect !== undefined) {
    const expect = msg.expect;
    const until = Date.now() + 15_000;
    const check = () => {
      const min = Math.min(...counts);
      if (min < expect && Date.now() < until) return void setTimeout(check, 2);
      const used = process.cpuUsage(cpu);
      say({ total, first, last, min, max: Math.max(...counts), p50: pct(50), p99: pct(99), maxLatency, negative, cpuMs: (used.user + used.system) / 1000 });
    };
    check();
  } else if (msg.exit) {
    exiting = true;
    for (const socket of sockets) socket.destroy();
    rl.close();
    process.exit(0);
  }
});
