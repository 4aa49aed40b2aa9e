import { Decimal } from '../../src/domain/decimal.js';
import { generatorFeed } from '../../src/sim/market/feed-factory.js';
import { Faults, type FakeExchange } from './faults.js';
import { serveFake } from './local-server.js';
import type { Venue } from './binance-format.js';
import { FuturesAlgoService } from './binance-futures-algo.js';
import { FuturesEngine } from './binance-futures-engine.js';
import { FuturesLedger } from './binance-futures-ledger.js';
import { restHandler, RestRouter, type RequestRecord } from './binance-http.js';
import { ListenKeys } from './binance-listen-keys.js';
import { BinanceMarket } from './binance-market.js';
import { addFuturesRoutes } from './binance-rest-futures.js';
import { addPublicRoutes } from './binance-rest-public.js';
import { addSpotRoutes } from './binance-rest-spot.js';
import { SpotEngine } from './binance-spot-engine.js';
import { SpotWsApi } from './binance-ws-api.js';
import { StreamHub } from './binance-ws-streams.js';

/**
 * A fake Binance (spot + USD-M futures) on 127.0.0.1 speaking the real wire protocol: one HTTP
 * server for `/api/v3`, `/sapi/v1`, `/fapi/v1|v2|v3` (the paths differ), WebSocket streams under
 * `/stream-spot/...` (spot: the path must contain "/stream", which ccxt uses to tell spot from
 * futures messages) and `/fstream/...` (USD-M, incl. the `/public`, `/market`, `/private` routing),
 * and the spot WebSocket API under `/ws-api-spot/ws-api/v3` (user data stream). Market data: the
 * project's seeded generator, the same prices on both venues.
 */
export interface FakeBinanceOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly symbols?: string[];
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly historyBars?: number;
  readonly tickIntervalMs?: number;
  /** Starting USDT of the spot account and of the futures wallet; default '10000'. */
  readonly startBalance?: string;
  /** Market time per wall time (default 1); tests of candle gaps run minutes in seconds. */
  readonly speed?: number;
}

export interface FakeBinance extends FakeExchange {
  readonly name: 'binance';
  readonly port: number;
  /** wsUrls: spot, linear (market + user streams), spotApi (WebSocket API, spot user data). */
  readonly wsUrls: Readonly<{ spot: string; linear: string; spotApi: string }>;
  readonly market: BinanceMarket;
  readonly spot: SpotEngine;
  readonly futures: FuturesEngine;
  readonly algos: FuturesAlgoService;
  readonly listenKeys: ListenKeys;
  /** Shifts the server clock (serverTime and the timestamp/recvWindow check) by `ms`. */
  setClockOffset(ms: number): void;
}

export const DEFAULT_BINANCE_KEY = 'fakeBinanceApiKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL';
export const DEFAULT_BINANCE_SECRET = 'fakeBinanceSecret0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';

type Upgrade = { kind: 'stream'; venue: Venue; combined: boolean; initial: string[] } | { kind: 'api' };

/** Which WebSocket service a URL names: `/stream-spot|/spot-ws` + `/ws[/<name>]` or `/stream?streams=a/b`, `/fstream[/public|/market|/private]` likewise. */
export function upgradeRoute(url: string): Upgrade | null {
  const u = new URL(url, 'http://127.0.0.1');
  if (u.pathname === '/ws-api-spot/ws-api/v3') return { kind: 'api' };
  const m = /^\/(stream-spot|spot-ws|fstream)(?:\/(?:public|market|private))?\/(ws|stream)(?:\/(.+))?$/.exec(u.pathname);
  if (!m) return null;
  const venue: Venue = m[1] === 'fstream' ? 'futures' : 'spot';
  const combined = m[2] === 'stream';
  const initial: string[] = [];
  if (m[3] !== undefined) initial.push(...m[3].split('/').filter((x) => x !== ''));
  const streams = u.searchParams.get('streams');
  if (streams) initial.push(...streams.split('/').filter((x) => x !== ''));
  const key = u.searchParams.get('listenKey');
  if (key) initial.push(key);
  return { kind: 'stream', venue, combined, initial };
}

