/**
 * A fake Coinbase Advanced Trade (spot: BTC-USD, BTC-USDC, BTC-USDT, ETH-USD, ETH-USDT) on
 * 127.0.0.1 that speaks the real wire protocol: REST under `restUrl` (the documented
 * `/api/v3/brokerage/...` paths, private ones behind an ES256 JWT made with a CDP key, Coinbase's
 * error bodies, matching with the account's maker/taker fees) and the Advanced Trade WebSocket at
 * `wsUrl` (ticker, level2, market_trades, heartbeats, user). Market data comes from the project's
 * seeded generator, live.
 *
 * @example
 *   const fake = await startFakeCoinbase({ seed: 7 });
 *   // COINBASE_REST_URL=fake.restUrl COINBASE_WS_URL=fake.wsUrl COINBASE_API_KEY=fake.apiKey COINBASE_API_SECRET=fake.apiSecret
 *   await fake.close();
 */
import { generatorFeed } from '../../src/sim/market/feed-factory.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import { Faults, type FakeExchange } from './faults.js';
import { serveFake } from './local-server.js';
import { cdpKeys, type CoinbaseKeys } from './coinbase-auth.js';
import { coinbaseHttpHandler, type RecordedRequest } from './coinbase-http.js';
import { CoinbaseMarket } from './coinbase-market.js';
import { CoinbaseOrders, DEFAULT_BALANCES, type FeeTier } from './coinbase-orders.js';
import { coinbaseRoutes } from './coinbase-rest.js';
import { CoinbaseStreams } from './coinbase-ws.js';

export interface FakeCoinbaseOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  seed?: number;
  /** The CDP key's name; its private key is made fresh unless `privateKeyPem` is given. */
  keyName?: string;
  privateKeyPem?: string;
  /** Minutes of generator history served before now (default 300). */
  historyBars?: number;
  /** Market time per wall time (default 1). */
  speed?: number;
  /** The account's fee tier (default maker 0.004, taker 0.006). */
  fees?: FeeTier;
  /** Starting balances per currency (default USD 100000, USDC 50000, USDT 50000). */
  balances?: Readonly<Record<string, string>>;
}

export interface FakeCoinbase extends FakeExchange {
  readonly name: 'coinbase';
  readonly port: number;
  /** The one stream origin (COINBASE_WS_URL). */
  readonly wsUrl: string;
  readonly keys: CoinbaseKeys;
  readonly feed: MarketFeed;
  readonly market: CoinbaseMarket;
  readonly orders: CoinbaseOrders;
  readonly requests: RecordedRequest[];
}

export async function startFakeCoinbase(opts: FakeCoinbaseOptions = {}): Promise<FakeCoinbase> {
  const feed = generatorFeed({
    seed: opts.seed ?? 1,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    historyBars: opts.historyBars ?? 300,
    speed: opts.speed ?? 1,
    onError: (e) => console.error('fake-coinbase: tick listener failed', e),
  });
  const now = Date.now;
  const keys = cdpKeys(opts.keyName, opts.privateKeyPem);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const market = new CoinbaseMarket(feed);
  const orders = new CoinbaseOrders(market, opts.fees ?? { maker: '0.004', taker: '0.006' }, now, opts.balances ?? DEFAULT_BALANCES);
  const streams = new CoinbaseStreams(market, orders, keys, faults, now);
  feed.onTick((tick) => {
    const trade = market.record(tick);
    orders.onTick(tick);
    streams.onTick(tick, trade);
  });

  const served = await serveFake({
    handler: coinbaseHttpHandler(coinbaseRoutes(market, orders, now), keys, faults, requests, now),
    upgrade: () => (ws) => streams.attach(ws),
    faults,
    feed,
    port: opts.port,
  });
  const { port, base } = served;

  return {
    name: 'coinbase',
    port,
    restUrl: `http://${base}`,
    wsUrl: `ws://${base}`,
    wsUrls: { '': `ws://${base}` },
    apiKey: keys.name,
    apiSecret: keys.privateKeyPem,
    keys,
    faults,
    requests,
    feed,
    market,
    orders,
    close: served.close,
  };
}
