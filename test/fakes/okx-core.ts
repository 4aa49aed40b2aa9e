/**
 * The fake OKX's state in one place: instruments, market data over the generator feed, the trading
 * account and its orders, the API keys.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import { OkxAccount } from './okx-account.js';
import type { OkxKeys } from './okx-auth.js';
import { OkxInstruments } from './okx-instruments.js';
import { OkxMarket } from './okx-market.js';
import { OkxOrders } from './okx-orders.js';

export const INITIAL_USDT = '10000';

export class OkxCore {
  readonly inst: OkxInstruments;
  readonly market: OkxMarket;
  readonly account: OkxAccount;
  readonly orders: OkxOrders;

  constructor(
    readonly feed: MarketFeed,
    readonly keys: OkxKeys,
    readonly now: () => number = Date.now,
    swapFees?: { maker: string; taker: string },
  ) {
    this.inst = new OkxInstruments(feed.instruments(), swapFees);
    this.market = new OkxMarket(feed);
    this.account = new OkxAccount(Decimal.parse(INITIAL_USDT), (symbol) => feed.lastTick(symbol)?.last ?? Decimal.ZERO);
    this.orders = new OkxOrders(this.inst, this.market, this.account, now);
  }
}
