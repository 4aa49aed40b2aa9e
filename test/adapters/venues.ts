import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapter } from '../../src/adapters/registry.js';
import { loadConfig } from '../../src/app/config.js';
import { startApp } from '../../src/app/create-app.js';
import type { ExchangeAdapter } from '../../src/engine/ports.js';
import { startFakeBinance } from '../fakes/fake-binance.js';
import { startFakeBybit } from '../fakes/fake-bybit.js';
import { startFakeOkx } from '../fakes/fake-okx.js';
import { startFakeCoinbase } from '../fakes/fake-coinbase.js';
import type { FakeExchange } from '../fakes/faults.js';

/** One venue under the contract suite: the adapter users run, pointed at a real-protocol peer. */
export interface VenueUnderTest {
  readonly name: string;
  readonly adapter: ExchangeAdapter;
  readonly fake: FakeExchange | null;
  /** What the suite trades there and its rules (default BTCUSDT, linear, tick 0.1, step 0.001, USDT). */
  readonly market?: VenueMarketUnderTest;
  close(): Promise<void>;
}

export interface VenueMarketUnderTest {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly marketType: 'linear' | 'spot';
  readonly tickSize: string;
  readonly stepSize: string;
}

export const LINEAR_BTCUSDT: VenueMarketUnderTest = { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', marketType: 'linear', tickSize: '0.1', stepSize: '0.001' };

export async function simVenue(): Promise<VenueUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'st-contract-'));
  const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', SIM_SEED: '7', SIM_HISTORY_BARS: '30' }));
  return {
    name: 'sim',
    adapter: app.exchanges.get('sim')!,
    fake: null,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface VenueOptions {
  staleAfterMs?: number;
  keys?: boolean;
  speed?: number;
  timeoutMs?: number;
}

export async function binanceVenue(opts: VenueOptions = {}): Promise<VenueUnderTest & { fake: FakeExchange }> {
  const fake = await startFakeBinance({ seed: 11, historyBars: 60, speed: opts.speed });
  const adapter = createAdapter(
    'binance',
    {
      mainnet: { restUrl: fake.restUrl, wsUrls: fake.wsUrls },
      testnet: { restUrl: fake.restUrl, wsUrls: fake.wsUrls },
      apiKey: opts.keys === false ? undefined : fake.apiKey,
      apiSecret: opts.keys === false ? undefined : fake.apiSecret,
      timeoutMs: opts.timeoutMs ?? 3_000,
    },
    { staleAfterMs: opts.staleAfterMs },
  );
  return {
    name: 'binance',
    adapter,
    fake,
    async close() {
      await adapter.disconnect();
      await fake.close();
    },
  };
}

export async function bybitVenue(opts: VenueOptions = {}): Promise<VenueUnderTest & { fake: FakeExchange }> {
  const fake = await startFakeBybit({ seed: 12, historyBars: 60, speed: opts.speed });
  const adapter = createAdapter(
    'bybit',
    {
      mainnet: { restUrl: fake.restUrl, wsUrls: { stream: fake.wsUrls.public! } },
      testnet: { restUrl: fake.restUrl, wsUrls: { stream: fake.wsUrls.public! } },
      apiKey: opts.keys === false ? undefined : fake.apiKey,
      apiSecret: opts.keys === false ? undefined : fake.apiSecret,
      timeoutMs: opts.timeoutMs ?? 3_000,
    },
    { staleAfterMs: opts.staleAfterMs },
  );
  return {
    name: 'bybit',
    adapter,
    fake,
    async close() {
      await adapter.disconnect();
      await fake.close();
    },
  };
}

export async function okxVenue(opts: VenueOptions = {}): Promise<VenueUnderTest & { fake: FakeExchange }> {
  const fake = await startFakeOkx({ seed: 13, historyBars: 60, speed: opts.speed });
  const adapter = createAdapter(
    'okx',
    {
      mainnet: { restUrl: fake.restUrl, wsUrls: fake.wsUrls },
      testnet: { restUrl: fake.restUrl, wsUrls: fake.wsUrls },
      apiKey: opts.keys === false ? undefined : fake.apiKey,
      apiSecret: opts.keys === false ? undefined : fake.apiSecret,
      apiPassphrase: opts.keys === false ? undefined : fake.passphrase,
      timeoutMs: opts.timeoutMs ?? 3_000,
    },
    { staleAfterMs: opts.staleAfterMs },
  );
  return {
    name: 'okx',
    adapter,
    fake,
    async close() {
      await adapter.disconnect();
      await fake.close();
    },
  };
}

/** Coinbase Advanced Trade (spot): BTC-USD is our BTCUSD; its position is the BTC held. */
export async function coinbaseVenue(opts: VenueOptions = {}): Promise<VenueUnderTest & { fake: FakeExchange }> {
  const fake = await startFakeCoinbase({ seed: 14, historyBars: 60, speed: opts.speed });
  const endpoints = { restUrl: fake.restUrl, wsUrls: fake.wsUrls };
  const adapter = createAdapter(
    'coinbase',
    {
      mainnet: endpoints,
      testnet: endpoints,
      apiKey: opts.keys === false ? undefined : fake.apiKey,
      apiSecret: opts.keys === false ? undefined : fake.apiSecret,
      timeoutMs: opts.timeoutMs ?? 3_000,
    },
    { staleAfterMs: opts.staleAfterMs },
  );
  return {
    name: 'coinbase',
    adapter,
    fake,
    market: { symbol: 'BTCUSD', base: 'BTC', quote: 'USD', marketType: 'spot', tickSize: '0.01', stepSize: '0.00000001' },
    async close() {
      await adapter.disconnect();
      await fake.close();
    },
  };
}
