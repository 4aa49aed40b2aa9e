import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parsePeerConfig, type PeerConfig } from '../server/security/allowed-peers.js';
import type { TokenScope } from '../server/auth/auth-policy.js';
import { isLoopbackHost } from './loopback.js';
import { DEFAULT_LIMITS, type ServerLimits } from '../server/limits/server-limits.js';


const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8001),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `normal`: durable across a process crash (kill -9); `full`: also across power loss, slower. */
  DB_SYNC: z.enum(['normal', 'full']).default('normal'),
  /**
   * Where the ledger's transactions run: `thread` (a writer thread: the event loop never binds, steps
   * or fsyncs), `inline` (on the event loop, in the group commit), `auto` (thread when it can pay for
   * itself: DB_SYNC=full, whose fsync would stall the loop, or more than 2 cores).
   */
  LEDGER_WRITER: z.enum(['auto', 'thread', 'inline']).default('auto'),
  SIM_SOURCE: z.enum(['generator', 'replay']).default('generator'),
  SIM_SEED: z.coerce.number().int().optional(),
  SIM_SYMBOLS: z.string().default('BTCUSDT,ETHUSDT'),
  SIM_REPLAY_FILES: z.string().optional(),
  SIM_SPEED: z.coerce.number().positive().optional(),
  SIM_HISTORY_BARS: z.coerce.number().int().min(0).max(10_000).default(300),
  SIM_FILL_MODEL: z.enum(['through', 'touch']).default('through'),
  SIM_SLIPPAGE_CAP_BPS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Leverage of the simulated accounts' perpetual symbols until one is set (spot trades at 1×). */
  DEFAULT_LEVERAGE: z.coerce.number().int().min(1).max(125).default(1),
  /** Funding rate every 8 h of the simulated perpetuals (0.0001 = 0.01 %; a long pays a positive rate); unset: none. */
  FUNDING_RATE: z.coerce.number().min(-0.05).max(0.05).optional(),
  /** A real venue's stream silent this long is reported stale and reconnected (default: 5 of its expected intervals). */
  FEED_STALE_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  /** Live orders are polled this often as the fallback to the venue's private order stream. */
  LIVE_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2_000),
  /** Host names answered besides localhost / 127.0.0.1 / [::1] on PORT: `name` (any port) or `name:port`, comma-separated. */
  ALLOWED_HOSTS: z.string().optional(),
  /** Web origins (`http://host:port`) allowed to send state-changing requests and open WebSockets, comma-separated. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** `1`: live switches, key changes and resume need the API token even on loopback; `all`: every /api route and WebSocket does. */
  REQUIRE_TOKEN: z.enum(['0', '1', 'all'], { error: 'must be 0, 1 or all' }).default('0'),
  ALLOW_INSECURE_REMOTE: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** HTTP requests per client address per minute (WebSocket upgrades included); 0: no limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).default(DEFAULT_LIMITS.rateLimitPerMinute),
  /** Open WebSockets per client address; 0: no limit. */
  WS_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_LIMITS.wsMaxConnectionsPerClient),
  /** A WebSocket with more than WS_MAX_BUFFERED_BYTES waiting for WS_SLOW_CLIENT_GRACE_MS is dropped. */
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).max(1 << 30).default(DEFAULT_LIMITS.wsMaxBufferedBytes),
  WS_SLOW_CLIENT_GRACE_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_LIMITS.wsSlowClientGraceMs),
});



export interface Config {
  /** The environment it was read from, for the venues' own settings (see adapters/registry.ts). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly dbSync: 'normal' | 'full';
  /** LEDGER_WRITER resolved: whether the main ledger is written on its own thread. */
  readonly ledgerWriterThread: boolean;
  readonly feedStaleMs: number | undefined;
  readonly livePollMs: number;
  readonly defaultLeverage: number;
  readonly fundingRate: number | undefined;
  readonly peers: PeerConfig;
  readonly tokenScope: TokenScope;
  /** PEM files for HTTPS (`TLS_CERT` + `TLS_KEY`), else null (plain HTTP). */
  readonly tls: { readonly cert: string; readonly key: string } | null;
  /** The configurable per-client limits (the rest are the defaults of server/limits/server-limits.ts). */
  readonly limits: Partial<ServerLimits>;
  readonly sim: {
    readonly source: 'generator' | 'replay';
    readonly seed: number;
    readonly symbols: readonly string[];
    /** CSV files or dataset ids (GET /api/datasets), as given. */
    readonly replayFiles: readonly string[];
    readonly speed: number | undefined;
    readonly historyBars: number;
    readonly fillModel: 'through' | 'touch';
    readonly slippageCapBps: number;
  };
}

/** Configuration from the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid configuration ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  // As given: each is a file (relative to the working directory) or a dataset id, told apart at start-up (create-app.ts).
  const replayFiles = (e.SIM_REPLAY_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (e.SIM_SOURCE === 'replay' && replayFiles.length === 0) {
    throw new Error('invalid configuration SIM_REPLAY_FILES: SIM_SOURCE=replay needs at least one CSV file');
  }
  let peers: PeerConfig;
  try {
    peers = parsePeerConfig(e.ALLOWED_HOSTS, e.ALLOWED_ORIGINS);
  } catch (err) {
    throw new Error(`invalid configuration ${(err as Error).message}`);
  }
  if ((e.TLS_CERT === undefined) !== (e.TLS_KEY === undefined)) {
    throw new Error('invalid configuration TLS_CERT/TLS_KEY: HTTPS needs both the certificate and the key file');
  }
  const remote = !isLoopbackHost(e.HOST);
  if (remote && e.TLS_CERT === undefined && e.ALLOW_INSECURE_REMOTE !== '1') {
    throw new Error(
      `refusing to start: HOST=${e.HOST} is not a loopback address and there is no TLS (the API token would cross the network in clear); set TLS_CERT and TLS_KEY, or ALLOW_INSECURE_REMOTE=1 on a network you trust`,
    );
  }
  return {
    env: { ...env },
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    dbSync: e.DB_SYNC,
    ledgerWriterThread: e.LEDGER_WRITER === 'thread' || (e.LEDGER_WRITER === 'auto' && (e.DB_SYNC === 'full' || availableParallelism() > 2)),
    feedStaleMs: e.FEED_STALE_MS,
    livePollMs: e.LIVE_POLL_MS,
    defaultLeverage: e.DEFAULT_LEVERAGE,
    fundingRate: e.FUNDING_RATE,
    peers,
    tokenScope: remote || e.REQUIRE_TOKEN === 'all' ? 'all' : e.REQUIRE_TOKEN === '1' ? 'sensitive' : 'off',
    tls: e.TLS_CERT !== undefined && e.TLS_KEY !== undefined ? { cert: resolve(e.TLS_CERT), key: resolve(e.TLS_KEY) } : null,
    limits: {
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      wsMaxConnectionsPerClient: e.WS_MAX_CONNECTIONS_PER_CLIENT,
      wsMaxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
      wsSlowClientGraceMs: e.WS_SLOW_CLIENT_GRACE_MS,
    },
    sim: {
      source: e.SIM_SOURCE,
      seed: e.SIM_SEED ?? Math.floor(Math.random() * 2 ** 31),
      symbols: e.SIM_SYMBOLS.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
      replayFiles,
      speed: e.SIM_SPEED,
      historyBars: e.SIM_HISTORY_BARS,
      fillModel: e.SIM_FILL_MODEL,
      slippageCapBps: e.SIM_SLIPPAGE_CAP_BPS,
    },
  };
}
