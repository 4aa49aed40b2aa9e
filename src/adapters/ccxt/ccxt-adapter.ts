import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import { Rejection } from '../../domain/rejection.js';
import type { ExchangeAdapter, ExchangeInfo, FeedStatus, Ticker, TradingVenue } from '../../engine/ports.js';
import { intervalMs } from '../../sim/market/candle-builder.js';
import type { Kline, MarketTick } from '../../sim/market/market-types.js';
import type { CcxtExchange } from './ccxt-loader.js';
import { exact, toInstruments, type VenueMarket } from './ccxt-instruments.js';
import { CcxtTrading } from './ccxt-trading.js';
import { mapExchangeError, withRetry, type ExchangeFailure } from './error-map.js';
import { SymbolStream, toKline, type StreamSubscription } from './symbol-stream.js';
import { settleOutstanding } from './client-hooks.js';
import { accountFees, createClient, type ApiCredentials } from './ccxt-client.js';
import { hostOf } from './url-rewrite.js';
import type { VenueConfig, VenueProfile } from './venue-profile.js';
import { ClientIdCodec } from './wire-client-id.js';

export type { ApiCredentials } from './ccxt-client.js';

export interface AdapterOptions {
  readonly now?: () => number;
  /** A stream silent this long is stale and reconnected (default 5 × the venue's expected interval). */
  readonly staleAfterMs?: number;
  readonly historyBars?: number;
  readonly log?: (message: string) => void;
}

/**
 * A real exchange through ccxt (REST) and ccxt's WebSocket layer, configured by a VenueProfile.
 * Payloads become domain values here, at the border; errors become our catalogue here, once.
 */
export class CcxtAdapter implements ExchangeAdapter {
  private ex: CcxtExchange | null = null;
  private testnet = false;
  private markets = new Map<string, VenueMarket>();
  private readonly subs = new Map<string, StreamSubscription>();
  private readonly listeners = new Set<(t: MarketTick) => void>();
  /** Our client ids in the venue's form and back, for every TradingVenue handed out (VenueProfile.wireClientId). */
  private readonly clientIds: ClientIdCodec | null;
  private readonly connectListeners = new Set<() => void>();
  /**
   * The connection the last disconnect closed: live orders sent through it are still read through
   * its REST side (their state and trades), and its instruments still book their fills, until the
   * next connection opens.
   */
  private closed: { ex: CcxtExchange; markets: Map<string, VenueMarket> } | null = null;
  private connecting: Promise<{ latencyMs: number }> | null = null;
  private reconnecting = false;
  private readonly now: () => number;
  /** Keys set at run time (stored credentials); null: the configuration's keys (environment). */
  private credentials: ApiCredentials | null = null;

  constructor(
    private readonly profile: VenueProfile,
    private readonly config: VenueConfig,
    private readonly options: AdapterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.testnet = config.testnetByDefault ?? false;
    this.clientIds = profile.wireClientId ? new ClientIdCodec(profile.wireClientId) : null;
  }

  get id(): string {
    return this.profile.id;
  }

  info(): ExchangeInfo {
    return {
      id: this.profile.id,
      name: this.profile.name,
      connected: this.ex !== null && this.markets.size > 0,
      testnet: this.testnet,
      marketTypes: [...this.profile.marketTypes],
      features: [...this.profile.features],
      credentials: this.profile.needsPassphrase ? ['api_key', 'api_secret', 'passphrase'] : ['api_key', 'api_secret'],
    };
  }

  /** The REST host requests go to (for messages that name it). */
  host(): string {
    const e = this.testnet ? this.config.testnet : this.config.mainnet;
    return e.restUrl ? hostOf(e.restUrl) : `${this.profile.id} ${this.testnet ? 'testnet' : 'mainnet'}`;
  }

