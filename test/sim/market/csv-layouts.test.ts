import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBars, readCsv } from '../../../src/sim/market/csv-bars.js';
import { detectLayout, parseTime, symbolFromFileName } from '../../../src/sim/market/csv-layout.js';
import { CsvReplaySource } from '../../../src/sim/market/csv-replay-source.js';

const dir = mkdtempSync(join(tmpdir(), 'sim-market-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const AVAX_ROWS = [
  '1675209600000,19.8070,19.8310,19.8040,19.8130,11067,1675209659999,219303.9560,500,6254,123933.6690,0',
  '1675209660000,19.8100,19.8210,19.8050,19.8060,7303,1675209719999,144686.7920,429,3335,66074.0760,0',
];

describe('CSV layouts', () => {
  it('detects a Binance public-data kline file without a header', () => {
    const file = write('AVAXUSDT-1m-2023-02.csv', AVAX_ROWS);
    const data = readCsv(file);
    expect([data.kind, data.layout, data.symbol]).toEqual(['klines', 'kline', 'AVAXUSDT']);
    const bars = readBars(file);
    expect(bars).toHaveLength(2);
    expect(bars[0]?.openTime).toBe(1675209600000);
    expect(bars[0]?.closeTime).toBe(1675209659999);
    expect(bars.map((b) => b.close.toString())).toEqual(['19.813', '19.806']);
    expect(bars[1]?.volume.toString()).toBe('7303');
  });

  it('reads the same rows with a header identically', () => {
    const header = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const a = readBars(write('a_AVAXUSDT.csv', AVAX_ROWS));
    const b = readBars(write('b_AVAXUSDT.csv', [header, ...AVAX_ROWS]));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('reads µs kline times (Binance spot public data since 2025) as ms', () => {
    const bars = readBars(write('BTCUSDT-1m-2025-01.csv', ['1735689600000000,93576.00,93610.93,93537.50,93610.93,8.21827,1735689659999999,768978.93,1583,4.9,458000.1,0']));
    expect([bars[0]?.openTime, bars[0]?.closeTime]).toEqual([1735689600000, 1735689659999]);
  });

  it('reads Binance trades and aggTrades, with or without a header; is_buyer_maker true means a SELL taker', () => {
    const trades = ['1001,9682.50,0.132,1278.09,1582329602111,true', '1002,9683.00,0.010,96.83,1582329602200,false'];
    const agg = ['26129,0.01633102,4.70443515,27781,27781,1498793709153,true', '26130,0.01633103,1.00000000,27782,27782,1498793709160,false'];
    for (const [name, lines, layout] of [
      ['BTCUSDT-trades-2020-02.csv', trades, 'binance-trades'],
      ['h_BTCUSDT-trades.csv', ['id,price,qty,quote_qty,time,is_buyer_maker', ...trades], 'binance-trades'],
      ['LTCBTC-aggTrades.csv', agg, 'binance-agg-trades'],
      ['h_LTCBTC-aggTrades.csv', ['agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker', ...agg], 'binance-agg-trades'],
    ] as const) {
      const data = readCsv(write(name, [...lines]));
      expect(data.layout, name).toBe(layout);
      if (data.kind !== 'trades') throw new Error('not trades');
      expect(data.trades.map((t) => t.aggressor)).toEqual(['SELL', 'BUY']);
    }
    const src = new CsvReplaySource({ files: [join(dir, 'LTCBTC-aggTrades.csv')] });
    const t = src.next();
    expect([t?.symbol, t?.time, t?.last.toString(), t?.tradeQuantity.toString()]).toEqual(['LTCBTC', 1498793709153, '0.01633102', '4.70443515']);
  });

  it('reads a header-less Tardis trades file (µs timestamps)', () => {
    const map = detectLayout('binance-futures,BTCUSDT,1582329602111000,1582329602418379,42377944,buy,9682,0.132');
    expect([map.layout, map.hasHeader, map.price, map.quantity]).toEqual(['tardis-trades', false, 6, 7]);
  });

  it('parses ISO and epoch times of every unit', () => {
    expect(parseTime('2025-08-01 00:00:00+00:00')).toBe(Date.UTC(2025, 7, 1));
    expect(parseTime('2025-08-01 00:00:59.999000+00:00')).toBe(Date.UTC(2025, 7, 1, 0, 0, 59, 999));
    expect(parseTime('2025-08-01T02:30:00+02:00')).toBe(Date.UTC(2025, 7, 1, 0, 30));
    expect(parseTime('2025-08-01T00:00:01.5Z')).toBe(Date.UTC(2025, 7, 1, 0, 0, 1, 500));
    expect(parseTime('2025-08-01')).toBe(Date.UTC(2025, 7, 1));
    expect([parseTime('1582329602'), parseTime('1582329602111'), parseTime('1582329602111000'), parseTime('1582329602111000000')]).toEqual([
      1582329602000, 1582329602111, 1582329602111, 1582329602111,
    ]);
    expect(parseTime('yesterday')).toBeNaN();
  });

  it('finds the symbol in the file name', () => {
    expect(symbolFromFileName('/x/binance_spot_BTCUSDT_1m_2025-08-01_2025-08-11.csv')).toBe('BTCUSDT');
    expect(symbolFromFileName('AVAXUSDT-1m-2023-02.csv')).toBe('AVAXUSDT');
    expect(symbolFromFileName('bybit_linear_ETHUSDT_1m.csv')).toBe('ETHUSDT');
    expect(symbolFromFileName('prices.csv')).toBeNull();
  });

  it('refuses a file whose symbol cannot be told, and an unknown layout', () => {
    const file = write('prices.csv', ['timestamp,open,high,low,close,volume', '2025-01-01 00:00:00+00:00,1,2,0.5,1.5,10']);
    expect(() => new CsvReplaySource({ files: [file] })).toThrow(/symbol/);
    expect(new CsvReplaySource({ files: [file], symbol: 'SOLUSDT' }).symbols()).toEqual(['SOLUSDT']);
    expect(() => readCsv(write('BADUSDT.csv', ['1,2', '3,4']))).toThrow(RangeError);
  });
});