export async function startFakeBinance(opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const creds = { apiKey: opts.apiKey ?? DEFAULT_BINANCE_KEY, apiSecret: opts.apiSecret ?? DEFAULT_BINANCE_SECRET };
  const faults = new Faults();
  const requests: RequestRecord[] = [];
  let offset = 0;
  const now = () => Date.now() + offset;
  const feed = generatorFeed({
    seed: opts.seed ?? 42,
    symbols: opts.symbols ?? ['BTCUSDT', 'ETHUSDT'],
    historyBars: opts.historyBars ?? 300,
    tickIntervalMs: opts.tickIntervalMs,
    speed: opts.speed ?? 1,
  });
  const market = new BinanceMarket(feed);
  const keys = new ListenKeys();
  const hub = new StreamHub(market, faults, keys, now);
  const wsApi = new SpotWsApi(creds, faults, now);
  const start = Decimal.parse(opts.startBalance ?? '10000');
  const spot = new SpotEngine(
    market,
    start,
    (e) => {
      hub.pushUser('spot', e);
      wsApi.pushUser(e);
    },
    now,
  );
  const futures = new FuturesEngine(market, new FuturesLedger(market, start, now), (e) => hub.pushUser('futures', e), now);
  const algos = new FuturesAlgoService(market, futures, (e) => hub.pushUser('futures', e), now);
  market.onEvent((e) => {
    spot.onMarket(e);
    futures.onMarket(e);
    algos.onMarket(e);
  });

  const router = new RestRouter();
  addPublicRoutes(router, 'spot', market);
  addPublicRoutes(router, 'futures', market);
  addSpotRoutes(router, spot, market.specs, keys);
  addFuturesRoutes(router, futures, algos, market.specs, keys);

  const control = (method: string, path: string, body: string): unknown => {
    if (path === '/__control/drop' && method === 'POST') return { dropped: faults.dropConnections() };
    if (path === '/__control/faults' && method === 'POST') {
      const set = (body.trim() === '' ? {} : JSON.parse(body)) as Record<string, unknown>;
      if (set['reset'] === true) faults.reset();
      if ('httpStatus' in set) faults.httpStatus = set['httpStatus'] === null ? null : Number(set['httpStatus']);
      if ('httpStatusCount' in set) faults.httpStatusCount = set['httpStatusCount'] === null ? Number.POSITIVE_INFINITY : Number(set['httpStatusCount']);
      if ('delayMs' in set) faults.delayMs = Number(set['delayMs']);
      for (const flag of ['silent', 'malformed', 'refuseWs'] as const) if (flag in set) faults[flag] = set[flag] === true;
    }
    if (path === '/__control/faults') {
      const { httpStatus, httpStatusCount, delayMs, silent, malformed, refuseWs } = faults;
      return { httpStatus, httpStatusCount: Number.isFinite(httpStatusCount) ? httpStatusCount : null, delayMs, silent, malformed, refuseWs };
    }
    throw new Error(`unknown control ${method} ${path}`);
  };

  const served = await serveFake({
    handler: restHandler({ router, faults, creds, requests, now, control }),
    upgrade: (req) => {
      const route = upgradeRoute(req.url ?? '/');
      if (!route) return null;
      if (route.kind === 'api') return (ws) => wsApi.open(ws);
      return (ws) => hub.open(ws, route.venue, route.combined, route.initial);
    },
    faults,
    feed,
    port: opts.port,
    onClose: () => {
      market.close();
      hub.close();
      wsApi.close();
    },
  });
  const { port, base } = served;

  return {
    name: 'binance',
    port,
    restUrl: `http://${base}`,
    wsUrls: {
      spot: `ws://${base}/stream-spot`,
      linear: `ws://${base}/fstream`,
      spotApi: `ws://${base}/ws-api-spot`,
    },
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    faults,
    requests,
    market,
    spot,
    futures,
    algos,
    listenKeys: keys,
    setClockOffset(ms: number) {
      offset = ms;
    },
    close: served.close,
  };
}