  connect(options: { testnet?: boolean } = {}): Promise<{ latencyMs: number }> {
    const testnet = options.testnet ?? this.testnet;
    if (this.connecting) return this.connecting;
    this.connecting = this.open(testnet).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /**
   * Uses these keys from now on (null: back to the configured ones), and `testnet` when given. A
   * connected adapter is disconnected when anything changed and reconnected in the background when
   * it has subscriptions (their streams restart on it). True when anything changed.
   */
  async setCredentials(credentials: ApiCredentials | null, testnet?: boolean): Promise<boolean> {
    const before = this.keys();
    const testnetBefore = this.testnet;
    this.credentials = credentials ? { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret, passphrase: credentials.passphrase } : null;
    if (testnet !== undefined) this.testnet = testnet;
    const after = this.keys();
    const same = before.apiKey === after.apiKey && before.apiSecret === after.apiSecret && before.passphrase === after.passphrase;
    if (same && testnetBefore === this.testnet) return false;
    // A connection being opened now would carry the old keys: let it finish, then drop it.
    await this.connecting?.catch(() => {});
    if (this.ex) {
      await this.disconnect();
      if (this.subs.size > 0) this.connect({ testnet: this.testnet }).catch((err: unknown) => this.options.log?.(`reconnecting with the new keys: ${err instanceof Error ? err.message : String(err)}`));
    }
    return true;
  }

  /**
   * Stops the streams and closes the connection. Orders cannot be sent until the next connect, but
   * live orders already sent are still read (REST) and booked: see `closed`.
   */
  async disconnect(): Promise<void> {
    // Subscriptions outlive the connection (a key change reconnects): their streams restart on connect.
    for (const s of this.subs.values()) {
      s.stream?.stop();
      s.stream = null;
    }
    const ex = this.ex;
    if (ex) this.closed = { ex, markets: this.markets };
    this.ex = null;
    this.markets = new Map();
    if (ex) settleOutstanding(ex);
    await ex?.close().catch(() => {});
  }

  /** The symbol's instrument; while disconnected, as the closed connection had it (a fill in flight is booked under it). */
  instrument(symbol: string): Instrument | null {
    return this.market(symbol)?.instrument ?? null;
  }

  instruments(): readonly Instrument[] {
    return [...this.catalogue().values()].map((m) => m.instrument);
  }

  /** Told each time a connection opens (a first connect, a reconnect after a disconnect or a key change). */
  onConnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  async fundingRate(symbol: string): Promise<{ rate: Decimal; nextTime: number | null } | null> {
    const { ex, market } = this.require(symbol);
    if (market.instrument.marketType === 'spot' || !ex.has?.['fetchFundingRate']) return null;
    // Binance: GET /fapi/v1/premiumIndex (lastFundingRate); Bybit: /v5/market/tickers (fundingRate).
    const r = await this.rest(() => ex.fetchFundingRate(market.ccxtSymbol));
    const rate = exact(r.fundingRate);
    return rate ? { rate, nextTime: typeof r.fundingTimestamp === 'number' ? r.fundingTimestamp : null } : null;
  }

  async ticker(symbol: string): Promise<Ticker> {
    const live = this.subs.get(symbol)?.stream ?? null;
    const t = live?.state === 'live' ? live.tick() : null;
    if (t) return { symbol, bid: t.bid, ask: t.ask, last: t.last, volume24h: null, time: t.time };
    const { ex, market } = this.require(symbol);
    const r = await this.rest(() => ex.fetchTicker(market.ccxtSymbol));
    let bid = exact(r.bid);
    let ask = exact(r.ask);
    if ((!bid || !ask) && ex.has?.['fetchBidsAsks']) {
      // Some venues' 24h ticker has no book (Binance futures): ask the book ticker for it (where there is one).
      const book = (await this.rest(() => ex.fetchBidsAsks([market.ccxtSymbol])))[market.ccxtSymbol];
      bid = exact(book?.bid);
      ask = exact(book?.ask);
    }
    const last = exact(r.last) ?? bid;
    if (!bid || !ask || !last) throw new Rejection('NO_MARKET_DATA', `${this.id} sent no bid/ask for ${symbol}`);
    // ccxt's baseVolume of a contract market counts contracts (OKX vol24h): in base units here.
    const volume = exact(r.baseVolume);
    const volume24h = volume && !market.contractSize.eq(Decimal.ONE) ? volume.mul(market.contractSize).normalize() : volume;
    return { symbol, bid, ask, last, volume24h, time: r.timestamp ?? this.now() };
  }

  async klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number): Promise<readonly Kline[] | null> {
    const { ex, market } = this.require(symbol);
    if (intervalMs(interval) === null || !(interval in (ex.timeframes ?? {}))) return null;
    const live = this.subs.get(symbol)?.stream ?? null;
    if (live && startTime === undefined && live.candles.size() >= limit * (intervalMs(interval)! / 60_000)) {
      return live.candles.klines(interval, limit, startTime, endTime);
    }
    const bars = await this.rest(() =>
      ex.fetchOHLCV(market.ccxtSymbol, interval, startTime, Math.min(limit, this.profile.maxKlinesPerRequest), endTime ? { until: endTime } : {}),
    );
    return bars
      .map(toKline)
      .filter((k): k is Kline => k !== null && (endTime === undefined || k.openTime <= endTime))
      .map((k) => ({ ...k, closeTime: k.openTime + intervalMs(interval)! - 1 }))
      .slice(-limit);
  }

