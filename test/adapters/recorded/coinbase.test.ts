import { beforeAll, describe, expect, it } from 'vitest';
import { toVenueOrder, toVenueTrade } from '../../../src/adapters/ccxt/ccxt-trading.js';
import { toKline } from '../../../src/adapters/ccxt/symbol-stream.js';
import type { VenueOrder } from '../../../src/engine/ports.js';
import * as doc from './coinbase-docs.js';
import { loadCoinbase, ourSymbol, type CoinbaseRecorded } from './coinbase-market.js';

describe('Coinbase Advanced Trade: documented payloads through ccxt and our border mapping', () => {
  let cb: CoinbaseRecorded;

  beforeAll(async () => {
    cb = await loadCoinbase();
  });

  describe('GET /api/v3/brokerage/market/products', () => {
    it("ccxt's fetchMarkets asks the spot products, the fee tier (keys set) and the two futures lists", () => {
      expect([...cb.server.calls].sort()).toEqual([
        'GET /api/v3/brokerage/market/products',
        'GET /api/v3/brokerage/market/products',
        'GET /api/v3/brokerage/market/products',
        'GET /api/v3/brokerage/transaction_summary',
      ]);
      expect(cb.markets.map((m) => m?.id)).toEqual(['BTC-USD']);
    });

    it('the BTC-USD product (derived) becomes BTCUSD spot: tick 0.01 (quote_increment), step 0.00000001 (base_increment), min qty 0.00000001, max qty 1000, min notional 1 (quote_min_size)', () => {
      expect(doc.productSpot.derived).toMatch(/^DERIVED/);
      const btc = cb.spot.get('BTCUSD')!;
      const i = btc.instrument;
      expect([i.exchange, i.symbol, i.base, i.quote, i.marketType, btc.ccxtSymbol, btc.contractSize.toString()]).toEqual(['coinbase', 'BTCUSD', 'BTC', 'USD', 'spot', 'BTC/USD', '1']);
      expect([i.tickSize, i.stepSize, i.minQty, i.maxQty, i.minNotional].map(String)).toEqual(['0.01', '0.00000001', '0.00000001', '1000', '1']);
      // Coinbase publishes no price band (coinbaseProfile.priceBand): the wide default.
      expect(i.priceBand.toString()).toBe('0.5');
    });

    it("its fees are the fee tier's, maker 0.006 and taker 0.008", () => {
      const i = cb.spot.get('BTCUSD')!.instrument;
      expect([i.makerFee.toString(), i.takerFee.toString()]).toEqual(['0.006', '0.008']);
    });
  });

  describe('GET /api/v3/brokerage/products/{id}/candles', () => {
    const bars = (k: ReturnType<typeof toKline>[]) => k.map((b) => [b!.openTime, ...[b!.open, b!.high, b!.low, b!.close, b!.volume].map(String)]);

    it('the documented candle (strings, start in seconds) becomes one Kline opening at 1639508050000 ms, every price 140.21, volume 56437345', async () => {
      cb.server.serve('GET', '/api/v3/brokerage/market/products/BTC-USD/candles', doc.candles.payload);
      const klines = (await cb.ex.fetchOHLCV('BTC/USD', '1m')).map(toKline);
      expect(new URL(cb.server.sent.at(-1)!.url).searchParams.get('granularity')).toBe('ONE_MINUTE');
      expect(bars(klines)).toEqual([[1639508050000, '140.21', '140.21', '140.21', '140.21', '56437345']]);
    });

    it('two candles newest first (derived) become Klines oldest first', async () => {
      cb.server.serve('GET', '/api/v3/brokerage/market/products/BTC-USD/candles', doc.candlesTwo.payload);
      const klines = (await cb.ex.fetchOHLCV('BTC/USD', '1m')).map(toKline);
      expect(bars(klines)).toEqual([
        [1639507990000, '139.75', '140.3', '139.5', '140.2', '12.00045'],
        [1639508050000, '140.21', '140.21', '140.21', '140.21', '56437345'],
      ]);
    });
  });

  describe('GET /api/v3/brokerage/orders/historical/fills', () => {
    const view = (p: { fills: object[] }) => {
      const t = toVenueTrade(cb.ex.parseTrade(p.fills[0]! as never))!;
      return [t.id, t.orderId, t.price.toString(), t.quantity.toString(), t.fee?.toString(), t.feeAsset, t.liquidity, t.time];
    };

    it('the documented fill becomes 0.001 BTC at 10000 charged 1.25 USD (commission); its UNKNOWN_LIQUIDITY_INDICATOR leaves the liquidity unknown (null)', () => {
      expect(view(doc.fills.payload)).toEqual(['1111-11111-111111', '0000-000000-000000', '10000', '0.001', '1.25', 'USD', null, 1622455199000]);
    });

    it('as a MAKER fill (derived) it is a maker fill', () => {
      expect(view(doc.fillsMaker.payload)[6]).toBe('MAKER');
    });
  });

  describe('GET /api/v3/brokerage/orders/historical/{id}', () => {
    const order = (p: { order: object }): VenueOrder => toVenueOrder(cb.ex.parseOrder((p.order as never)), ourSymbol(cb));
    const amounts = (o: VenueOrder) => [o.quantity, o.filledQuantity, o.avgPrice, o.price].map((d) => d?.toString() ?? null);

    it("the recorded FILLED market sell (on BTC-USD, derived) is a FILLED MARKET SELL of 10 at 0.392, our client id read back", () => {
      const o = order(doc.orderFilled.payload);
      expect([o.id, o.clientOrderId, o.symbol, o.side, o.type, o.status, o.time]).toEqual([
        '01b6e467-b659-432f-9490-c7cefe949564',
        'a0f970a2-05fa-4e1f-9517-f6702c33cfd1',
        'BTCUSD',
        'SELL',
        'MARKET',
        'FILLED',
        1700993987423,
      ]);
      expect(amounts(o)).toEqual(['10', '10', '0.392', '0.392']);
    });

    it('OPEN (derived) is a NEW LIMIT SELL of 10 at 0.4, nothing filled', () => {
      const o = order(doc.orderOpen.payload);
      expect([o.type, o.status, ...amounts(o)]).toEqual(['LIMIT', 'NEW', '10', '0', null, '0.4']);
    });

    it('CANCELLED after 4 of 10 filled (derived) is CANCELED with 4 filled at 0.4', () => {
      const o = order(doc.orderCancelled.payload);
      expect([o.type, o.status, ...amounts(o)]).toEqual(['LIMIT', 'CANCELED', '10', '4', '0.4', '0.4']);
    });
  });
});
