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
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { generatorFeed } from '../../src/sim/market/feed-factory.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import { Faults, type FakeExchange } from './faults.js';
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

  const server = createServer(coinbaseHttpHandler(coinbaseRoutes(market, orders, now), keys, faults, requests, now));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (faults.refuseWs) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      faults.track(ws);
      streams.attach(ws);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  feed.start();
  const base = `127.0.0.1:${port}`;
  let closed = false;

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
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      feed.stop();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
