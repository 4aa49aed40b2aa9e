import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvLineError, describeCsv } from '../../../src/sim/market/csv-describe.js';
import { DATASET } from '../../datasets.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const HEAD = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
const BAR = (t: number, o = '19.8', h = '19.9', l = '19.7', c = '19.85', v = '100'): string => `${t},${o},${h},${l},${c},${v},${t + 59_999},1980,5,50,990,0`;
const T0 = 1675209600000;
const bars = (n: number): string[] => Array.from({ length: n }, (_, i) => BAR(T0 + i * 60_000));

/** The first bad line of a file made of `lines` (joined by \n, with a final newline unless `cut`). */
function badLine(lines: string[], name = 'binance_futures_um_AVAXUSDT_1m.csv', cut = false): { line: number; reason: string } {
  try {
    describeCsv(text(lines.join('\n') + (cut ? '' : '\n')), name);
  } catch (err) {
    if (err instanceof CsvLineError) return { line: err.line, reason: err.reason };
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('describing a whole market-data CSV', () => {
  it('tells layout, symbol, venue, market, interval, first and last time and rows of each bundled file', () => {
    const d = (file: string) => describeCsv(readFileSync(file), file);
    expect(d(DATASET.btcSpot1m)).toEqual({ layout: 'kline', symbol: 'BTCUSDT', venue: 'binance', market: 'spot', intervalMs: 60_000, firstTime: Date.UTC(2025, 7, 1), lastTime: Date.UTC(2025, 7, 11), rows: 14_401 });
    expect(d(DATASET.ethBybit1m)).toEqual({ layout: 'ohlcv', symbol: 'ETHUSDT', venue: 'bybit', market: 'linear', intervalMs: 60_000, firstTime: Date.UTC(2025, 4, 30, 16, 39), lastTime: Date.UTC(2025, 5, 29, 16, 38), rows: 43_200 });
    expect(d(DATASET.avaxUm1m)).toEqual({ layout: 'kline', symbol: 'AVAXUSDT', venue: 'binance', market: 'linear', intervalMs: 60_000, firstTime: Date.UTC(2023, 1, 1), lastTime: Date.UTC(2023, 1, 28, 23, 59), rows: 40_320 });
    expect(d(DATASET.btcTrades)).toEqual({ layout: 'tardis-trades', symbol: 'BTCUSDT', venue: 'binance', market: 'linear', intervalMs: null, firstTime: 1582329602111, lastTime: 1582337147728, rows: 9_999 });
  });

  it('accepts CRLF line ends, a byte-order mark, blank lines at the end and no final newline after a whole line', () => {
    const d = describeCsv(text(`\uFEFF${[HEAD, ...bars(3)].join('\r\n')}\r\n\r\n\n`), 'AVAXUSDT-5m.csv');
    expect([d.rows, d.firstTime, d.lastTime, d.symbol, d.venue, d.market]).toEqual([3, T0, T0 + 120_000, 'AVAXUSDT', null, null]);
    expect(describeCsv(text([HEAD, ...bars(2)].join('\n')), 'x_AVAXUSDT.csv').rows).toBe(2);
  });

  it('takes the interval from the close times, or from the smallest step without them', () => {
    const hourly = ['timestamp,open,high,low,close,volume', '2025-01-01 00:00:00+00:00,1,2,0.5,1.5,3', '2025-01-01 02:00:00+00:00,1,2,0.5,1.5,3', '2025-01-01 03:00:00+00:00,1,2,0.5,1.5,3'];
    expect(describeCsv(text(hourly.join('\n')), 'bybit_spot_SOLUSDT_1h.csv')).toMatchObject({ intervalMs: 3_600_000, rows: 3, venue: 'bybit', market: 'spot' });
  });

  it('reads headerless Binance trades and aggTrades with their ids', () => {
    const trades = ['1,100.5,0.2,20.1,1700000000000,true,true', '2,100.6,0.1,10.06,1700000000000,false,true'];
    expect(describeCsv(text(trades.join('\n')), 'BTCUSDT-trades-2023-11-14.csv')).toMatchObject({ layout: 'binance-trades', rows: 2, intervalMs: null });
    const agg = ['7,100.5,0.2,10,11,1700000000000,true,true', '7,100.6,0.1,12,12,1700000000001,false,true'];
    expect(badLine(agg, 'BTCUSDT-aggTrades.csv')).toEqual({ line: 2, reason: 'duplicate trade id 7 (also on line 1)' });
  });

  it('refuses the first bad line, 1-based as an editor shows it, with the reason', () => {
    const rows = bars(5);
    const at = (i: number, row: string): string[] => [HEAD, ...rows.slice(0, i), row, ...rows.slice(i + 1)];
    expect(badLine(at(2, BAR(T0 + 120_000, '19.8', 'x')))).toEqual({ line: 4, reason: "bad number 'x' in high" });
    expect(badLine(at(2, BAR(T0 + 120_000).split(',').slice(0, 7).join(',')))).toEqual({ line: 4, reason: '7 fields where the header has 12' });
    expect(badLine(at(3, BAR(T0 + 60_000)))).toEqual({ line: 5, reason: 'the time goes backwards: 2023-02-01T00:01:00.000Z after 2023-02-01T00:02:00.000Z on line 4' });
    expect(badLine(at(3, BAR(T0 + 120_000)))).toEqual({ line: 5, reason: 'duplicate time 2023-02-01T00:02:00.000Z (also on line 4)' });
    expect(badLine(at(1, BAR(T0 + 60_000, '19.8', '19.84')))).toEqual({ line: 3, reason: 'high 19.84 is below close 19.85' });
    expect(badLine(at(1, BAR(T0 + 60_000, '19.6')))).toEqual({ line: 3, reason: 'low 19.7 is above open 19.6' });
    expect(badLine(at(4, BAR(T0 + 240_000, '19.8', '19.9', '19.7', '19.85', '-1')))).toEqual({ line: 6, reason: "volume must be at least 0, not '-1'" });
    expect(badLine(at(0, BAR(T0).replace(String(T0), 'yesterday')))).toEqual({ line: 2, reason: "bad time 'yesterday' in open_time" });
    expect(badLine([HEAD, rows[0] as string, '', rows[1] as string, `${T0 + 120_000},19.8,19.9,19.7,19.85,100,${T0 + 179_998},1,1,1,1,0`])).toEqual({
      line: 5,
      reason: 'the bar spans 59999 ms where the first bar spans 60000 ms (close_time 2023-02-01T00:02:59.998Z)',
    });
  });

  it('compares prices exactly, past the precision of a double', () => {
    const row = (h: string, o: string) => `2025-01-01 00:00:00+00:00,${o},${h},0.5,0.9,1`;
    expect(badLine(['timestamp,open,high,low,close,volume', row('1.00000000000000001', '1.00000000000000002')], 'BTCUSDT.csv')).toEqual({
      line: 2,
      reason: 'high 1.00000000000000001 is below open 1.00000000000000002',
    });
    expect(describeCsv(text(['timestamp,open,high,low,close,volume', row('1.00000000000000002', '1.00000000000000002'), row('2e0', '1.5').replace('00:00:00', '00:01:00')].join('\n')), 'BTCUSDT.csv').rows).toBe(2);
  });

  it('refuses a file cut in the middle of its last line, and says so', () => {
    const whole = [HEAD, ...bars(4)].join('\n');
    const cut = whole.slice(0, whole.length - 25);
    expect(badLine([cut], undefined, true)).toEqual({ line: 5, reason: 'truncated last line: 7 fields where the header has 12 and no newline at the end of the file' });
  });

  it('refuses an empty file, a header alone, a file that is not CSV, binary data and a file with no symbol', () => {
    expect(badLine([''])).toEqual({ line: 1, reason: 'the file is empty' });
    expect(badLine([HEAD])).toEqual({ line: 2, reason: 'no data rows after the header' });
    expect(badLine(['{"hello": "world"}'])).toMatchObject({ line: 1, reason: expect.stringMatching(/^not a known market-data layout/) });
    expect(badLine(['# notes', 'just some words, here'])).toMatchObject({ line: 1, reason: expect.stringMatching(/^not a known market-data layout/) });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => describeCsv(png, 'x.csv')).toThrow(/line 3: binary data/);
    expect(() => describeCsv(new Uint8Array([0x6f, 0x70, 0xff, 0xfe]), 'x.csv')).toThrow(/not UTF-8/);
    expect(badLine([HEAD, ...bars(2)], 'prices.csv')).toEqual({ line: 1, reason: expect.stringMatching(/^cannot tell the symbol/) });
  });

  it('refuses trades with a bad side, a zero amount, a time going backwards or a second symbol', () => {
    const head = 'exchange,symbol,timestamp,local_timestamp,id,side,price,amount';
    const row = (id: number, t: number, side = 'buy', amount = '0.1', symbol = 'BTCUSDT') => `binance-futures,${symbol},${t},${t},${id},${side},9682,${amount}`;
    const t = 1582329602111000;
    expect(badLine([head, row(1, t), row(2, t, 'hold')], 'trades.csv')).toEqual({ line: 3, reason: "side must be buy or sell, not 'hold'" });
    expect(badLine([head, row(1, t), row(2, t, 'sell', '0')], 'trades.csv')).toEqual({ line: 3, reason: "amount must be above 0, not '0'" });
    expect(badLine([head, row(1, t), row(2, t - 1000)], 'trades.csv')).toEqual({ line: 3, reason: 'the time goes backwards: 2020-02-22T00:00:02.110Z after 2020-02-22T00:00:02.111Z on line 2' });
    expect(badLine([head, row(1, t), row(2, t, 'buy', '1', 'ETHUSDT')], 'trades.csv')).toEqual({ line: 3, reason: 'the symbol changes from BTCUSDT to ETHUSDT: one symbol a file' });
    expect(badLine([head, row(5, t), row(4, t)], 'trades.csv')).toEqual({ line: 3, reason: 'trade id 4 goes backwards after 5 on line 2' });
  });
});
