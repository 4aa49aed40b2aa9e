import { mapExchangeError } from '../../../src/adapters/ccxt/error-map.js';
import type { Market, Ticker, Trade } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { bybitProfile } from '../../../src/adapters/bybit/bybit-profile.js';
import { toInstruments, type VenueMarket } from '../../../src/adapters/ccxt/ccxt-instruments.js';
import { CcxtTrading, toVenueOrder } from '../../../src/adapters/ccxt/ccxt-trading.js';
import { toKline } from '../../../src/adapters/ccxt/symbol-stream.js';
import { dec } from '../../../src/domain/decimal.js';
import type { MarketTick } from '../../../src/sim/market/market-types.js';
import * as doc from './bybit-docs.js';
import { deliver, offlineBybit, serveRecorded, text, type RecordedServer } from './recorded.js';
import { streamOnce } from './stream-once.js';

// ccxt's linear public stream (urls.api.ws.public.linear with Bybit's host filled in).
const LINEAR_STREAM = 'wss://stream.bybit.com/v5/public/linear';
const ourSymbol = (ccxtSymbol: string) => (ccxtSymbol === 'BTC/USDT:USDT' ? 'BTCUSDT' : ccxtSymbol);

describe('Bybit v5: documented payloads through ccxt and our border mapping', () => {
  let ex: ReturnType<typeof offlineBybit>;
  let server: RecordedServer;
  let markets: Market[];
  let instruments: Map<string, VenueMarket>;

  beforeAll(async () => {
    ex = offlineBybit();
    server = serveRecorded(ex);
    server.serve('GET', '/v5/market/instruments-info', doc.instrumentsInfo.payload);
    server.serve('GET', '/v5/market/instruments-info', doc.instrumentsInfoPreLaunch.payload, (q) => q.get('status') === 'PreLaunch');
    markets = await ex.fetchMarkets();
    ex.setMarkets(markets);
    instruments = toInstruments('bybit', markets, 'swap');
  });

  describe('GET /v5/market/instruments-info?category=linear', () => {
    it("is asked twice by ccxt's fetchMarkets: listed and pre-market (status=PreLaunch) instruments", () => {
      expect(server.calls.filter((c) => c === 'GET /v5/market/instruments-info')).toHaveLength(2);
      expect(markets.map((m) => m?.id)).toEqual(['BTCUSDT', 'BIOUSDT']);
    });

    it('the documented BTCUSDT entry becomes a linear instrument with tick 0.1, step 0.001, min qty 0.001, max qty 1190, min notional 5', () => {
      const btc = instruments.get('BTCUSDT')!;
      const i = btc.instrument;
      expect([i.exchange, i.symbol, i.base, i.quote, i.marketType, btc.ccxtSymbol]).toEqual(['bybit', 'BTCUSDT', 'BTC', 'USDT', 'linear', 'BTC/USDT:USDT']);
      expect(i.tickSize.toString()).toBe('0.1');
      expect(i.stepSize.toString()).toBe('0.001');
      expect(i.minQty.toString()).toBe('0.001');
      expect(i.maxQty.toString()).toBe('1190');
      expect(i.minNotional.toString()).toBe('5');
    });

    it("each rule equals the documented filter's decimal text exactly (tickSize 0.10, qtyStep 0.001, maxOrderQty 1190.000, minNotionalValue 5)", () => {
      const i = instruments.get('BTCUSDT')!.instrument;
      const { priceFilter, lotSizeFilter } = doc.instrumentsInfo.payload.result.list[0]!;
      expect(i.tickSize.eq(dec(priceFilter.tickSize))).toBe(true);
      expect(i.stepSize.eq(dec(lotSizeFilter.qtyStep))).toBe(true);
      expect(i.minQty.eq(dec(lotSizeFilter.minOrderQty))).toBe(true);
      expect(i.maxQty.eq(dec(lotSizeFilter.maxOrderQty))).toBe(true);
      expect(i.minNotional.eq(dec(lotSizeFilter.minNotionalValue))).toBe(true);
    });

    it("its fees are ccxt's Bybit placeholders, maker 0.0001 and taker 0.0006 (instruments-info carries no fee)", () => {
      const i = instruments.get('BTCUSDT')!.instrument;
      expect([i.makerFee.toString(), i.takerFee.toString()]).toEqual(['0.0001', '0.0006']);
    });

    it('the documented pre-market BIOUSDT (status PreLaunch) is not offered as an instrument', () => {
      expect(markets.find((m) => m?.id === 'BIOUSDT')?.active).toBe(false);
      expect(instruments.has('BIOUSDT')).toBe(false);
      expect([...instruments.keys()]).toEqual(['BTCUSDT']);
    });
  });

  it('the documented GET /v5/market/tickers answer (inverse BTCUSD: the only one shown) gives bid 16596 × 1, ask 16597.5 × 1, last 16597, 24h volume 49337318', () => {
    const raw = doc.tickersInverse.payload.result.list[0]!;
    const t: Ticker = ex.parseTicker(raw);
    expect([t.symbol, text(t.bid), text(t.bidVolume), text(t.ask), text(t.askVolume), text(t.last), text(t.baseVolume)]).toEqual([
      'BTCUSD',
      '16596',
      '1',
      '16597.5',
      '1',
      '16597',
      '49337318',
    ]);
    expect(dec(t.bid!).eq(dec(raw.bid1Price))).toBe(true);
    expect(dec(t.ask!).eq(dec(raw.ask1Price))).toBe(true);
  });

  it('the documented GET /v5/market/kline list (newest first) becomes Klines oldest first, exactly the documented open/high/low/close/volume', async () => {
    server.serve('GET', '/v5/market/kline', doc.klineInverse.payload);
    const bars = await ex.fetchOHLCV('BTC/USDT:USDT', '1h');
    expect(server.calls).toContain('GET /v5/market/kline');
    const klines = bars.map((b) => toKline(b)!);
    expect(klines.map((k) => [k.openTime, ...[k.open, k.high, k.low, k.close, k.volume].map(String)])).toEqual([
      [1670601600000, '17086.5', '17088', '16978', '17071.5', '6356'],
      [1670605200000, '17071.5', '17071.5', '17061', '17071', '4177'],
      [1670608800000, '17071', '17073', '17027', '17055.5', '268611'],
    ]);
    const newest = doc.klineInverse.payload.result.list[0]!;
    const k = klines[2]!;
    expect([k.open, k.high, k.low, k.close, k.volume].map((d, n) => d.eq(dec(newest[n + 1]!)))).toEqual([true, true, true, true, true]);
  });

  describe('orders', () => {
    it('the documented GET /v5/order/realtime order becomes a NEW LIMIT BUY of 0.1 ETHUSDT at 1600 (client id test-000005), nothing filled', () => {
      const o = toVenueOrder(ex.parseOrder(doc.openOrders.payload.result.list[0]!), ourSymbol);
      expect([o.id, o.clientOrderId, o.symbol, o.side, o.type, o.status, o.time]).toEqual([
        'fd4300ae-7847-404e-b947-b46980a4d140',
        'test-000005',
        'ETHUSDT',
        'BUY',
        'LIMIT',
        'NEW',
        1684738540559,
      ]);
      expect([o.quantity, o.filledQuantity, o.price].map(String)).toEqual(['0.1', '0', '1600']);
      // "avgPrice": "0" and "triggerPrice": "0.00" mean "none" on Bybit.
      expect([o.avgPrice, o.stopPrice, o.reduceOnly]).toEqual([null, null, false]);
    });

    it('the documented GET /v5/order/history order (orderStatus Cancelled) becomes a CANCELED LIMIT BUY of 0.003 at 26864.4', () => {
      const o = toVenueOrder(ex.parseOrder(doc.orderHistory.payload.result.list[0]!), ourSymbol);
      expect([o.id, o.clientOrderId, o.status, o.side, o.type]).toEqual(['14bad3a1-6454-43d8-bcf2-5345896cf74d', 'YLxaWKMiHU', 'CANCELED', 'BUY', 'LIMIT']);
      expect([o.quantity, o.filledQuantity, o.price].map(String)).toEqual(['0.003', '0', '26864.4']);
    });

    it('the documented order-stream push (orderStatus Filled) becomes a FILLED MARKET SELL of 1, filled 1 at average 75', () => {
      const o = toVenueOrder(ex.parseOrder(doc.wsOrderFilled.payload.data[0]!), ourSymbol);
      // (It is an option order: ccxt names it ETH/USDC:USDC-221230-1400-C; only the status mapping matters here.)
      expect([o.status, o.side, o.type]).toEqual(['FILLED', 'SELL', 'MARKET']);
      expect([o.quantity, o.filledQuantity, o.avgPrice].map(String)).toEqual(['1', '1', '75']);
    });

    it('a documented New order half filled (derived payload: orderStatus PartiallyFilled, cumExecQty 0.05) becomes PARTIALLY_FILLED with 0.05 filled at 1600', () => {
      expect(doc.partiallyFilledOrder.derived).toMatch(/^DERIVED/);
      const o = toVenueOrder(ex.parseOrder(doc.partiallyFilledOrder.payload), ourSymbol);
      expect([o.status, ...[o.quantity, o.filledQuantity, o.avgPrice].map(String)]).toEqual(['PARTIALLY_FILLED', '0.1', '0.05', '1600']);
    });
  });

  it('the documented GET /v5/position/list answer (inverse BTCUSD, side Sell, size 300) becomes, through CcxtTrading.positions, a position of −300 with entry, mark and unrealised PnL exact', async () => {
    server.serve('GET', '/v5/position/list', doc.positionListInverse.payload);
    const trading = new CcxtTrading({ exchange: 'bybit', client: () => ex, ccxtSymbol: (s) => s, ourSymbol, rest: (fn) => fn(), failure: (e) => mapExchangeError(e, 'test', 'recorded'), hasKeys: true, balanceIncludesUnrealized: bybitProfile.balanceIncludesUnrealized });
    const positions = await trading.positions();
    expect(server.calls).toContain('GET /v5/position/list');
    expect(positions).toHaveLength(1);
    const p = positions[0]!;
    expect([p.symbol, ...[p.quantity, p.entryPrice, p.markPrice, p.unrealizedPnl].map(String)]).toEqual([
      'BTCUSD',
      '-300',
      '27464.50441675',
      '28224.5',
      '-0.00029413',
    ]);
  });

  describe('streams (ccxt pro message handlers, then SymbolStream)', () => {
    // ccxt keeps what its handlers saw (tickers, the trade cache) on the instance: each test gets
    // its own, with the documented markets, as each adapter connection does.
    const streaming = () => {
      const ws = offlineBybit();
      ws.setMarkets(markets);
      return ws;
    };

    it('the documented tickers.BTCUSDT snapshot becomes bid 17215.5 × 84.489, ask 17216 × 83.02, last 17216, stamped with the message ts', () => {
      const t = deliver(streaming(), LINEAR_STREAM, doc.wsTickerSnapshot.payload).get('ticker:BTC/USDT:USDT') as Ticker;
      expect([t.symbol, text(t.bid), text(t.bidVolume), text(t.ask), text(t.askVolume), text(t.last), t.timestamp]).toEqual([
        'BTC/USDT:USDT',
        '17215.5',
        '84.489',
        '17216',
        '83.02',
        '17216',
        1673272861686,
      ]);
    });

    it('the documented publicTrade.BTCUSDT push becomes a taker BUY of 0.001 at 16578.5 at its fill time', () => {
      const [trade] = deliver(streaming(), LINEAR_STREAM, doc.wsPublicTrade.payload).get('trade:BTC/USDT:USDT') as Trade[];
      expect([trade!.symbol, trade!.id, text(trade!.price), text(trade!.amount), trade!.side, trade!.timestamp]).toEqual([
        'BTC/USDT:USDT',
        '20f43950-d8dd-5b31-9112-a178eb6023af',
        '16578.5',
        '0.001',
        'buy',
        1672304486865,
      ]);
    });

    it('fed to SymbolStream, the documented ticker then trade become two MarketTicks and a 1m candle with the exact documented prices and sizes', async () => {
      const ws = streaming();
      const ticker = deliver(ws, LINEAR_STREAM, doc.wsTickerSnapshot.payload).get('ticker:BTC/USDT:USDT') as Ticker;
      const trades = deliver(ws, LINEAR_STREAM, doc.wsPublicTrade.payload).get('trade:BTC/USDT:USDT') as Trade[];
      expect(trades).toHaveLength(1);
      const market = instruments.get('BTCUSDT')!;
      const { ticks, errors, stream } = await streamOnce({ instrument: market.instrument, ccxtSymbol: market.ccxtSymbol }, ticker, trades, 1673272861686);
      expect(errors).toEqual([]);
      expect(ticks).toHaveLength(2);
      const [quote, print] = ticks as [MarketTick, MarketTick];
      const view = (t: MarketTick) => [t.symbol, t.time, ...[t.bid, t.ask, t.last, t.tradeQuantity].map(String), t.aggressor];
      expect(view(quote)).toEqual(['BTCUSDT', 1673272861686, '17215.5', '17216', '17216', '0', 'BUY']);
      expect([quote.bids[0]!.quantity.toString(), quote.asks[0]!.quantity.toString()]).toEqual(['84.489', '83.02']);
      expect(view(print)).toEqual(['BTCUSDT', 1672304486865, '17215.5', '17216', '16578.5', '0.001', 'BUY']);
      const candle = stream.candles.current()!;
      expect([candle.openTime, ...[candle.open, candle.high, candle.low, candle.close, candle.volume].map(String)]).toEqual([
        1672304460000,
        '16578.5',
        '16578.5',
        '16578.5',
        '16578.5',
        '0.001',
      ]);
    });
  });
});
