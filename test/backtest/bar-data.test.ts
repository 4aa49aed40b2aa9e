import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKTEST_EXCHANGE, barDataOf, loadBarData, sliceBars, type BarData } from '../../src/backtest/bar-data.js';
import { streamKlines } from '../../src/backtest/kline-stream.js';
import { readCsv } from '../../src/sim/market/csv-bars.js';
import { DATASET } from '../datasets.js';
import { klineCsv } from './fixture.js';

const columns = (d: BarData) => ({
  tick: d.instrument.tickSize.toString(),
  lot: d.instrument.stepSize.toString(),
  symbol: d.instrument.symbol,
  interval: d.intervalMs,
  length: d.length,
  cols: [d.openTime, d.open, d.high, d.low, d.close, d.volume].map((c) => Array.from(c)),
});

describe('a kline file streamed into columns', () => {
  it.each([DATASET.ethBybit1m, DATASET.btcSpot1m, DATASET.avaxUm1m])('%s: exactly what the replay parser gives', (file) => {
    const streamed = streamKlines(file, BACKTEST_EXCHANGE);
    expect(streamed).not.toBeNull();
    expect(columns(streamed!)).toEqual(columns(barDataOf(readCsv(file), file)));
  });

  it('a header-less Binance layout, trailing zeros, CRLF: the same as the parser', () => {
    const file = klineCsv([]);
    const rows = [
      '1675209600000,19.8070,19.8310,19.8040,19.8130,11067,1675209659999,0,0,0,0,0',
      '1675209660000,19.8100,19.8210,19.8050,19.8060,7303.50,1675209719999,0,0,0,0,0',
    ];
    writeFileSync(file, rows.join('\r\n') + '\r\n');
    const streamed = streamKlines(file, BACKTEST_EXCHANGE)!;
    expect(columns(streamed)).toEqual(columns(barDataOf(readCsv(file), file)));
    expect(streamed.instrument.tickSize.toString()).toBe('0.001');
    expect(streamed.instrument.stepSize.toString()).toBe('0.1');
  });

  it('leaves what it does not read to the replay parser: a trades file, an exponent, a bad line (with its number)', () => {
    expect(streamKlines(DATASET.btcTrades, BACKTEST_EXCHANGE)).toBeNull();
    expect(loadBarData(DATASET.btcTrades).trades?.time.length).toBe(9_999);
    const exp = klineCsv([['1e2', '101', '99', '100', '5']]);
    expect(streamKlines(exp, BACKTEST_EXCHANGE)).toBeNull();
    expect(loadBarData(exp).open[0]).toBe(100);
    const bad = klineCsv([['100', '101', '99', '100', '5'], ['100', 'x', '99', '100', '5']]);
    expect(() => loadBarData(bad)).toThrow(/line 3: bad price 'x'/);
  });

  it('from / to keep the bars opening in the range, as views', () => {
    const d = loadBarData(DATASET.ethBybit1m);
    const from = d.openTime[100]!;
    const s = sliceBars(d, from, from + 9 * 60_000);
    expect(s.length).toBe(10);
    expect(s.close.buffer).toBe(d.close.buffer);
    expect(s.openTime[0]).toBe(from);
  });
});
