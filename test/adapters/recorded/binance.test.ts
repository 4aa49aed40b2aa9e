import { mapExchangeError } from '../../../src/adapters/ccxt/error-map.js';
import type { Market, Ticker, Trade } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { binanceProfile } from '../../../src/adapters/binance/binance-profile.js';
import { toInstruments, type VenueMarket } from '../../../src/adapters/ccxt/ccxt-instruments.js';
import { CcxtTrading, toVenueOrder } from '../../../src/adapters/ccxt/ccxt-trading.js';
import { toKline } from '../../../src/adapters/ccxt/symbol-stream.js';
import { dec } from '../../../src/domain/decimal.js';
import * as doc from './binance-docs.js';
import { deliver, offlineBinance, serveRecorded, text, type RecordedServer } from './recorded.js';

// ccxt's USDⓈ-M stream host (urls.api.ws.future); ccxt reads the market type from it.
const FSTREAM = 'wss://fstream.binance.com/ws';
const SPOT_STREAM = 'wss://stream.binance.com:9443/ws';
// The documented orders, tickers and positions are for BTCUSDT, ADAUSDT… while the documented
// exchangeInfo lists only BLZUSDT: ccxt then names them by the venue's id, and so does the adapter.
const ourSymbol = (ccxtSymbol: string) => ccxtSymbol;

