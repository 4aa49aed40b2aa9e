/**
 * A fake Bybit v5 (spot + USDT linear perpetual) on 127.0.0.1 that speaks the real wire protocol:
 * REST under `restUrl` (documented `/v5/...` paths, v5 HMAC signatures, Bybit's envelope and
 * retCodes) and WebSockets under the same origin (`/v5/public/linear`, `/v5/public/spot`,
 * `/v5/private`, `/v5/trade`). Market data comes from the project's seeded generator, live.
 *
 * @example
 *   const fake = await startFakeBybit({ seed: 7 });
 *   // point ccxt's https://api.bybit.com at fake.restUrl and wss://stream.bybit.com at fake.wsUrls.public
 *   await fake.close();
 */
import { generatorFeed } from '../../src/sim/market/feed-factory.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import { Faults, type FakeExchange } from './faults.js';
import { serveFake } from './local-server.js';
import { BybitCore } from './bybit-core.js';
import { bybitHttpHandler, type RecordedRequest } from './bybit-http.js';
import { BybitPrivateStreams } from './bybit-ws-private.js';
import { BybitPublicStreams } from './bybit-ws-public.js';

export interface FakeBybitOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  seed?: number;
  symbols?: string[];
  apiKey?: string;
  apiSecret?: string;
  /** Minutes of generator history served before now (default 300). */
  historyBars?: number;
  /** Market time per wall time (default 1); tests of candle gaps run minutes in seconds. */
  speed?: number;
}

export interface FakeBybit extends FakeExchange {
  readonly name: 'bybit';
  readonly port: number;
  readonly feed: MarketFeed;
  /** The exchange-side state (orders, account), for assertions. */
  readonly core: BybitCore;
}

export const DEFAULT_BYBIT_KEY = 'fake-bybit-api-key';
export const DEFAULT_BYBIT_SECRET = 'fake-bybit-api-secret';

const WS_PATHS = new Set(['/v5/public/linear', '/v5/public/spot', '/v5/private', '/v5/trade']);

export async function startFakeBybit(opts: FakeBybitOptions = {}): Promise<FakeBybit> {
  const feed = generatorFeed({
    seed: opts.seed ?? 1,
    symbols: opts.symbols ?? ['BTCUSDT', 'ETHUSDT'],
    historyBars: opts.historyBars ?? 300,
    speed: opts.speed ?? 1,
    onError: (e) => console.error('fake-bybit: tick listener failed', e),
  });
  const keys = { apiKey: opts.apiKey ?? DEFAULT_BYBIT_KEY, apiSecret: opts.apiSecret ?? DEFAULT_BYBIT_SECRET };
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const core = new BybitCore(feed, keys);
  const publicStreams = new BybitPublicStreams(core, faults);
  const privateStreams = new BybitPrivateStreams(core, faults);
  feed.onTick((tick) => {
    const trade = core.market.record(tick);
    core.orders.onTick(tick);
    publicStreams.onTick(tick, trade);
  });

  const served = await serveFake({
    handler: bybitHttpHandler(core, faults, requests),
    upgrade: (req) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!WS_PATHS.has(path)) return null;
      if (path === '/v5/public/linear') return (ws) => publicStreams.attach(ws, 'linear');
      if (path === '/v5/public/spot') return (ws) => publicStreams.attach(ws, 'spot');
      return (ws) => privateStreams.attach(ws, path === '/v5/trade');
    },
    faults,
    feed,
    port: opts.port,
  });
  const { port, base } = served;

  return {
    name: 'bybit',
    port,
    restUrl: `http://${base}`,
    wsUrls: { public: `ws://${base}`, private: `ws://${base}` },
    apiKey: keys.apiKey,
    apiSecret: keys.apiSecret,
    faults,
    requests,
    feed,
    core,
    close: served.close,
  };
}
