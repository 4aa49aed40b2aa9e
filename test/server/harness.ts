import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { webStale } from '../../scripts/build-web.mjs';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import { Decimal } from '../../src/domain/decimal.js';

/** The repository root (cwd of a child server). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const SEED = '424242';

/**
 * Environment of a fast, quiet test server on a fresh data dir. The per-client request rate limit
 * is off (`RATE_LIMIT_PER_MINUTE=0`): every test talks from 127.0.0.1, and the suites that fire
 * hundreds of requests (bad input, the contract, fuzzing) would otherwise test the limiter instead of
 * their routes. test/server/limits/rate-limit.test.ts turns it on and proves it; every other limit
 * (body size, JSON depth, WebSocket connections and send buffers) is in force as configured by default.
 */
export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SIM_SEED: SEED,
    SIM_HISTORY_BARS: '30',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  };
}

export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), 'scalping-trainer-server-test-'));

export interface TestServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly app: Running;
  /** Closes the server and removes its data directory. */
  close(): Promise<void>;
}

/** One in-process server on a random port with a real SQLite file in a temp dir. */
export async function startTestServer(extra: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = freshDataDir();
  const config = loadConfig(testEnv(dataDir, extra));
  const app = await startApp(config, pino({ level: 'silent' }));
  return {
    url: app.url,
    wsUrl: app.url.replace(/^http/, 'ws'),
    dataDir,
    app,
    async close() {
      try {
        await app.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A test server and a client on it, for the tests of one describe. */
export interface SuiteServer {
  /** The server of the running tests (read in a test or a hook, not while the describe is collected). */
  readonly srv: TestServer;
  readonly api: ReturnType<typeof client>;
}

/**
 * Starts a test server before the tests of the enclosing describe (or file) and closes it after
 * them; with `builtPage`, first checks that web/dist is built (test/global-setup.ts builds it).
 *
 * @example
 *   const { srv, api } = serverForSuite({ builtPage: true });
 *   it('serves /', async () => expect((await api.get('/')).status).toBe(200));
 */
export function serverForSuite(opts: { readonly env?: Record<string, string>; readonly builtPage?: boolean } = {}): SuiteServer {
  let started: TestServer | null = null;
  beforeAll(async () => {
    if (opts.builtPage) expect(webStale(), 'web/dist is built by test/global-setup.ts').toBe(false);
    started = await startTestServer(opts.env);
  }, 60_000);
  afterAll(async () => started?.close());
  const running = (): TestServer => {
    if (started === null) throw new Error('serverForSuite: the server starts in beforeAll');
    return started;
  };
  const srv: TestServer = {
    get url() {
      return running().url;
    },
    get wsUrl() {
      return running().wsUrl;
    },
    get dataDir() {
      return running().dataDir;
    },
    get app() {
      return running().app;
    },
    close: () => running().close(),
  };
  return { srv, api: client(() => running().url) };
}

export interface Reply {
  readonly status: number;
  readonly text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown;
  readonly headers: Headers;
}

export interface RequestOptions {
  /** A value to send as JSON. */
  json?: unknown;
  /** Raw body text (sent as is). */
  raw?: string;
  /** Content-Type header; defaults to application/json when a body is given and on every POST/PUT/PATCH/DELETE (the server requires it, bodiless too). */
  contentType?: string | null;
  /** More request headers (Origin, Host, Sec-Fetch-Site, …). */
  headers?: Record<string, string>;
}

/** Methods the server refuses without `Content-Type: application/json` (bodiless too). */
export const NEEDS_JSON_TYPE = /^(POST|PUT|PATCH|DELETE)$/i;

/** An HTTP request with fetch(); the answer is read whole and parsed when it is JSON. */
export async function request(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.json !== undefined) body = JSON.stringify(opts.json);
  if (opts.raw !== undefined) body = opts.raw;
  const contentType = opts.contentType === undefined ? (body !== undefined || NEEDS_JSON_TYPE.test(method) ? 'application/json' : null) : opts.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text.length ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Shorthand client bound to one server (its URL, or where to read it when a request is sent). */
export function client(base: string | (() => string)) {
  const url = typeof base === 'string' ? () => base : base;
  return {
    get: (path: string) => request(url(), 'GET', path),
    post: (path: string, json?: unknown) => request(url(), 'POST', path, json === undefined ? {} : { json }),
    del: (path: string) => request(url(), 'DELETE', path),
    send: (method: string, path: string, opts: RequestOptions) => request(url(), method, path, opts),
  };
}

// --- views of the API's JSON --------------------------------------------------------------------

export interface TickerJson {
  exchange: string;
  symbol: string;
  bid: number;
  ask: number;
  last: number;
  volume_24h: number;
  timestamp: number;
}

/** GET /api/exchanges/sim/ticker/{symbol}, answered 200. */
export async function simTicker(api: ReturnType<typeof client>, symbol: string): Promise<TickerJson> {
  const res = await api.get(`/api/exchanges/sim/ticker/${symbol}`);
  expect(res.status, res.text).toBe(200);
  return res.json as TickerJson;
}

export interface FillJson {
  fill_id: string;
  order_id: string;
  side: 'BUY' | 'SELL';
  price: number;
  quantity: number;
  fee: number;
  fee_asset: string;
  liquidity: 'MAKER' | 'TAKER';
  realized_pnl: number;
  time: number;
}

export interface OrderJson {
  order_id: string;
  client_order_id: string;
  exchange: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: string;
  status: string;
  quantity: number;
  filled_quantity: number;
  avg_price: number | null;
  price: number | null;
  stop_price: number | null;
  reduce_only: boolean;
  parent_order_id: string | null;
  fills?: FillJson[];
  created_at: number;
  realized_pnl?: number;
}

export interface PositionJson {
  position_id: string | null;
  symbol: string;
  exchange: string;
  mode: string;
  side: 'LONG' | 'SHORT' | 'FLAT';
  quantity: number;
  entry_price: number;
  mark_price: number | null;
  unrealized_pnl: number;
  realized_pnl: number;
  fees_paid: number;
  opened_at: number | null;
  updated_at: number | null;
  closed_at: number | null;
}

export interface AccountJson {
  balances: { asset: string; free: number; locked: number; total: number }[];
  equity: number;
  unrealized_pnl: number;
  margin_used: number;
  mode: string;
}

export interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** A JSON number of the API as an exact Decimal (through its shortest round-trip text). */
export const d = (n: number | string): Decimal => Decimal.parse(n);

/** Signed quantity of a fill or order side: BUY +, SELL −. */
export const signed = (side: 'BUY' | 'SELL', qty: number | string): Decimal => (side === 'BUY' ? d(qty) : d(qty).neg());

/** Asserts the reply is exactly the contract's error shape with this status and code. */
export function expectError(res: Reply, status: number, code: string): ErrorJson {
  expect(res.status, `expected ${status} ${code}, got ${res.status}: ${res.text}`).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
  const body = res.json as ErrorJson;
  expect(body, res.text).toBeTypeOf('object');
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code, res.text).toBe(code);
  expect(body.error.code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  const extra = Object.keys(body.error).filter((k) => !['code', 'message', 'details'].includes(k));
  expect(extra, res.text).toEqual([]);
  if (body.error.details !== undefined) {
    expect(body.error.details).toBeTypeOf('object');
    expect(Array.isArray(body.error.details)).toBe(false);
  }
  expectNoStackTrace(res);
  return body;
}

/** Asserts the error's message names `field` (as written, or with "-" / " " for "_"). */
export function expectNamesField(body: ErrorJson, field: string): void {
  const m = body.error.message.toLowerCase();
  const f = field.toLowerCase();
  const spellings = [f, f.replace(/_/g, '-'), f.replace(/_/g, ' ')];
  expect(spellings.some((s) => m.includes(s)), `message "${body.error.message}" should name the field ${field}`).toBe(true);
}

/** No stack frame ("at fn (/path/file.ts:1:2)") or source path leaks into an answer. */
export function expectNoStackTrace(res: Reply): void {
  expect(res.text).not.toMatch(/\bat [^\n]*\(?(\/|file:|node:)[^\n]*:\d+:\d+/);
  expect(res.text).not.toMatch(/\/(src|node_modules)\/[\w./-]+\.(ts|js|mjs|cjs)/);
  expect(res.text).not.toMatch(/\n\s+at /);
}

// --- child processes ----------------------------------------------------------------------------

/** A TCP port that was free a moment ago (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the child wrote to stderr/stdout so far (for failure messages). */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node --import tsx src/app/main.ts` in the repo root, with env, answering on 127.0.0.1:port (listening on env.HOST, 127.0.0.1 unless set). */
export function spawnServer(env: Record<string, string>, port: number): ChildServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: env.HOST ?? '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/** Polls GET /health until it answers 200 (or the child dies, or the time runs out). */
export async function waitForHealth(server: ChildServer, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`the server exited before it was healthy:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/health`);
      if (res.status === 200) {
        await res.text();
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGKILL a child (if still running) and wait for it to be gone. */
export async function killHard(server: ChildServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}