  lastTick(symbol: string): MarketTick | null {
    return this.subs.get(symbol)?.stream?.tick() ?? null;
  }

  subscribe(symbol: string): () => void {
    this.require(symbol);
    let sub = this.subs.get(symbol);
    if (!sub) {
      sub = { stream: null, refs: 0 };
      this.subs.set(symbol, sub);
      this.startStream(symbol, sub);
    }
    sub.refs++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const s = this.subs.get(symbol);
      if (!s || --s.refs > 0) return;
      s.stream?.stop();
      this.subs.delete(symbol);
    };
  }

  /** One upstream stream for a subscription, on the current connection. */
  private startStream(symbol: string, sub: StreamSubscription): void {
    const { ex, market } = this.require(symbol);
    const stream = new SymbolStream({
      instrument: market.instrument,
      ccxtSymbol: market.ccxtSymbol,
      watchTicker: async (s) =>
        this.profile.bookStream === 'watchBidsAsks' ? ((await ex.watchBidsAsks([s]))[s] ?? (await ex.watchTicker(s))) : ex.watchTicker(s),
      watchTrades: (s) => ex.watchTrades(s),
      watchMark: this.profile.markStream === 'watchMarkPrice' && market.instrument.marketType !== 'spot' ? (s) => ex.watchMarkPrice(s) : undefined,
      watchOrderBook: (s) => ex.watchOrderBook(s, this.profile.depthLevels),
      depthLevels: this.profile.depthLevels,
      contractSize: market.contractSize,
      fetchBars: (s, since, limit) => ex.fetchOHLCV(s, '1m', since, Math.min(limit, this.profile.maxKlinesPerRequest)),
      reconnect: () => this.dropSockets(),
      emit: (t) => this.listeners.forEach((l) => l(t)),
      now: this.now,
      staleAfterMs: this.options.staleAfterMs ?? this.profile.expectedTickMs * 5,
      historyBars: this.options.historyBars ?? 500,
      onError: (m) => this.options.log?.(m),
    });
    sub.stream = stream;
    stream.start();
    void this.loadAccountFees(symbol);
  }

  /**
   * With keys, the account's own fee rates for the symbol (its tier: Binance commissionRate, Bybit
   * fee-rate) replace the venue's public schedule, for paper fills and for the fallback of live ones.
   */
  private async loadAccountFees(symbol: string): Promise<void> {
    const keys = this.keys();
    const ex = this.ex;
    const m = this.markets.get(symbol);
    if (!keys.apiKey || !keys.apiSecret || !ex || !m) return;
    try {
      const withFees = await accountFees(ex, m, (fn) => this.rest(fn));
      if (withFees && this.ex === ex) this.markets.set(symbol, withFees);
    } catch (err) {
      this.options.log?.(`${symbol} fee rates: ${err instanceof Error ? err.message : String(err)}; the public schedule applies`);
    }
  }

  onTick(listener: (tick: MarketTick) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): FeedStatus {
    const source = this.host();
    if (!this.info().connected) return { state: 'disconnected', lastTickAt: null, source, reason: null };
    const streams = [...this.subs.values()].flatMap((s) => (s.stream ? [s.stream] : []));
    const lastTickAt = streams.reduce<number | null>((m, s) => (s.lastTickAt !== null && (m === null || s.lastTickAt > m) ? s.lastTickAt : m), null);
    const worst = streams.find((s) => s.state !== 'live');
    if (worst) return { state: worst.state, lastTickAt, source, reason: worst.reason };
    return { state: 'live', lastTickAt, source, reason: null };
  }

  trading(): TradingVenue {
    return new CcxtTrading({
      exchange: this.id,
      client: () => this.client(),
      reader: () => (this.ex ? this.ex : (this.closed?.ex ?? this.client())),
      clientIdParam: this.profile.clientIdParam,
      ccxtSymbol: (symbol) => {
        const m = this.market(symbol);
        if (!m) throw new Rejection('UNKNOWN_SYMBOL', `${this.id} does not list ${symbol}`, { exchange: this.id, symbol });
        return m.ccxtSymbol;
      },
      ourSymbol: (ccxtSymbol) => [...this.catalogue().values()].find((m) => m.ccxtSymbol === ccxtSymbol)?.instrument.symbol ?? ccxtSymbol,
      contractSize: (ccxtSymbol) => [...this.catalogue().values()].find((m) => m.ccxtSymbol === ccxtSymbol)?.contractSize ?? Decimal.ONE,
      tradesOrderIdParam: this.profile.tradesOrderIdParam,
      triggerOrdersApart: this.profile.triggerOrdersApart,
      triggeredOrderIdField: this.profile.triggeredOrderIdField,
      clientIds: this.clientIds ?? undefined,
      triggerClientIdParam: this.profile.triggerClientIdParam,
      orderClientIdParam: this.profile.orderClientIdParam,
      orderParams: this.profile.orderParams,
      reduceOnly: this.profile.reduceOnly,
      clientIdLookup: this.profile.clientIdLookup,
      spotHoldings: this.profile.spotHoldings,
      rest: (fn) => this.rest(fn),
      failure: (e) => this.failure(e),
      hasKeys: this.hasKeys(),
      balanceIncludesUnrealized: this.profile.balanceIncludesUnrealized,
    });
  }

  /** Whether an API key and secret (and the passphrase a venue needs) are in use, stored or from the environment: the venue can be traded live. */
  hasKeys(): boolean {
    const k = this.keys();
    return Boolean(k.apiKey && k.apiSecret && (!this.profile.needsPassphrase || k.passphrase));
  }

  /** The ccxt instance, for the venue's private calls (orders, balances, positions). */
  client(): CcxtExchange {
    if (!this.ex) throw new Rejection('EXCHANGE_NOT_CONNECTED', `${this.id} is not connected`, { exchange: this.id });
    return this.ex;
  }

  /** A REST call with retries on retryable failures, its errors mapped into our catalogue. */
  rest<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, (e) => this.failure(e));
  }

  failure(e: unknown): ExchangeFailure {
    return mapExchangeError(e, this.id, this.host(), this.profile.errorPatterns);
  }

  private async open(testnet: boolean): Promise<{ latencyMs: number }> {
    if (this.ex && this.testnet !== testnet) await this.disconnect();
    this.testnet = testnet;
    const fresh = this.ex === null;
    const ex = this.ex ?? (await createClient(this.profile, this.config, this.keys(), testnet));
    try {
      if (this.markets.size === 0) {
        const markets = await withRetry(() => ex.loadMarkets(true), (e) => this.failure(e), 2);
        this.markets = toInstruments(this.id, Object.values(markets), this.profile.primaryCcxtType, this.profile.priceBand, this.profile.symbolOf);
      }
      const t0 = this.now();
      await this.rest(() => ex.fetchTime());
      this.ex = ex;
      const latencyMs = this.now() - t0;
      // Re-subscribe what was subscribed before a disconnect (a key change, an explicit disconnect).
      for (const [symbol, sub] of this.subs) if (!sub.stream && this.markets.has(symbol)) this.startStream(symbol, sub);
      if (fresh) {
        this.closed = null;
        this.connectListeners.forEach((l) => {
          try {
            l();
          } catch (err) {
            this.options.log?.(`after connecting: ${err instanceof Error ? err.message : String(err)}`);
          }
        });
      }
      return { latencyMs };
    } catch (err) {
      await ex.close().catch(() => {});
      if (!fresh) this.closed = { ex, markets: this.markets }; // a working connection failed: what it sent is still read through it
      this.ex = null;
      this.markets = new Map();
      // Streams on the closed client are stopped; the subscriptions restart on the next connect.
      for (const s of this.subs.values()) {
        s.stream?.stop();
        s.stream = null;
      }
      throw this.failure(err);
    }
  }

  private keys(): { apiKey?: string; apiSecret?: string; passphrase?: string } {
    return this.credentials ?? { apiKey: this.config.apiKey, apiSecret: this.config.apiSecret, passphrase: this.config.apiPassphrase };
  }

  /** The markets of the connection, or while disconnected those of the one the disconnect closed. */
  private catalogue(): Map<string, VenueMarket> {
    return this.ex || !this.closed ? this.markets : this.closed.markets;
  }

  private market(symbol: string): VenueMarket | undefined {
    return this.catalogue().get(symbol);
  }

  private require(symbol: string): { ex: CcxtExchange; market: VenueMarket } {
    const ex = this.client();
    const market = this.markets.get(symbol);
    if (!market) throw new Rejection('UNKNOWN_SYMBOL', `${this.id} does not list ${symbol}`, { exchange: this.id, symbol });
    return { ex, market };
  }

  /** Closes the venue's sockets once; every watch loop then reconnects and re-subscribes. */
  private dropSockets(): void {
    if (this.reconnecting || !this.ex) return;
    this.reconnecting = true;
    const ex = this.ex;
    void ex
      .close()
      .catch(() => {})
      .finally(() => {
        this.reconnecting = false;
      });
  }
}
