/**
 * A fake OKX v5 (USDT perpetual swaps traded, spot listed) on 127.0.0.1 that speaks the real wire
 * protocol: REST under `restUrl` (documented `/api/v5/...` paths, OK-ACCESS-* signatures with the
 * passphrase, OKX's envelope and error codes, demo keys needing `x-simulated-trading: 1`) and
 * WebSockets under the same origin (`/ws/v5/public`, `/ws/v5/private`, `/ws/v5/business`). Market
 * data comes from the project's seeded generator, live.
 *
 * @example
 *   const fake = await startFakeOkx({ seed: 7 });
 *   // OKX_REST_URL=fake.restUrl OKX_WS_PUBLIC_URL=fake.wsUrls.public OKX_WS_PRIVATE_URL=fake.wsUrls.private …
 *   await fake.close();
 */
import { generatorFeed } from '../../src/sim/market/feed-factory.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import { Faults, type FakeExchange } from './faults.js';
import { serveFake } from './local-server.js';
import { OkxCore } from './okx-core.js';
import { okxHttpHandler, type RecordedRequest } from './okx-http.js';
import { OkxStreams, type WsGroup } from './okx-ws.js';

export interface FakeOkxOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  seed?: number;
  symbols?: string[];
  apiKey?: string;
  apiSecret?: string;
  passphrase?: string;
  /** The key is a demo-trading key: requests must carry `x-simulated-trading: 1`. */
  demo?: boolean;
  /** Minutes of generator history served before now (default 300). */
  historyBars?: number;
  /** Market time per wall time (default 1). */
  speed?: number;
  /** This account's swap fee rates (default OKX Lv1: maker 0.0002, taker 0.0005). */
  swapFees?: { maker: string; taker: string };
}

export interface FakeOkx extends FakeExchange {
  readonly name: 'okx';
  readonly port: number;
  readonly passphrase: string;
  readonly feed: MarketFeed;
  readonly core: OkxCore;
  readonly requests: RecordedRequest[];
}

export const DEFAULT_OKX_KEY = 'fake-okx-api-key-0001';
export const DEFAULT_OKX_SECRET = 'FAKEOKXSECRET0123456789ABCDEF01';
export const DEFAULT_OKX_PASSPHRASE = 'fake-okx-Passphrase1';

const GROUPS: Readonly<Record<string, WsGroup>> = { '/ws/v5/public': 'public', '/ws/v5/private': 'private', '/ws/v5/business': 'business' };

export async function startFakeOkx(opts: FakeOkxOptions = {}): Promise<FakeOkx> {
  const feed = generatorFeed({
    seed: opts.seed ?? 1,
    symbols: opts.symbols ?? ['BTCUSDT', 'ETHUSDT'],
    historyBars: opts.historyBars ?? 300,
    speed: opts.speed ?? 1,
    onError: (e) => console.error('fake-okx: tick listener failed', e),
  });
  const keys = {
    apiKey: opts.apiKey ?? DEFAULT_OKX_KEY,
    apiSecret: opts.apiSecret ?? DEFAULT_OKX_SECRET,
    passphrase: opts.passphrase ?? DEFAULT_OKX_PASSPHRASE,
    demo: opts.demo ?? false,
  };
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const core = new OkxCore(feed, keys, Date.now, opts.swapFees);
  const streams = new OkxStreams(core, faults);
  feed.onTick((tick) => {
    const trade = core.market.record(tick);
    core.orders.onTick(tick);
    streams.onTick(tick, trade);
  });

  const served = await serveFake({
    handler: okxHttpHandler(core, faults, requests),
    upgrade: (req) => {
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      const group = GROUPS[path];
      if (!group) return null;
      // ccxt's demo-trading stream URLs carry ?brokerId=9999 (wspap.okx.com in production).
      return (ws) => streams.attach(ws, group, new URLSearchParams(query).get('brokerId') === '9999');
    },
    faults,
    feed,
    port: opts.port,
  });
  const { port, base } = served;

  return {
    name: 'okx',
    port,
    restUrl: `http://${base}`,
    wsUrls: { public: `ws://${base}/ws/v5/public`, private: `ws://${base}/ws/v5/private`, business: `ws://${base}/ws/v5/business` },
    apiKey: keys.apiKey,
    apiSecret: keys.apiSecret,
    passphrase: keys.passphrase,
    faults,
    requests,
    feed,
    core,
    close: served.close,
  };
}
