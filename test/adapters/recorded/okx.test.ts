import type { Ticker, Trade } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { toVenueTrade } from '../../../src/adapters/ccxt/ccxt-trading.js';
import { toKline } from '../../../src/adapters/ccxt/symbol-stream.js';
import { dec } from '../../../src/domain/decimal.js';
import type { MarketTick } from '../../../src/sim/market/market-types.js';
import * as doc from './okx-docs.js';
import { loadOkx, type OkxRecorded } from './okx-market.js';
import { deliver, offlineOkx, text } from './recorded.js';
import { streamOnce } from './stream-once.js';

// ccxt's public stream URL (urls.api.ws with OKX's host filled in); ccxt reads the channel from the message.
const PUBLIC_STREAM = 'wss://ws.okx.com:8443/ws/v5/public';

describe('OKX v5: documented market payloads through ccxt and our border mapping', () => {
  let okx: OkxRecorded;

  beforeAll(async () => {
    okx = await loadOkx();
  });

  describe('GET /api/v5/public/instruments', () => {
    it("is asked once per market type the profile loads (SPOT, then SWAP) by ccxt's fetchMarkets", () => {
      expect(okx.server.sent.map((s) => new URL(s.url).searchParams.get('instType'))).toEqual(['SPOT', 'SWAP']);
      expect(okx.markets.map((m) => m?.id)).toEqual(['BTC-USDT', 'BTC-USDT-SWAP']);
    });

    it('the BTC-USDT-SWAP entry (derived) becomes BTCUSDT linear, contract size 0.01 BTC: tick 0.1, step and min qty 0.0001 BTC (0.01 contracts × 0.01), max qty 1000000 BTC', () => {
      expect(doc.instrumentsSwap.derived).toMatch(/^DERIVED/);
      const btc = okx.swap.get('BTCUSDT')!;
      const i = btc.instrument;
      expect([i.exchange, i.symbol, i.base, i.quote, i.marketType, btc.ccxtSymbol, btc.contractSize.toString()]).toEqual([
        'okx',
        'BTCUSDT',
        'BTC',
        'USDT',
        'linear',
        'BTC/USDT:USDT',
        '0.01',
      ]);
      expect([i.tickSize, i.stepSize, i.minQty, i.maxQty].map(String)).toEqual(['0.1', '0.0001', '0.0001', '1000000']);
      // OKX publishes no minimum notional, and no price band (okxProfile.priceBand): the wide default.
      expect([i.minNotional.toString(), i.priceBand.toString()]).toEqual(['0', '0.5']);
    });

    it("its fees are ccxt's OKX swap schedule, maker 0.0002 and taker 0.0005 (instruments carry no fee)", () => {
      const i = okx.swap.get('BTCUSDT')!.instrument;
      expect([i.makerFee.toString(), i.takerFee.toString()]).toEqual(['0.0002', '0.0005']);
    });

    it('the documented BTC-USDT spot entry is not a swap instrument, and as spot keeps its base-unit rules: tick 0.1, step 0.00000001, min 0.00001, max 9999999999', () => {
      expect([...okx.swap.keys()]).toEqual(['BTCUSDT']);
      expect(okx.swap.get('BTCUSDT')!.ccxtSymbol).toBe('BTC/USDT:USDT');
      const spot = okx.spot.get('BTCUSDT')!;
      const i = spot.instrument;
      expect([i.marketType, spot.ccxtSymbol, spot.contractSize.toString()]).toEqual(['spot', 'BTC/USDT', '1']);
      expect([i.tickSize, i.stepSize, i.minQty, i.maxQty].map(String)).toEqual(['0.1', '0.00000001', '0.00001', '9999999999']);
      const documented = doc.instrumentsSpot.payload.data[0]!;
      expect([i.tickSize.eq(dec(documented.tickSz)), i.stepSize.eq(dec(documented.lotSz)), i.minQty.eq(dec(documented.minSz))]).toEqual([true, true, true]);
    });
  });

  describe('GET /api/v5/market/ticker', () => {
    it('the documented BTC-USD-SWAP answer gives bid 8888.88 × 5, ask 9999.99 × 11, last 9999.99, 24h volume 2222 (contracts), at 1597026383085', () => {
      const t: Ticker = okx.ex.parseTicker(doc.tickerInverse.payload.data[0]!);
      expect([text(t.bid), text(t.bidVolume), text(t.ask), text(t.askVolume), text(t.last), text(t.baseVolume), t.timestamp]).toEqual([
        '8888.88',
        '5',
        '9999.99',
        '11',
        '9999.99',
        '2222',
        1597026383085,
      ]);
    });

    // The adapter's ticker turns them into BTC: okx-adapter.test.ts.
    it("as BTC-USDT-SWAP's (derived), asked by its instId, ccxt still counts its volume in contracts (vol24h 2222)", async () => {
      okx.server.serve('GET', '/api/v5/market/ticker', doc.tickerSwap.payload, (q) => q.get('instId') === 'BTC-USDT-SWAP');
      const t = await okx.ex.fetchTicker('BTC/USDT:USDT');
      expect([t.symbol, text(t.bid), text(t.ask), text(t.baseVolume)]).toEqual(['BTC/USDT:USDT', '8888.88', '9999.99', '2222']);
    });
  });

  describe('GET /api/v5/market/candles', () => {
    const bars = (k: ReturnType<typeof toKline>[]) => k.map((b) => [b!.openTime, ...[b!.open, b!.high, b!.low, b!.close, b!.volume].map(String)]);

    it('rows newest first (derived: the second opening a minute earlier) become Klines oldest first; a swap bar\'s volume is volCcy, in BTC, not vol (contracts)', async () => {
      okx.server.serve('GET', '/api/v5/market/candles', doc.candlesOneMinuteApart.payload);
      const klines = (await okx.ex.fetchOHLCV('BTC/USDT:USDT', '1m')).map(toKline);
      expect(new URL(okx.server.sent.at(-1)!.url).searchParams.get('instId')).toBe('BTC-USDT-SWAP');
      expect(bars(klines)).toEqual([
        [1597026323085, '3.731', '3.799', '3.494', '3.72', '67632347.24399722'],
        [1597026383085, '3.721', '3.743', '3.677', '3.708', '22698348.04828491'],
      ]);
    });

    it('the documented rows (both at 1597026383085) keep their order; for the spot pair the volume is vol, in BTC', async () => {
      okx.server.serve('GET', '/api/v5/market/candles', doc.candles.payload);
      const klines = (await okx.ex.fetchOHLCV('BTC/USDT', '1m')).map(toKline);
      expect(bars(klines)).toEqual([
        [1597026383085, '3.721', '3.743', '3.677', '3.708', '8422410'],
        [1597026383085, '3.731', '3.799', '3.494', '3.72', '24912403'],
      ]);
    });
  });

  describe('WebSocket tickers and trades channels (ccxt pro handlers, then SymbolStream)', () => {
    const streaming = () => {
      const ws = offlineOkx();
      ws.setMarkets(okx.markets);
      return ws;
    };

    it('the documented BTC-USDT push becomes a taker BUY of 0.12060306 at 42219.9 at its fill time', () => {
      const [trade] = deliver(streaming(), PUBLIC_STREAM, doc.wsTrades.payload).get('trades:BTC/USDT') as Trade[];
      expect([trade!.symbol, trade!.id, text(trade!.price), text(trade!.amount), trade!.side, trade!.timestamp]).toEqual([
        'BTC/USDT',
        '130639474',
        '42219.9',
        '0.12060306',
        'buy',
        1630048897897,
      ]);
      expect(toVenueTrade(trade!)!.quantity.toString()).toBe('0.12060306');
    });

    it('the documented BTC-USDT tickers push gives bid 8888.88 × 5, ask 9999.99 × 11 (BTC: a spot pair), stamped with its ts', () => {
      const t = (deliver(streaming(), PUBLIC_STREAM, doc.wsTicker.payload).get('tickers::BTC/USDT') as Record<string, Ticker>)['BTC/USDT']!;
      expect([t.symbol, text(t.bid), text(t.bidVolume), text(t.ask), text(t.askVolume), text(t.last), t.timestamp]).toEqual([
        'BTC/USDT',
        '8888.88',
        '5',
        '9999.99',
        '11',
        '9999.99',
        1597026383085,
      ]);
    });

    it('fed to SymbolStream, the BTC-USDT-SWAP ticker and a trade of 12 contracts (both derived) become ticks in BTC: book 0.05 / 0.11, trade and 1m candle 0.12', async () => {
      const ws = streaming();
      const ticker = (deliver(ws, PUBLIC_STREAM, doc.wsTickerSwap.payload).get('tickers::BTC/USDT:USDT') as Record<string, Ticker>)['BTC/USDT:USDT']!;
      const trades = deliver(ws, PUBLIC_STREAM, doc.wsTradesSwap.payload).get('trades:BTC/USDT:USDT') as Trade[];
      expect([text(ticker.bidVolume), text(ticker.askVolume), ...trades.map((t) => text(t.amount))]).toEqual(['5', '11', '12']);
      const market = okx.swap.get('BTCUSDT')!;
      const { ticks, errors, stream } = await streamOnce({ instrument: market.instrument, ccxtSymbol: market.ccxtSymbol, contractSize: market.contractSize }, ticker, trades, 1630048897897);
      expect(errors).toEqual([]);
      const view = (t: MarketTick) => [t.symbol, t.time, ...[t.bid, t.ask, t.last, t.tradeQuantity, t.bids[0]!.quantity, t.asks[0]!.quantity].map(String)];
      expect(ticks.map(view)).toEqual([
        ['BTCUSDT', 1597026383085, '8888.88', '9999.99', '9999.99', '0', '0.05', '0.11'],
        ['BTCUSDT', 1630048897897, '8888.88', '9999.99', '42219.9', '0.12', '0.05', '0.11'],
      ]);
      const candle = stream.candles.current()!;
      expect([candle.openTime, candle.close.toString(), candle.volume.toString()]).toEqual([1630048860000, '42219.9', '0.12']);
    });
  });
});
