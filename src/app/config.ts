import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIMITS, type ServerLimits } from '../server/limits/server-limits.js';


const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8001),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `normal`: durable across a process crash (kill -9); `full`: also across power loss, slower. */
  DB_SYNC: z.enum(['normal', 'full']).default('normal'),
  SIM_SOURCE: z.enum(['generator', 'replay']).default('generator'),
  SIM_SEED: z.coerce.number().int().optional(),
  SIM_SYMBOLS: z.string().default('BTCUSDT,ETHUSDT'),
  SIM_REPLAY_FILES: z.string().optional(),
  SIM_SPEED: z.coerce.number().positive().optional(),
  SIM_HISTORY_BARS: z.coerce.number().int().min(0).max(10_000).default(300),
  SIM_FILL_MODEL: z.enum(['through', 'touch']).default('through'),
  SIM_SLIPPAGE_CAP_BPS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** A real venue's stream silent this long is reported stale and reconnected (default: 5 of its expected intervals). */
  FEED_STALE_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  /** Live orders are polled this often as the fallback to the venue's private order stream. */
  LIVE_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2_000),
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
  readonly feedStaleMs: number | undefined;
  readonly livePollMs: number;
  /** The configurable per-client limits (the rest are the defaults of server/limits/server-limits.ts). */
  readonly limits: Partial<ServerLimits>;
  readonly sim: {
    readonly source: 'generator' | 'replay';
    readonly seed: number;
    readonly symbols: readonly string[];
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
  const replayFiles = (e.SIM_REPLAY_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean).map((f) => resolve(f));
  if (e.SIM_SOURCE === 'replay' && replayFiles.length === 0) {
    throw new Error('invalid configuration SIM_REPLAY_FILES: SIM_SOURCE=replay needs at least one CSV file');
  }
  return {
    env: { ...env },
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    dbSync: e.DB_SYNC,
    feedStaleMs: e.FEED_STALE_MS,
    livePollMs: e.LIVE_POLL_MS,
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
