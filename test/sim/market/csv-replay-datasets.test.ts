import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { CandleBuilder } from '../../../src/sim/market/candle-builder.js';
import { CsvReplaySource } from '../../../src/sim/market/csv-replay-source.js';
import type { Kline, MarketTick } from '../../../src/sim/market/market-types.js';
import { DATASET } from '../../datasets.js';

const { btcSpot1m: BTC_SPOT, ethBybit1m: ETH_BYBIT, avaxUm1m: AVAX_UM, btcTrades: BTC_TRADES } = DATASET;

/** Header, first and last data line of a file, split on commas (independent of the parser under test). */
function edges(file: string): { header: string[]; first: string[]; last: string[] } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const split = (l: string | undefined): string[] => (l ?? '').trim().split(',');
  return { header: split(lines[0]), first: split(lines[1]), last: split(lines[lines.length - 1]) };
}

function field(file: string, column: string): { first: Decimal; last: Decimal } {
  const { header, first, last } = edges(file);
  const i = header.indexOf(column);
  return { first: Decimal.parse(first[i] as string), last: Decimal.parse(last[i] as string) };
}

function drain(src: CsvReplaySource): MarketTick[] {
  const out: MarketTick[] = [];
  for (let t = src.next(); t !== null; t = src.next()) out.push(t);
  return out;
}

const sameBar = (a: Kline | undefined, b: Kline | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  a.openTime === b.openTime &&
  a.open.eq(b.open) &&
  a.high.eq(b.high) &&
  a.low.eq(b.low) &&
  a.close.eq(b.close) &&
  a.volume.eq(b.volume);

describe.each([
  { name: 'Binance spot klines with ISO times', file: BTC_SPOT, symbol: 'BTCUSDT', count: 14_401, tick: '0.01', step: '0.00001' },
  { name: 'Bybit linear OHLCV', file: ETH_BYBIT, symbol: 'ETHUSDT', count: 43_200, tick: '0.01', step: '0.01' },
  { name: 'Binance USD-M public-data klines (epoch ms)', file: AVAX_UM, symbol: 'AVAXUSDT', count: 40_320, tick: '0.001', step: '1' },
])('replay of $name', ({ file, symbol, count, tick, step }) => {
  let src: CsvReplaySource;
  beforeAll(() => {
    src = new CsvReplaySource({ files: [file] });
  });

  it('infers the symbol from the file name and the tick/lot from the data', () => {
    const [inst] = src.instruments();
    expect([inst?.exchange, inst?.symbol, inst?.tickSize.toString(), inst?.stepSize.toString()]).toEqual(['sim', symbol, tick, step]);
  });

  it('has every bar, with the first and last close exactly as in the file', () => {
    const bars = src.bars();
    expect(bars).toHaveLength(count);
    const close = field(file, 'close');
    expect(bars[0]?.close.eq(close.first)).toBe(true);
    expect(bars[bars.length - 1]?.close.eq(close.last)).toBe(true);
    const open = field(file, 'open');
    expect(bars[0]?.open.eq(open.first)).toBe(true);
    expect(bars.every((b, i) => i === 0 || b.openTime - (bars[i - 1] as Kline).openTime === 60_000)).toBe(true);
    expect(bars.every((b) => b.closeTime === b.openTime + 59_999)).toBe(true);
  });
});

describe('replay of the Binance spot BTCUSDT klines, tick by tick', () => {
  it('walks 4 ticks per bar whose 1m candles rebuild the file exactly', () => {
    const src = new CsvReplaySource({ files: [BTC_SPOT] });
    const inst = src.instruments()[0]!;
    const cb = new CandleBuilder(20_000);
    const times: number[] = [];
    let count = 0;
    let sane = true;
    // Streamed, not kept: holding 57k ticks with their depth costs more in GC than the replay itself.
    for (let t = src.next(); t !== null; t = src.next()) {
      if (count++ < 5) times.push(t.time);
      sane &&= t.bid.lt(t.ask) && t.last.gte(t.bid) && t.last.lte(t.ask) && t.last.isMultipleOf(inst.tickSize);
      cb.add(t);
    }
    expect(count).toBe(14_401 * 4);
    expect(sane).toBe(true);
    const firstTime = Date.UTC(2025, 7, 1);
    expect(times.map((t) => t - firstTime)).toEqual([0, 15_000, 30_000, 45_000, 60_000]);
    const rebuilt = cb.klines('1m', 20_000);
    const bars = src.bars();
    expect(rebuilt).toHaveLength(bars.length);
    expect(rebuilt.every((k, i) => sameBar(k, bars[i]))).toBe(true);
  });
});

describe('replay of the Tardis Binance-futures trades', () => {
  it('gives one tick per trade with the taker side, first and last price as in the file', () => {
    const src = new CsvReplaySource({ files: [BTC_TRADES] });
    const ticks = drain(src);
    expect(ticks).toHaveLength(9_999);
    const { first, last } = edges(BTC_TRADES);
    // exchange,symbol,timestamp(µs),local_timestamp,id,side,price,amount
    expect(ticks[0]?.last.eq(Decimal.parse(first[6] as string))).toBe(true);
    expect(ticks[ticks.length - 1]?.last.eq(Decimal.parse(last[6] as string))).toBe(true);
    expect(ticks[0]?.tradeQuantity.eq(Decimal.parse(first[7] as string))).toBe(true);
    expect(ticks[0]?.time).toBe(Math.floor(Number(first[2]) / 1000));
    expect(ticks[0]?.aggressor).toBe(first[5] === 'buy' ? 'BUY' : 'SELL');
    expect(ticks[ticks.length - 1]?.aggressor).toBe(last[5] === 'buy' ? 'BUY' : 'SELL');
    expect(ticks.every((t, i) => i === 0 || t.time >= (ticks[i - 1] as MarketTick).time)).toBe(true);
    const [inst] = src.instruments();
    expect([inst?.symbol, inst?.tickSize.toString(), inst?.stepSize.toString()]).toEqual(['BTCUSDT', '0.01', '0.001']);
    // 1m history from the trades: 00:00 to 02:05.
    expect(src.bars()).toHaveLength(126);
  });
});