describe('Binance USDⓈ-M: documented payloads through ccxt and our border mapping', () => {
  let ex: ReturnType<typeof offlineBinance>;
  let server: RecordedServer;
  let markets: Market[];
  let blz: VenueMarket;

  beforeAll(async () => {
    ex = offlineBinance();
    server = serveRecorded(ex);
    server.serve('GET', '/fapi/v1/exchangeInfo', doc.exchangeInfo.payload);
    markets = await ex.fetchMarkets();
    ex.setMarkets(markets);
    blz = toInstruments('binance', markets, 'swap', binanceProfile.priceBand).get('BLZUSDT')!;
  });

  describe('GET /fapi/v1/exchangeInfo', () => {
    const filter = (type: string) => doc.exchangeInfo.payload.symbols[0]!.filters.find((f) => f.filterType === type)!;

    it("is what ccxt's fetchMarkets asks for, for USDⓈ-M", () => {
      expect(server.calls).toContain('GET /fapi/v1/exchangeInfo');
    });

    it('the documented BLZUSDT entry becomes a linear instrument with tick 0.0001, step 1, min qty 1, max qty 10000000, min notional 5', () => {
      const i = blz.instrument;
      expect([i.exchange, i.symbol, i.base, i.quote, i.marketType, blz.ccxtSymbol]).toEqual(['binance', 'BLZUSDT', 'BLZ', 'USDT', 'linear', 'BLZ/USDT:USDT']);
      expect(i.tickSize.toString()).toBe('0.0001');
      expect(i.stepSize.toString()).toBe('1');
      expect(i.minQty.toString()).toBe('1');
      expect(i.maxQty.toString()).toBe('10000000');
      expect(i.minNotional.toString()).toBe('5');
    });

    it("each rule equals the filter's own decimal text exactly (PRICE_FILTER, LOT_SIZE, MIN_NOTIONAL)", () => {
      const i = blz.instrument;
      expect(i.tickSize.eq(dec(filter('PRICE_FILTER').tickSize!))).toBe(true);
      expect(i.stepSize.eq(dec(filter('LOT_SIZE').stepSize!))).toBe(true);
      expect(i.minQty.eq(dec(filter('LOT_SIZE').minQty!))).toBe(true);
      expect(i.maxQty.eq(dec(filter('LOT_SIZE').maxQty!))).toBe(true);
      expect(i.minNotional.eq(dec(filter('MIN_NOTIONAL').notional!))).toBe(true);
    });

    it("its fees are ccxt's USDⓈ-M fee table, maker 0.0002 and taker 0.0005 (exchangeInfo carries no fee)", () => {
      expect(blz.instrument.makerFee.toString()).toBe('0.0002');
      expect(blz.instrument.takerFee.toString()).toBe('0.0005');
    });

    it('the MARKET_LOT_SIZE cap (590119) reaches ccxt as limits.market but not the instrument, whose max qty is LOT_SIZE', () => {
      const market = markets.find((m) => m?.id === 'BLZUSDT')!;
      expect(text((market.limits as { market?: { max?: number } }).market?.max)).toBe('590119');
      expect(blz.instrument.maxQty.toString()).toBe('10000000');
    });

    it("the documented PERCENT_PRICE (multiplierUp 1.1500, multiplierDown 0.8500) becomes BLZUSDT's 0.15 price band", () => {
      expect(filter('PERCENT_PRICE').multiplierUp).toBe('1.1500');
      expect(blz.instrument.priceBand.toString()).toBe('0.15');
    });
  });

  describe('tickers', () => {
    it('the documented GET /fapi/v1/ticker/bookTicker gives bid 4 × 431 and ask 4.000002 × 9 at 1589437530011', () => {
      const t: Ticker = ex.parseTicker(doc.bookTicker.payload);
      expect([t.symbol, text(t.bid), text(t.bidVolume), text(t.ask), text(t.askVolume), t.timestamp]).toEqual([
        'BTCUSDT',
        '4',
        '431',
        '4.000002',
        '9',
        1589437530011,
      ]);
      expect(dec(t.bid!).eq(dec(doc.bookTicker.payload.bidPrice))).toBe(true);
      expect(dec(t.ask!).eq(dec(doc.bookTicker.payload.askPrice))).toBe(true);
    });

    it('the documented GET /fapi/v1/ticker/24hr gives last 4.000002 and 24h volume 8913.3 but no bid/ask (so the adapter asks the book ticker)', () => {
      const t: Ticker = ex.parseTicker(doc.ticker24hr.payload);
      expect([text(t.last), text(t.baseVolume), t.timestamp]).toEqual(['4.000002', '8913.3', 1499869899040]);
      expect(text(t.last)).toBe(dec(doc.ticker24hr.payload.lastPrice).toString());
      expect([t.bid, t.ask]).toEqual([undefined, undefined]);
    });
  });

  it('the documented GET /fapi/v1/klines row becomes a Kline opening at 1499040000000 with open 0.0163479, high 0.8, low 0.015758, close 0.015771, volume 148976.11427815', async () => {
    server.serve('GET', '/fapi/v1/klines', doc.klines.payload);
    const bars = await ex.fetchOHLCV('BLZ/USDT:USDT', '1w');
    expect(server.calls).toContain('GET /fapi/v1/klines');
    expect(bars).toHaveLength(1);
    const k = toKline(bars[0]!)!;
    const row = doc.klines.payload[0]!;
    expect(k.openTime).toBe(1499040000000);
    expect([k.open, k.high, k.low, k.close, k.volume].map(String)).toEqual(['0.0163479', '0.8', '0.015758', '0.015771', '148976.11427815']);
    // …which are the documented strings' exact values.
    expect([k.open.eq(dec(row[1] as string)), k.high.eq(dec(row[2] as string)), k.low.eq(dec(row[3] as string)), k.close.eq(dec(row[4] as string))]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(k.volume.eq(dec(row[5] as string))).toBe(true);
  });

  describe('orders', () => {
    it('the documented POST /fapi/v1/order answer becomes a NEW SELL order 22542179 (client id testOrder) of 10 with nothing filled and no price', () => {
      const o = toVenueOrder(ex.parseOrder(doc.newOrder.payload), ourSymbol);
      expect([o.id, o.clientOrderId, o.symbol, o.side, o.status, o.time]).toEqual(['22542179', 'testOrder', 'BTCUSDT', 'SELL', 'NEW', 1566818724722]);
      expect([o.quantity.toString(), o.filledQuantity.toString()]).toEqual(['10', '0']);
      // "price": "0", "avgPrice": "0.00000", "stopPrice": "0" mean "none" on Binance.
      expect([o.price, o.avgPrice, o.stopPrice, o.reduceOnly]).toEqual([null, null, null, false]);
    });

    it('the documented DELETE /fapi/v1/order answer becomes a CANCELED BUY order 283194212 of 11, nothing filled, stop price 9300', () => {
      const o = toVenueOrder(ex.parseOrder(doc.canceledOrder.payload), ourSymbol);
      expect([o.id, o.clientOrderId, o.side, o.status, o.time]).toEqual(['283194212', 'myOrder1', 'BUY', 'CANCELED', 1571110484038]);
      expect([o.quantity.toString(), o.filledQuantity.toString(), o.stopPrice?.toString()]).toEqual(['11', '0', '9300']);
    });

    // ccxt folds Binance's STOP_MARKET / TAKE_PROFIT_MARKET / TRAILING_STOP_MARKET into 'market';
    // toVenueOrder reads the venue's own type back, so a stop reads as it does on the sim venue.
    it('the documented TRAILING_STOP_MARKET order keeps its type instead of reading back as a plain MARKET order', () => {
      expect(toVenueOrder(ex.parseOrder(doc.canceledOrder.payload), ourSymbol).type).toBe('TRAILING_STOP_MARKET');
    });

    it.each<[string, Record<string, unknown>, string, string]>([
      ['NEW', doc.newOrder.payload, 'NEW', '0'],
      ['PARTIALLY_FILLED (derived payload)', doc.partiallyFilledOrder.payload, 'PARTIALLY_FILLED', '4'],
      ['FILLED (derived payload)', doc.filledOrder.payload, 'FILLED', '10'],
      ['CANCELED', doc.canceledOrder.payload, 'CANCELED', '0'],
      ['EXPIRED (derived payload)', doc.expiredOrder.payload, 'EXPIRED', '0'],
      ['EXPIRED_IN_MATCH (derived payload)', doc.expiredInMatchOrder.payload, 'EXPIRED', '0'],
      ['REJECTED (derived payload)', doc.rejectedOrder.payload, 'REJECTED', '0'],
    ])('Binance order status %s becomes our %s, with the executed quantity as filled', (_name, payload, status, filled) => {
      const o = toVenueOrder(ex.parseOrder(payload), ourSymbol);
      expect([o.status, o.filledQuantity.toString()]).toEqual([status, filled]);
    });
  });

  describe('positions (GET /fapi/v3/positionRisk, through CcxtTrading.positions)', () => {
    const trading = () =>
      new CcxtTrading({ exchange: 'binance', client: () => ex, ccxtSymbol: (s) => s, ourSymbol, rest: (fn) => fn(), failure: (e) => mapExchangeError(e, 'test', 'recorded'), hasKeys: true, balanceIncludesUnrealized: binanceProfile.balanceIncludesUnrealized });

    beforeAll(() => {
      server.serve('GET', '/fapi/v1/leverageBracket', doc.leverageBrackets.payload);
    });

    it('the documented hedge-mode answer becomes COMPUSDT −1 (the SHORT) and ADAUSDT +30, entry, mark and unrealized PnL exact', async () => {
      server.serve('GET', '/fapi/v3/positionRisk', doc.positionRiskHedge.payload);
      const positions = await trading().positions();
      expect(server.calls).toContain('GET /fapi/v3/positionRisk');
      const by = new Map(positions.map((p) => [p.symbol, p]));
      expect([...by.keys()].sort()).toEqual(['ADAUSDT', 'COMPUSDT']);
      const short = by.get('COMPUSDT')!;
      expect([short.quantity, short.entryPrice, short.markPrice, short.unrealizedPnl].map(String)).toEqual(['-1', '70.92841', '49.72023376', '21.20817624']);
      expect(short.quantity.eq(dec(doc.positionRiskHedge.payload[1]!.positionAmt))).toBe(true);
      const long = by.get('ADAUSDT')!;
      expect([long.quantity, long.entryPrice, long.markPrice, long.unrealizedPnl].map(String)).toEqual(['30', '0.385', '0.4104759', '0.764277']);
    });

    it('the documented one-way answer (positionSide BOTH, positionAmt 30) becomes ADAUSDT +30', async () => {
      server.serve('GET', '/fapi/v3/positionRisk', doc.positionRiskOneWay.payload);
      const positions = await trading().positions();
      expect(positions.map((p) => [p.symbol, p.quantity.toString()])).toEqual([['ADAUSDT', '30']]);
    });
  });

  describe('streams (through ccxt pro message handlers)', () => {
    // ccxt keeps what its handlers saw on the instance: each test gets its own, as each connection does.
    const streaming = () => {
      const ws = offlineBinance();
      ws.setMarkets(markets);
      return ws;
    };

    it('the documented <symbol>@bookTicker push becomes best bid 25.3519 × 31.21 and ask 25.3652 × 40.66, stamped with its event time', () => {
      const resolved = deliver(streaming(), FSTREAM, doc.wsBookTicker.payload);
      const t = [...resolved.values()].find((v): v is Ticker => (v as Ticker).symbol === 'BNBUSDT')!;
      expect([t.symbol, text(t.bid), text(t.bidVolume), text(t.ask), text(t.askVolume), t.timestamp]).toEqual([
        'BNBUSDT',
        '25.3519',
        '31.21',
        '25.3652',
        '40.66',
        1568014460893,
      ]);
      expect(dec(t.bid!).eq(dec(doc.wsBookTicker.payload.b))).toBe(true);
    });

    it('the documented <symbol>@aggTrade push becomes a trade of 100 at 0.001 sold by the taker (buyer is maker), at its trade time', () => {
      const resolved = deliver(streaming(), FSTREAM, doc.wsAggTrade.payload);
      const [trade] = resolved.get('trade::BTCUSDT') as Trade[];
      expect([trade!.id, text(trade!.price), text(trade!.amount), trade!.side, trade!.timestamp]).toEqual(['5933014', '0.001', '100', 'sell', 123456785]);
    });

    it("the spot docs' <symbol>@trade push (USDⓈ-M documents no @trade stream) becomes a trade of 100 at 0.001 sold by the taker", () => {
      const resolved = deliver(streaming(), SPOT_STREAM, doc.wsSpotTrade.payload);
      const trades = [...resolved.values()].find((v): v is Trade[] => Array.isArray(v))!;
      const [trade] = trades;
      expect([trade!.id, text(trade!.price), text(trade!.amount), trade!.side, trade!.timestamp]).toEqual(['12345', '0.001', '100', 'sell', 1672515782136]);
    });
  });
});
