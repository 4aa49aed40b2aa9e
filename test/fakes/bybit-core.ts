/**
 * The fake Bybit's state in one place: instruments, market data over the generator feed, the
 * unified account and its orders, the API keys, and the helpers REST and WebSocket both use.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import { BybitAccount } from './bybit-account.js';
import type { BybitKeys } from './bybit-auth.js';
import { BybitInstruments, type BybitSpec } from './bybit-instruments.js';
import { tickerJson } from './bybit-market-json.js';
import { BybitMarketData } from './bybit-market-data.js';
import { BybitOrders } from './bybit-orders.js';
import type { Category } from './bybit-wire.js';

export const INITIAL_USDT = '10000';

export class BybitCore {
  readonly inst: BybitInstruments;
  readonly market: BybitMarketData;
  readonly account: BybitAccount;
  readonly orders: BybitOrders;

  constructor(
    readonly feed: MarketFeed,
    readonly keys: BybitKeys,
    readonly now: () => number = Date.now,
  ) {
    this.inst = new BybitInstruments(feed.instruments());
    this.market = new BybitMarketData(feed);
    this.account = new BybitAccount(Decimal.parse(INITIAL_USDT), (symbol) => this.mark(symbol));
    this.orders = new BybitOrders(this.inst, this.market, this.account, now);
  }

  /** Mark price of a linear symbol: the generator's last price. */
  mark(symbol: string): Decimal {
    return this.feed.lastTick(symbol)?.last ?? Decimal.ZERO;
  }

  /** USD value of one unit of a coin (stablecoins at 1, base coins at their last price). */
  usd(coin: string): Decimal {
    if (coin === 'USDT' || coin === 'USDC') return Decimal.fromInt(1);
    const spec = this.inst.list('spot').find((s) => s.base === coin);
    return spec ? this.mark(spec.symbol) : Decimal.ZERO;
  }

  ticker(cat: Category, spec: BybitSpec, ws = false): Record<string, unknown> {
    const tick = this.market.tick(spec.symbol);
    const json = tickerJson(this.inst, spec, tick, this.market.stats24h(spec.symbol), ws);
    if (cat === 'linear') json.tickDirection = this.market.recentTrades(spec.symbol, 1)[0]?.tickDirection ?? 'ZeroPlusTick';
    return json;
  }
}
